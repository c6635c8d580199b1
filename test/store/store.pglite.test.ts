import { PGlite } from "@electric-sql/pglite";
import knexFactory from "knex";
import { describe, expect, it } from "vitest";
import { MemoryAnalyticsStore } from "../../src/engine/index.js";
import { describeStore } from "./storeSuite.js";

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
