import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoSeries } from "../../src/demo/generator.js";
import {
  AnalyticsGranularity as G,
  AnalyticsInputError,
  AnalyticsQueryEngine,
  MemoryAnalyticsStore,
} from "../../src/engine/index.js";
import { toQuery, type QuerySpec } from "../../bench/workload.js";

// A result is counted (rows × periods) before any period row is built; too large a one is
// refused with a message naming what to narrow, never a crash or a stack overflow.

let store: MemoryAnalyticsStore;

beforeAll(async () => {
  store = new MemoryAnalyticsStore();
  await store.init();
  await store.addSeriesValues(generateDemoSeries({ seed: 42, count: 2000 }));
});
afterAll(() => store.destroy());

const spec = (over: Partial<QuerySpec>): QuerySpec => ({
  start: "1970-01-01T00:00:00.000Z",
  end: "2100-12-31T00:00:00.000Z",
  granularity: G.Daily,
  metrics: ["Budget", "Actuals"],
  currency: null,
  select: { budget: ["atlas"], category: ["atlas"] },
  lod: { budget: 100, category: 100 },
  ...over,
});

const advice = "choose a coarser granularity, a shorter start/end, a lower lod or fewer select paths";

describe("result size limit", () => {
  it("refuses a daily 1970–2100 query at LOD 100 on two dimensions before building it", async () => {
    const engine = new AnalyticsQueryEngine(store);
    const error = await engine.execute(toQuery(spec({}))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnalyticsInputError);
    expect((error as AnalyticsInputError).field).toBe("granularity");
    expect((error as Error).message).toMatch(
      /^granularity: the result would have [\d,]+ rows \(47,846 periods × [\d,]+ series\), over the limit of 1,000,000: /,
    );
    expect((error as Error).message).toContain(advice);
  });

  it("refuses hourly over eleven years at LOD 5 with the limit, not a stack overflow", async () => {
    const engine = new AnalyticsQueryEngine(store);
    const hourly = spec({
      start: "2014-01-01T00:00:00.000Z",
      end: "2025-01-01T00:00:00.000Z",
      granularity: G.Hourly,
      lod: { budget: 5, category: 5 },
    });
    const error = await engine.execute(toQuery(hourly)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnalyticsInputError);
    expect((error as Error).message).toMatch(
      /^granularity: the result would have [\d,]+ rows \(96,432 periods × [\d,]+ series\), over the limit of 1,000,000: /,
    );
  });

  it("takes its limit from the engine's options; results within it are built as before", async () => {
    const monthly = toQuery(
      spec({
        start: "2021-01-01T00:00:00.000Z",
        end: "2022-01-01T00:00:00.000Z",
        granularity: G.Monthly,
        lod: { budget: 1, category: 1 },
      }),
    );
    const rows = (await new AnalyticsQueryEngine(store).execute(monthly)).reduce((n, p) => n + p.rows.length, 0);
    expect(rows).toBeGreaterThan(0);
    expect(await new AnalyticsQueryEngine(store, undefined, { maxResultRows: rows }).execute(monthly)).toHaveLength(12);
    await expect(
      new AnalyticsQueryEngine(store, undefined, { maxResultRows: rows - 1 }).execute(monthly),
    ).rejects.toThrow(
      `granularity: the result would have ${rows.toLocaleString("en-US")} rows (12 periods × ${(rows / 12).toLocaleString("en-US")} series), over the limit of ${(rows - 1).toLocaleString("en-US")}: ${advice}`,
    );
  });
});
