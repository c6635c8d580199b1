import { PGlite } from "@electric-sql/pglite";
import fc from "fast-check";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AnalyticsGranularity as G,
  AnalyticsPath,
  AnalyticsQueryEngine,
  MemoryAnalyticsStore,
  type AnalyticsQuery,
  type AnalyticsSeriesInput,
  type GroupedPeriodResults,
  type IAnalyticsStore,
} from "../../src/engine/index.js";

// The store groups and sums in SQL; the engine can also group the raw series in TypeScript.
// Both must give the same periods, rows, values and sums on any workload.

let db: PGlite;
let store: MemoryAnalyticsStore;
let sqlEngine: AnalyticsQueryEngine;
let tsEngine: AnalyticsQueryEngine;

beforeAll(async () => {
  db = await PGlite.create();
  store = new MemoryAnalyticsStore({ pgLiteFactory: async () => db });
  await store.init();
  sqlEngine = new AnalyticsQueryEngine(store);
  // Only the IAnalyticsStore methods: the engine falls back to getMatchingSeries + grouping in TS.
  const plain: IAnalyticsStore = {
    getMatchingSeries: (q) => store.getMatchingSeries(q),
    addSeriesValue: (i) => store.addSeriesValue(i),
    addSeriesValues: (i) => store.addSeriesValues(i),
    clearSeriesBySource: (s, c) => store.clearSeriesBySource(s, c),
    clearEmptyAnalyticsDimensions: () => store.clearEmptyAnalyticsDimensions(),
    getDimensions: () => store.getDimensions(),
    subscribeToSource: (p, cb) => store.subscribeToSource(p, cb),
  };
  tsEngine = new AnalyticsQueryEngine(plain);
});
afterAll(() => store.destroy());

const segment = fc.constantFrom("a", "b", "c%", "d_e", "ü");
const pathArb = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join("/"));
// Select paths are shorter than series paths, so that they often match.
const selectArb = fc.array(
  fc.array(segment, { minLength: 1, maxLength: 2 }).map((s) => s.join("/")),
  { maxLength: 2 },
);
const day = fc.integer({ min: 0, max: 3 * 365 }).map((d) => DateTime.utc(2021, 1, 1).plus({ days: d }));
const seriesArb: fc.Arbitrary<AnalyticsSeriesInput> = fc
  .record({
    start: day,
    length: fc.integer({ min: 1, max: 400 }),
    cliffAt: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
    vest: fc.boolean(),
    metric: fc.constantFrom("Budget", "Actuals"),
    unit: fc.constantFrom("DAI", "MKR", null),
    value: fc.integer({ min: -1000, max: 100000 }),
    budget: pathArb,
    category: fc.option(pathArb),
  })
  .map((r) => {
    const end = r.start.plus({ days: r.length });
    const cliff = r.cliffAt === null ? null : r.start.plus({ days: Math.floor(r.length * r.cliffAt) });
    return {
      source: "src/x",
      start: r.start,
      end: r.vest ? end : null,
      fn: r.vest ? "DssVest" : "Single",
      params: r.vest && cliff ? { cliff: cliff.toISO() } : null,
      metric: r.metric,
      unit: r.unit,
      value: r.value,
      dimensions: r.category === null ? { budget: r.budget } : { budget: r.budget, category: r.category },
    } as AnalyticsSeriesInput;
  });
const queryArb: fc.Arbitrary<AnalyticsQuery> = fc
  .record({
    granularity: fc.constantFrom(G.Total, G.Annual, G.SemiAnnual, G.Quarterly, G.Monthly),
    range: fc.option(fc.tuple(day, fc.integer({ min: 1, max: 900 }))),
    metrics: fc.subarray(["Budget", "Actuals"], { minLength: 1 }),
    currency: fc.option(fc.constantFrom("DAI", "MKR", "DAI,MKR")),
    budget: selectArb,
    category: fc.option(selectArb),
    lodBudget: fc.option(fc.integer({ min: 0, max: 5 })),
    lodCategory: fc.integer({ min: 0, max: 3 }),
  })
  .map((r): AnalyticsQuery => ({
    start: r.range ? r.range[0] : null,
    end: r.range ? r.range[0].plus({ days: r.range[1] }) : null,
    granularity: r.granularity,
    metrics: r.metrics,
    currency: r.currency === null ? undefined : AnalyticsPath.fromString(r.currency),
    select:
      r.category === null
        ? { budget: r.budget.map((p) => AnalyticsPath.fromString(p)) }
        : {
            budget: r.budget.map((p) => AnalyticsPath.fromString(p)),
            category: r.category.map((p) => AnalyticsPath.fromString(p)),
          },
    lod: r.category === null ? { budget: r.lodBudget } : { budget: r.lodBudget, category: r.lodCategory },
  }));

const view = (r: GroupedPeriodResults) =>
  r.map((p) => ({
    period: p.period,
    start: p.start.toMillis(),
    end: p.end.toMillis(),
    rows: p.rows.map((row) => ({
      dims: Object.entries(row.dimensions).map(([k, d]) => `${k}=${d.path}`),
      metric: row.metric,
      unit: row.unit,
      value: row.value,
      sum: row.sum,
    })),
  }));

describe("grouping in SQL equals grouping in TypeScript", () => {
  it("for random workloads and queries", async () => {
    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(seriesArb, { minLength: 1, maxLength: 60 }),
        fc.array(queryArb, { minLength: 1, maxLength: 4 }),
        async (series, queries) => {
          await db.exec(`truncate "AnalyticsSeries", "AnalyticsDimension", "AnalyticsSeries_AnalyticsDimension"`);
          await store.addSeriesValues(series);
          for (const q of queries) {
            const [a, b] = [view(await sqlEngine.execute(q)), view(await tsEngine.execute(q))];
            expect(a.map((p) => [p.period, p.start, p.end, p.rows.map((r) => [r.dims, r.metric, r.unit])])).toEqual(
              b.map((p) => [p.period, p.start, p.end, p.rows.map((r) => [r.dims, r.metric, r.unit])]),
            );
            a.forEach((p, i) =>
              p.rows.forEach((row, j) => {
                expect(row.value).toBeCloseTo(b[i].rows[j].value, 6);
                expect(row.sum).toBeCloseTo(b[i].rows[j].sum, 6);
              }),
            );
            if (a.some((p) => p.rows.length > 0)) nonEmpty++;
          }
        },
      ),
      { numRuns: 100, seed: 20261128 },
    );
    // The generators must reach real results, or the property says nothing.
    expect(nonEmpty).toBeGreaterThanOrEqual(50);
  });
});
