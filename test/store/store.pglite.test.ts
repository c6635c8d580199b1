import { PGlite } from "@electric-sql/pglite";
import knexFactory from "knex";
import { describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import {
  AnalyticsGranularity,
  AnalyticsPath,
  AnalyticsQueryEngine,
  MemoryAnalyticsStore,
  type AnalyticsQuery,
} from "../../src/engine/index.js";
import { BUDGET_TOTALS, describeStore } from "./storeSuite.js";

describe("MemoryAnalyticsStore on PGlite", () => {
  describeStore(async () => {
    const db = await PGlite.create();
    return {
      name: "pglite",
      // Each store gets its own knex, as two independent users of one PGlite would.
      store: async (loggers) =>
        new MemoryAnalyticsStore({
          ...loggers,
          pgLiteFactory: async () => db,
          knex: knexFactory({ client: "pg", useNullAsDefault: true }),
        }),
      exec: async (sql) => void (await db.exec(sql)),
      query: async <T>(sql: string) => (await db.query<T>(sql)).rows,
      close: () => db.close(),
    };
  });

  it("writes small and bulk batches again after its prepared statements were dropped", async () => {
    const own = new MemoryAnalyticsStore();
    await own.init();
    const series = (n: number, path: string) =>
      Array.from({ length: n }, (_, i) => ({
        start: "2023-01-01",
        source: "s",
        metric: "Budget",
        value: i,
        dimensions: { budget: `${path}/${i % 3}` },
      }));
    await own.addSeriesValues(series(1, "atlas"));
    await own.addSeriesValues(series(150, "atlas"));
    await own.raw("deallocate all");
    await own.addSeriesValues(series(2, "atlas"));
    await own.raw("deallocate all");
    await own.addSeriesValues(series(150, "other"));
    const counts = await own.raw(
      `select (select count(*)::int from "AnalyticsSeries") as series, (select count(distinct id)::int from "AnalyticsSeries") as ids,
              (select count(*)::int from "AnalyticsSeries_AnalyticsDimension" l join "AnalyticsSeries" s on s.id = l."seriesId") as links,
              (select count(*)::int from "AnalyticsDimension") as dimensions`,
    );
    expect(counts).toEqual([{ series: 303, ids: 303, links: 303, dimensions: 6 }]);
    await own.destroy();
  });

  it("reads through one prepared statement per query shape, again after they were dropped, and beside another store", async () => {
    const db = await PGlite.create();
    const [own, other] = [
      new MemoryAnalyticsStore({ pgLiteFactory: async () => db }),
      new MemoryAnalyticsStore({ pgLiteFactory: async () => db }),
    ];
    await own.init();
    await other.init();
    await own.addSeriesValues(
      Array.from({ length: 60 }, (_, i) => ({
        start: `2023-0${1 + (i % 6)}-01`,
        source: "s",
        metric: i % 2 ? "Budget" : "Actuals",
        value: i,
        unit: "DAI",
        dimensions: { budget: `atlas/${i % 3}/${i % 4}`, category: `c/${i % 5}` },
      })),
    );
    const query = (metrics: string[], budget: string): AnalyticsQuery => ({
      start: DateTime.fromISO("2023-01-01T00:00:00Z", { zone: "utc" }),
      end: DateTime.fromISO("2024-01-01T00:00:00Z", { zone: "utc" }),
      granularity: AnalyticsGranularity.Monthly,
      metrics,
      currency: AnalyticsPath.fromString("DAI"),
      select: { budget: [AnalyticsPath.fromString(budget)] },
      lod: { budget: 3 },
    });
    const total = async (store: MemoryAnalyticsStore, q: AnalyticsQuery) =>
      (await new AnalyticsQueryEngine(store).execute(q))
        .at(-1)!
        .rows.map((r) => `${r.dimensions.budget.path}:${r.sum}`)
        .sort();
    const prepared = async () =>
      (
        await db.query<{ n: number }>(
          `select count(*)::int as n from pg_prepared_statements where name like 'analytics_read_%'`,
        )
      ).rows[0].n;
    // Two shapes (one metric or two: the same text), whatever the values.
    const first = await total(own, query(["Budget"], "atlas/1"));
    expect(first).toEqual(["atlas/1/1:125", "atlas/1/3:155"]);
    expect(await total(own, query(["Budget", "Actuals"], "atlas/2"))).toEqual([
      "atlas/2/0:160",
      "atlas/2/1:145",
      "atlas/2/2:130",
      "atlas/2/3:175",
    ]);
    expect(await prepared()).toBe(1);
    await own.raw("deallocate all");
    expect(await total(own, query(["Budget"], "atlas/1"))).toEqual(first);
    expect(await total(other, query(["Budget"], "atlas/1"))).toEqual(first);
    expect(await prepared()).toBe(1);
    // Through the sets, every run takes the plan kept for the shape (planned once): never
    // Postgres's own switch from per-run plans to a kept one at the sixth run, which would add
    // floating-point sums up in another order from then on.
    const plans = async () =>
      (
        await db.query<{ generic: number; custom: number }>(
          `select generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements where name like 'analytics_read_%'`,
        )
      ).rows[0];
    const before = await plans();
    for (let i = 0; i < 8; i++) expect(await total(own, query(["Budget"], "atlas/1"))).toEqual(first);
    expect(await plans()).toEqual({ generic: before.generic + 8, custom: 0 });
    await own.destroy();
    await other.destroy();
    await db.close();
  });

  it("takes a read's rows as one JSON text: the log shows the statement, its rows, and what was sent", async () => {
    const queries = new Map<number, { sql: string; sent?: string }>();
    const results = new Map<number, Record<string, unknown>[]>();
    const own = new MemoryAnalyticsStore({
      queryLogger: (i, sql, native) => queries.set(i, { sql, sent: native?.sql }),
      resultsLogger: (i, rows) => results.set(i, rows as Record<string, unknown>[]),
    });
    await own.init();
    // Float sums must come back with every digit: 0.1 + 0.2 is not 0.3 in float8.
    await own.addSeriesValues(
      [0.1, 0.2, 1e-300, 12345.678].map((value, i) => ({
        start: "2023-01-01",
        source: "s",
        metric: "Budget",
        value,
        unit: "DAI",
        dimensions: { budget: i < 2 ? "atlas/a" : "atlas/b" },
      })),
    );
    const out = await new AnalyticsQueryEngine(own).execute(BUDGET_TOTALS);
    expect(out[0].rows.map((r) => [r.dimensions.budget.path.toString(), r.sum])).toEqual([
      ["atlas/a", 0.30000000000000004],
      ["atlas/b", 12345.678],
    ]);
    const [index, read] = [...queries].find(([, q]) => q.sql.startsWith('with "m" as materialized'))!;
    expect(read.sent).toMatch(
      /^select json_build_array\(array_agg\(r\."g0"\), array_agg\(r\."metric"\), .*, array_agg\(r\."description"\)\)::text as rows_json from \(with "m" as materialized /,
    );
    // The rows logged are the statement's rows, as its readable form returns them when run (the
    // same columns in the same order: the JSON text holds an array per column).
    const again = await own.raw(read.sql);
    const sorted = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r)).sort();
    expect(results.get(index)).toHaveLength(4);
    expect(sorted(results.get(index)!)).toEqual(sorted(again));
    await own.destroy();
  });

  it("reads a database made before dimension sets, and one that refuses writes, through the links", async () => {
    // The upstream engine's tables, filled by hand: no sets, no triggers yet.
    const db = await PGlite.create();
    await db.exec(`
      create table "AnalyticsSeries" (id serial primary key, source text not null, start timestamptz not null,
        "end" timestamptz, metric text not null, value real not null, unit text, fn text not null, params jsonb);
      create table "AnalyticsDimension" (id serial primary key, dimension text not null, path text not null,
        label text, icon text, description text);
      create table "AnalyticsSeries_AnalyticsDimension" ("seriesId" integer not null, "dimensionId" integer not null);
      insert into "AnalyticsSeries" values (1, 's/', '2023-01-01', null, 'Budget', 10, 'DAI', 'Single', null),
        (2, 's/', '2023-01-01', null, 'Budget', 20, 'DAI', 'Single', null),
        (3, 's/', '2023-01-01', null, 'Budget', 5, 'DAI', 'Single', null);
      insert into "AnalyticsDimension" values (1, 'budget', 'atlas/a/', null, null, null), (2, 'budget', 'atlas/b/', null, null, null);
      insert into "AnalyticsSeries_AnalyticsDimension" values (1, 1), (2, 2), (3, 2);`);
    const ran: string[] = [];
    const store = new MemoryAnalyticsStore({ pgLiteFactory: async () => db, queryLogger: (_, sql) => ran.push(sql) });
    await store.init();
    const totals = async () =>
      (await new AnalyticsQueryEngine(store).execute(BUDGET_TOTALS))[0].rows.map((r) => [
        r.dimensions.budget.path.toString(),
        r.sum,
      ]);
    const valid = async () =>
      (await db.query<{ valid: boolean }>(`select valid from "AnalyticsDimensionSetState"`)).rows[0].valid;
    expect(await valid()).toBe(false);
    // Refusing writes, the database keeps the sets stale: the read takes the links.
    await db.exec(`set default_transaction_read_only = on`);
    expect(await totals()).toEqual([
      ["atlas/a", 10],
      ["atlas/b", 25],
    ]);
    expect(await valid()).toBe(false);
    const readsOf = (via: RegExp) => ran.filter((sql) => sql.startsWith('with "m"') && via.test(sql)).length;
    expect([readsOf(/"AnalyticsDimensionSet"/), readsOf(/"AnalyticsSeries_AnalyticsDimension"/)]).toEqual([1, 1]);
    // The read through the links is planned for its values; the one through the sets once.
    const plans = await db.query<{ links: boolean; generic: number; custom: number }>(
      `select statement like '%"AnalyticsSeries_AnalyticsDimension"%' as links, generic_plans::int as generic,
        custom_plans::int as custom from pg_prepared_statements where name like 'analytics_read_%' order by 1`,
    );
    expect(plans.rows).toEqual([
      { links: false, generic: 1, custom: 0 },
      { links: true, generic: 0, custom: 1 },
    ]);
    // Writable again: the next read rebuilds the sets and reads through them.
    await db.exec(`set default_transaction_read_only = off`);
    ran.length = 0;
    expect(await totals()).toEqual([
      ["atlas/a", 10],
      ["atlas/b", 25],
    ]);
    expect(await valid()).toBe(true);
    expect([readsOf(/"AnalyticsDimensionSet"/), readsOf(/"AnalyticsSeries_AnalyticsDimension"/)]).toEqual([2, 0]);
    await store.destroy();
    await db.close();
  });

  it("works with no arguments in Node", async () => {
    const own = new MemoryAnalyticsStore();
    await own.init();
    await own.addSeriesValue({
      start: "2023-01-01",
      source: "s",
      metric: "Budget",
      value: 1,
      dimensions: { budget: "atlas" },
    });
    expect(await own.raw(`select count(*)::int as n from "AnalyticsSeries"`)).toEqual([{ n: 1 }]);
    await own.destroy();
    expect(() => own.db).toThrow("the store is not initialised: await store.init() first");
  });
});
