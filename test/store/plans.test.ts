import { PGlite } from "@electric-sql/pglite";
import knexFactory, { type Knex } from "knex";
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
// loop over the links (or anything built from them) once per series: the only plan nodes run
// more than once are index lookups. The planner misjudges how many dimension rows a selected
// path holds on such stores (dimension and path are correlated), and the statement used to join
// two sets of links, which it then nested (a set of links materialized and scanned per link of
// the other). The statement now reads each query in one statement, with the links met once.
// Both plans are checked: the one for the query's values (a one-off statement, as on a server)
// and the one kept for every value, which the store runs where it prepares its reads.

type PlanNode = {
  "Node Type": string;
  "Relation Name"?: string;
  "Actual Loops": number;
  Plans?: PlanNode[];
};

let db: PGlite;
const knex = knexFactory({ client: "pg", useNullAsDefault: true });
const grouped: Statement[] = [];
/** Every statement the store ran, as SQL text. */
const ran: string[] = [];

/** The PGlite executor without SQL-text scripts (so grouped reads run in SQL), keeping each grouped statement. */
function recording(inner: PGliteQueryExecutor): IKnexQueryExecutor {
  return {
    exclusive: true,
    execute: (query) => {
      ran.push(query.toSQL().sql);
      if (query.toSQL().sql.includes("sum(value)")) grouped.push(query);
      return inner.execute(query);
    },
    transaction: (fn) => inner.transaction((tx) => fn(recording(tx as PGliteQueryExecutor))),
    copyFrom: (query, data, rows) => inner.copyFrom(query, data, rows),
  };
}

function nodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodes)];
}

/** A node run more than once must be a lookup of a few rows by index (or Memoize's cache of one). */
const LOOKUPS = /^(Index Scan|Index Only Scan|Memoize)$/;

type Explained = { "QUERY PLAN": [{ Plan: PlanNode }] };

/**
 * The statement's plan for its values, and the plan kept for every value (generic) that the
 * store runs where it prepares its reads: the statement prepared, then run under a forced
 * generic plan with its values written in.
 */
async function plansOf(statement: Statement, n: number): Promise<PlanNode[]> {
  const { sql, bindings } = statement.toSQL().toNative();
  const own = (await db.query<Explained>(`explain (analyze, format json) ${sql}`, bindings as unknown[])).rows[0];
  const values = knex.raw(bindings.map(() => "?").join(", "), bindings as Knex.RawBinding[]).toString();
  const [, , generic, runs] = await db.exec(
    `prepare plans_${n} as ${sql}; set local plan_cache_mode = force_generic_plan;
     explain (analyze, format json) execute plans_${n}(${values});
     select generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements where name = 'plans_${n}';
     deallocate plans_${n};`,
  );
  expect(runs.rows).toEqual([{ generic: 1, custom: 0 }]);
  return [own, generic.rows[0] as Explained].map((e) => e["QUERY PLAN"][0].Plan);
}

async function checkPlans(): Promise<void> {
  for (const [n, statement] of grouped.entries()) for (const plan of await plansOf(statement, n)) checkPlan(plan);
}

function checkPlan(plan: PlanNode): void {
  const all = nodes(plan);
  // Series meet their dimension rows through their sets, never through the links.
  expect(all.filter((n) => n["Relation Name"] === "AnalyticsSeries_AnalyticsDimension")).toEqual([]);
  expect(all.filter((n) => n["Relation Name"] === "AnalyticsDimensionSet")).toHaveLength(1);
  for (const n of all) {
    const view = { table: n["Relation Name"], node: n["Node Type"], repeated: n["Actual Loops"] > 1 };
    expect(view).toEqual(view.repeated ? { ...view, node: expect.stringMatching(LOOKUPS) } : view);
  }
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
  it("loop over nothing per row but index lookups, at 700 series in 1,000+ paths and again after more writes", async () => {
    const executor = recording(new PGliteQueryExecutor(() => db, { profiler: new PassthroughAnalyticsProfiler() }));
    const store = new KnexAnalyticsStore({ executor, knex });
    const engine = new AnalyticsQueryEngine(store);
    const series = generateRealShapedSeries(760);
    const queries = realShapedQueries(40);
    for (const batch of [series.slice(0, 700), series.slice(700)]) {
      await store.addSeriesValues(batch);
      grouped.length = 0;
      ran.length = 0;
      for (const spec of queries) await engine.execute(toQuery(spec));
      // One statement per query, besides the ANALYZE policy's (statistics.ts).
      expect(grouped).toHaveLength(queries.length);
      expect(ran.filter((sql) => !/^analyze |pg_class/.test(sql))).toHaveLength(queries.length);
      await checkPlans();
    }
    const [{ n }] = (await db.query<{ n: number }>(`select count(*)::int as n from "AnalyticsDimension"`)).rows;
    expect(n).toBeGreaterThan(1000);
  });

  it("loop over nothing per row but index lookups at 5,000 series in 7,000+ paths", async () => {
    await db.exec(`truncate "AnalyticsSeries", "AnalyticsDimension", "AnalyticsSeries_AnalyticsDimension"`);
    const executor = recording(new PGliteQueryExecutor(() => db, { profiler: new PassthroughAnalyticsProfiler() }));
    const store = new KnexAnalyticsStore({ executor, knex });
    const engine = new AnalyticsQueryEngine(store);
    await store.addSeriesValues(generateRealShapedSeries(5_000));
    grouped.length = 0;
    for (const spec of realShapedQueries(40)) await engine.execute(toQuery(spec));
    // The TRUNCATE above, written past a store, made the sets stale: the first query found them
    // so, had the store rebuild them, and read again.
    expect(grouped).toHaveLength(41);
    grouped.shift();
    await checkPlans();
    const [{ n }] = (await db.query<{ n: number }>(`select count(*)::int as n from "AnalyticsDimension"`)).rows;
    expect(n).toBeGreaterThan(7000);
  });
});
