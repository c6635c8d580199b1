// A store that starts on tables it did not write (a loaded snapshot, a server restart) analyzes
// only the tables whose statistics it cannot trust: a big table analyzed at its current size is
// kept as it is, a small one is analyzed, and one that grew since its ANALYZE is analyzed again.
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AnalyticsPath,
  AnalyticsQueryEngine,
  AnalyticsGranularity,
  MemoryAnalyticsStore,
} from "../../src/engine/index.js";
import { demoSeries, seedStore } from "../../src/demo/seed.js";

let db: PGlite;

/** A new store on the shared database; its first query's ANALYZE statements, and how many times it read pg_class. */
async function firstRead(): Promise<{ analyzes: string[]; classReads: number }> {
  const ran: string[] = [];
  const store = new MemoryAnalyticsStore({ pgLiteFactory: async () => db, queryLogger: (_, sql) => ran.push(sql) });
  await store.init();
  const engine = new AnalyticsQueryEngine(store);
  await engine.execute({
    start: null,
    end: null,
    granularity: AnalyticsGranularity.Total,
    metrics: ["Budget"],
    currency: AnalyticsPath.fromString("DAI"),
    select: {},
    lod: {},
  });
  await store.destroy();
  return {
    analyzes: ran.filter((sql) => /^analyze /.test(sql)),
    classReads: ran.filter((sql) => / from pg_class /.test(sql)).length,
  };
}

const pages = async (table: string) =>
  (await db.query<{ pages: number }>(`select relpages as pages from pg_class where oid = '"${table}"'::regclass`))
    .rows[0].pages;

beforeAll(async () => {
  db = await PGlite.create();
  const store = new MemoryAnalyticsStore({ pgLiteFactory: async () => db });
  await store.init();
  await seedStore(store, demoSeries(20_000, 42));
  await store.destroy();
}, 120_000);

afterAll(async () => {
  await db.close();
});

describe("statistics at a store's first read on existing tables", () => {
  it("analyzes every table that was never analyzed", async () => {
    // The row count is read again after ANALYZE.
    expect(await firstRead()).toEqual({
      analyzes: ['analyze "AnalyticsSeries", "AnalyticsDimension", "AnalyticsSeries_AnalyticsDimension"'],
      classReads: 2,
    });
  });

  it("keeps the big tables' statistics and analyzes only the small one", async () => {
    // The premise: two tables over the trusted size, the dimensions under it.
    expect(await pages("AnalyticsSeries")).toBeGreaterThanOrEqual(64);
    expect(await pages("AnalyticsSeries_AnalyticsDimension")).toBeGreaterThanOrEqual(64);
    expect(await pages("AnalyticsDimension")).toBeLessThan(64);
    // The series table's row count comes with the check: pg_class is read once.
    expect(await firstRead()).toEqual({ analyzes: ['analyze "AnalyticsDimension"'], classReads: 1 });
  });

  it("analyzes a big table again once it grew by more than a tenth behind the store", async () => {
    await db.exec(`insert into "AnalyticsSeries" ("source", "start", "metric", "value", "unit", "fn", "params")
      select "source", "start", "metric", "value", "unit", "fn", "params" from "AnalyticsSeries" where id % 5 = 0`);
    expect(await firstRead()).toEqual({ analyzes: ['analyze "AnalyticsSeries", "AnalyticsDimension"'], classReads: 2 });
  });
});
