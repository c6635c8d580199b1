// npx tsx scripts/import-to-server.ts [rows]: imports a generated CSV (default 950,000 rows, about
// 70 MB) through a real `npm run serve` on a throwaway PostgreSQL, as the Transfer pane does it
// (chunks, check, batches), and prints each phase's time and the server's peak memory. The
// server runs in a child process (`serverChild.ts`), so its RSS is its own.
import { loadavg } from "node:os";
import { MAX_IMPORT_CHUNK, MAX_STAGED_BATCH } from "../src/rpc/limits.js";
import { newStageId, sendText } from "../src/ui/transfer/sendText.js";
import { startPostgres } from "../test/support/postgres.js";
import { connect } from "../test/support/serverClient.js";
import { serverChild } from "./serverChild.js";

const rows = Number(process.argv[2] ?? 950_000);
if (!Number.isInteger(rows) || rows < 1 || rows > 2_000_000) {
  console.error(`import-to-server: rows must be a whole number from 1 to 2,000,000, got ${process.argv[2]}`);
  process.exit(2);
}
const lines = ["start,end,source,metric,value,unit,dim_budget"];
for (let i = 0; i < rows; i++)
  lines.push(
    `2024-${String((i % 12) + 1).padStart(2, "0")}-01,,import/bench/${i % 50},Budget,${i % 997},DAI,atlas/bench/${i % 300}`,
  );
const csv = lines.join("\n");

const pg = await startPostgres();
const server = await serverChild(pg.url, 1);
const rss = server.rssMb;
const { client } = connect(server.port);
await client.boot({ count: 2000, seed: 1 });
const rssStart = rss();
let rssPeak = rssStart;
const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rss())), 200);
const id = newStageId();
const t0 = performance.now();
await sendText(client, id, csv, () => undefined);
const t1 = performance.now();
const plan = await client.call("stageImport", { id, format: "csv" });
const t2 = performance.now();
for (let done = 0; done < plan.staged;)
  done += (await client.call("storeStaged", { id, offset: done, limit: MAX_STAGED_BATCH })).added;
const t3 = performance.now();
clearInterval(sampler);
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(
  [
    `import of ${rows.toLocaleString("en-US")} CSV rows (${(csv.length / 1e6).toFixed(1)} MB) to the server: ${plan.staged.toLocaleString("en-US")} stored, ${plan.rejected.length} rejected`,
    `  sent      ${s(t1 - t0)} (${Math.ceil(csv.length / MAX_IMPORT_CHUNK)} chunks)`,
    `  checked   ${s(t2 - t1)}`,
    `  stored    ${s(t3 - t2)} (${Math.ceil(plan.staged / MAX_STAGED_BATCH)} batches)`,
    `  total     ${s(t3 - t0)}`,
    `  server    RSS ${rssStart.toFixed(0)} MB after boot, peak ${rssPeak.toFixed(0)} MB`,
    `  machine   load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} (1/5/15 min)`,
  ].join("\n"),
);
client.terminate();
await server.stop();
await pg.stop();
