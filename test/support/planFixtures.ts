// Writes the EXPLAIN fixtures in test/support/plans/ from a throwaway PostgreSQL:
// `npx tsx test/support/planFixtures.ts`. Each is a plan PostgreSQL really produced for the shape
// the self-time rules must handle: parallel workers, a CTE read twice, an InitPlan, a SubPlan.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { startPostgres } from "./postgres.js";

export const PLAN_SQL: Record<string, string> = {
  parallel: "select count(*), sum(x) from big where x % 7 = 3",
  cte: "with c as materialized (select x, pg_sleep(0) from big where x < 2000) select (select count(*) from c) as n, (select max(x) from c where x > 10) as m",
  initplan: "select x from big where x = (select max(x) from big where x < 5000)",
  subplan: "select x, (select count(*) from small s where s.y = b.x % 50) from big b where x < 300",
};

async function main(): Promise<void> {
  const server = await startPostgres();
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    await client.query("create table big as select g as x from generate_series(1, 400000) g");
    await client.query("create table small as select g % 50 as y from generate_series(1, 2000) g");
    await client.query("analyze");
    // Parallel plans even for a small table, so the fixture has workers.
    for (const s of [
      "parallel_setup_cost = 0",
      "parallel_tuple_cost = 0",
      "min_parallel_table_scan_size = 0",
      "max_parallel_workers_per_gather = 2",
    ])
      await client.query(`set ${s}`);
    for (const [name, sql] of Object.entries(PLAN_SQL)) {
      const { rows } = await client.query<{ "QUERY PLAN": unknown }>(`explain (analyze, buffers, format json) ${sql}`);
      writeFileSync(
        join(import.meta.dirname, "plans", `${name}.json`),
        JSON.stringify(rows[0]["QUERY PLAN"], null, 2) + "\n",
      );
    }
  } finally {
    await client.end();
    await server.stop();
  }
}

if (process.argv[1] === import.meta.filename) await main();
