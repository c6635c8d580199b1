// npm run fuzz:server [-- --cases 1000 --seed 1 --pg <url>]: random frames and requests at a real
// `npm run serve` (see scripts/fuzz/transport.ts), read-only, on loopback, on a throwaway
// PostgreSQL unless --pg is given; exits 1 when a case was not answered or closed cleanly, or the
// server stopped answering. test/service/hostile.test.ts runs a small seeded batch.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startServer } from "../src/hosts/server/server.js";
import { startPostgres } from "../test/support/postgres.js";
import { fuzzTransport } from "./fuzz/transport.js";

const { values: args } = parseArgs({
  options: {
    cases: { type: "string", default: "1000" },
    seed: { type: "string", default: "1" },
    pg: { type: "string" },
  },
});
const cases = Math.min(100_000, Math.max(1, Number(args.cases) || 1000));
const own = args.pg ? null : await startPostgres();
const dist = mkdtempSync(join(tmpdir(), "fuzz-server-dist-"));
writeFileSync(join(dist, "index.html"), "<!doctype html><html><head></head><body></body></html>");
const server = await startServer({ pg: args.pg ?? own!.url, port: 0, dist, limits: { sqlTimeoutMs: 5_000 } });
const report = await fuzzTransport({ port: server.port, cases, seed: Number(args.seed) || 1, log: console.log });
console.log(JSON.stringify(report.outcomes, null, 2));
for (const f of report.failures) console.error(`FAIL ${f.outcome}: ${f.sent}`);
await server.close();
await own?.stop();
process.exit(report.failures.length > 0 ? 1 : 0);
