// npm run soak [-- --clients 50 --seconds 60 --count 2000 --pg <url>]: N local clients, each its own
// WebSocket (a tab), run the demo monthly query through a real `npm run serve` for T seconds, and
// the figures are printed: queries/s, p50/p99, errors, the server's memory. The server runs in a
// child process (its RSS is its own) on loopback, on a throwaway PostgreSQL unless --pg is given.
import { mkdtempSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DEMO_DEFAULT_MONTHLY, toQueryJson } from "../bench/workload.js";
import { startServer } from "../src/hosts/server/server.js";
import { connect } from "../test/support/serverClient.js";
import { startPostgres } from "../test/support/postgres.js";
import { serverChild } from "./serverChild.js";

const { values: args } = parseArgs({
  options: {
    clients: { type: "string", default: "50" },
    seconds: { type: "string", default: "60" },
    count: { type: "string", default: "2000" },
    pg: { type: "string" },
    "serve-only": { type: "boolean" },
  },
});
/** Bounded so that a typo cannot make a fork bomb of it. */
const bounded = (name: string, value: string | undefined, max: number) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    console.error(`soak: --${name} must be a whole number from 1 to ${max}, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return n;
};
const clients = bounded("clients", args.clients, 500);
const seconds = bounded("seconds", args.seconds, 600);
const count = bounded("count", args.count, 100_000);

if (args["serve-only"]) {
  // The child: the server alone, its port on stdout.
  const dist = mkdtempSync(join(tmpdir(), "soak-dist-"));
  writeFileSync(join(dist, "index.html"), "<!doctype html><html><head></head><body></body></html>");
  const server = await startServer({
    pg: args.pg!,
    port: 0,
    dist,
    allowWrites: true,
    limits: { connections: clients + 8, connectionsPerOrigin: clients + 8 },
  });
  console.log(`port ${server.port}`);
  process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
} else {
  const own = args.pg ? null : await startPostgres();
  const pg = args.pg ?? own!.url;
  const server = await serverChild(pg, clients);
  const { port } = server;
  const rss = server.rssMb;
  const tabs = Array.from({ length: clients }, () => connect(port));
  // One boot seeds the demo; the others find it.
  await tabs[0].client.boot({ count, seed: 42 });
  await Promise.all(tabs.slice(1).map((t) => t.client.boot({ count, seed: 42 })));
  const rssStart = rss();
  let rssPeak = rssStart;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rss())), 500);
  const query = toQueryJson(DEMO_DEFAULT_MONTHLY);
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  await Promise.all(
    tabs.map(async (t) => {
      while (performance.now() < deadline) {
        const s = performance.now();
        try {
          await t.client.execute(query);
          latencies.push(performance.now() - s);
        } catch (e) {
          const key = e instanceof Error ? e.message : String(e);
          errors.set(key, (errors.get(key) ?? 0) + 1);
        }
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const rssEnd = rss();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : NaN;
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  console.log(
    [
      `soak: ${clients} clients × ${seconds} s, demo monthly query, ${count.toLocaleString("en-US")} series, loopback`,
      `  queries   ${latencies.length} (${(latencies.length / elapsed).toFixed(1)}/s)`,
      `  latency   p50 ${pct(0.5).toFixed(0)} ms, p99 ${pct(0.99).toFixed(0)} ms, max ${pct(1).toFixed(0)} ms`,
      `  errors    ${errorCount}${[...errors].map(([m, n]) => `\n    ${n} × ${m}`).join("")}`,
      `  server    RSS ${rssStart.toFixed(0)} MB after boot, peak ${rssPeak.toFixed(0)} MB, ${rssEnd.toFixed(0)} MB at the end`,
      `  machine   load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")} (1/5/15 min)`,
    ].join("\n"),
  );
  for (const t of tabs) t.client.terminate();
  await server.stop();
  await own?.stop();
  process.exit(errorCount > 0 ? 1 : 0);
}
