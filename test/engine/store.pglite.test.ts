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
      store: async (loggers) => new MemoryAnalyticsStore({ ...loggers, pgLiteFactory: async () => db, knex: knexFactory({ client: "pg", useNullAsDefault: true }) }),
      exec: async (sql) => void (await db.exec(sql)),
      query: async <T,>(sql: string) => (await db.query<T>(sql)).rows,
      close: () => db.close(),
    };
  });

  it("works with no arguments in Node", async () => {
    const own = new MemoryAnalyticsStore();
    await own.init();
    await own.addSeriesValue({ start: "2023-01-01", source: "s", metric: "Budget", value: 1, dimensions: { budget: "atlas" } });
    expect(await own.raw(`select count(*)::int as n from "AnalyticsSeries"`)).toEqual([{ n: 1 }]);
    await own.destroy();
    expect(() => own.db).toThrow("the store is not initialised: await store.init() first");
  });
});
