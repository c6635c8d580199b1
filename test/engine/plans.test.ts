import { PGlite } from "@electric-sql/pglite";
import knexFactory from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateRealShapedSeries, realShapedQueries } from "../../bench/realShaped.js";
import { toQuery } from "../../bench/workload.js";
import {
  AnalyticsQueryEngine,
  KnexAnalyticsStore,
  PGliteQueryExecutor,
  PassthroughAnalyticsProfiler,
  SCHEMA_SQL,
  type IKnexQueryExecutor,
  type Statement,
} from "../../src/engine/index.js";

// On a real-shaped store (many dimension paths, few series each) the grouped SQL must never
// scan the links once per series (a nested loop over them): a scan repeated per row is an
// index lookup. The store is below the size at which reads used to ANALYZE; without the
// ANALYZE policy (statistics.ts) this test fails with a sequential scan of the links per row.

type PlanNode = { "Node Type": string; "Relation Name"?: string; "Actual Loops": number; Plans?: PlanNode[] };

let db: PGlite;
const knex = knexFactory({ client: "pg", useNullAsDefault: true });
const grouped: Statement[] = [];

/** The PGlite executor without SQL-text scripts (so grouped reads run in SQL), keeping each grouped statement. */
function recording(inner: PGliteQueryExecutor): IKnexQueryExecutor {
  return {
    exclusive: true,
    execute: (query) => {
      if (query.toSQL().sql.includes("sum(s.value)")) grouped.push(query);
      return inner.execute(query);
    },
    transaction: (fn) => inner.transaction((tx) => fn(recording(tx as PGliteQueryExecutor))),
    copyFrom: (query, data, rows) => inner.copyFrom(query, data, rows),
  };
}

function scans(node: PlanNode): PlanNode[] {
  return [...(node["Relation Name"] ? [node] : []), ...(node.Plans ?? []).flatMap(scans)];
}

beforeAll(async () => {
  db = await PGlite.create();
  await db.exec(SCHEMA_SQL);
});
afterAll(async () => {
  await db.close();
  await knex.destroy();
});

describe("grouped SQL plans on a real-shaped store", () => {
  it("scan no table once per row of another, at 700 series in 1,000+ paths, and again after more writes", async () => {
    const executor = recording(new PGliteQueryExecutor(() => db, { profiler: new PassthroughAnalyticsProfiler() }));
    const store = new KnexAnalyticsStore({ executor, knex });
    const engine = new AnalyticsQueryEngine(store);
    const series = generateRealShapedSeries(760);
    const queries = realShapedQueries(40);
    for (const batch of [series.slice(0, 700), series.slice(700)]) {
      await store.addSeriesValues(batch);
      grouped.length = 0;
      for (const spec of queries) await engine.execute(toQuery(spec));
      expect(grouped).toHaveLength(queries.length);
      for (const statement of grouped) {
        const { sql, bindings } = statement.toSQL().toNative();
        const [row] = (
          await db.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
            `explain (analyze, format json) ${sql}`,
            bindings as unknown[],
          )
        ).rows;
        const tables = scans(row["QUERY PLAN"][0].Plan);
        expect(
          tables.filter((n) => n["Relation Name"] === "AnalyticsSeries_AnalyticsDimension").length,
        ).toBeGreaterThan(0);
        // A scan repeated per row of another input must be an index lookup (a few rows each time),
        // never a scan of a whole table.
        for (const n of tables) {
          const view = { table: n["Relation Name"], node: n["Node Type"], repeated: n["Actual Loops"] > 1 };
          expect(view).toEqual(view.repeated ? { ...view, node: expect.stringMatching(/^Index (Only )?Scan$/) } : view);
        }
      }
    }
    const [{ n }] = (await db.query<{ n: number }>(`select count(*)::int as n from "AnalyticsDimension"`)).rows;
    expect(n).toBeGreaterThan(1000);
  });
});
