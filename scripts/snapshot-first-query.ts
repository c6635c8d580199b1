// npx tsx scripts/snapshot-first-query.ts [snapshot=public/snapshots/demo-200000-42.tar.gz]: what
// the worker does between a demo snapshot's load and the first chart, timed in Node on the same
// engine service (no browser): the load, then the default query three times (the first one's
// statements listed: it also analyzes the tables), then the catalog calls the page makes after it.
import { readFileSync } from "node:fs";
import { EngineClient } from "../src/client/EngineClient.js";
import { EXAMPLES } from "../src/ui/query/examples.js";
import { inProcessTransport } from "../test/support/inProcessWorker.js";

const file = process.argv[2] ?? "public/snapshots/demo-200000-42.tar.gz";
const client = new EngineClient(inProcessTransport());
await client.boot({ count: 0, seed: 42 });
let t = performance.now();
const lap = (what: string) => {
  const now = performance.now();
  console.log(`${what}: ${(now - t).toFixed(0)} ms`);
  t = now;
};
await client.call("loadDatabase", { bytes: new Uint8Array(readFileSync(file)) });
lap(`load ${file}`);
for (let i = 1; i <= 3; i++) {
  const result = await client.execute(EXAMPLES[0].query);
  lap(`default query, run ${i}`);
  if (i === 1)
    for (const log of result.logs)
      console.log(`  ${(log.durationMs ?? 0).toFixed(0)} ms  ${log.sql.replace(/\s+/g, " ").slice(0, 100)}`);
}
for (const method of ["getMetrics", "getCurrencies", "getDimensions", "seriesCounts"] as const) {
  await client.call(method, {});
  lap(method);
}
client.terminate();
