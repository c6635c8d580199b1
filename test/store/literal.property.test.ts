import { PGlite } from "@electric-sql/pglite";
import fc from "fast-check";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AnalyticsGranularity as G,
  AnalyticsPath,
  AnalyticsPathSegment,
  AnalyticsQueryEngine,
  MemoryAnalyticsStore,
  toPascalCase,
  type AnalyticsSeriesInput,
} from "../../src/engine/index.js";

// Names, units, sources and paths full of SQL and LIKE metacharacters are stored and matched
// literally: the store must agree with a plain in-memory filter of the same inputs.

const nasty = ["'", '"', "\\", "%", "_", ";", "--", "/*", "*/", "ü", "日本", " ", "$1", "?", "??", "a", "b"];
// Blank names are refused by validation (its own tests); everything else must round-trip.
const text = fc
  .array(fc.constantFrom(...nasty), { minLength: 1, maxLength: 4 })
  .map((p) => p.join(""))
  .filter((t) => t.trim() !== "");
const segments = fc.array(text, { minLength: 1, maxLength: 3 });

let db: PGlite;
let store: MemoryAnalyticsStore;
beforeAll(async () => {
  db = await PGlite.create();
  store = new MemoryAnalyticsStore({ pgLiteFactory: async () => db });
  await store.init();
});
afterAll(() => store.destroy());

const toPath = (s: string[]) => AnalyticsPath.fromArray(s.map((x) => new AnalyticsPathSegment([x])));

describe("paths", () => {
  it("print and parse back to the same segments, also in the stored form with a trailing /", () => {
    fc.assert(
      fc.property(segments, (s) => {
        const printed = toPath(s).toString();
        expect(AnalyticsPath.fromString(printed).segments.map((x) => x.filters![0])).toEqual(s);
        expect(AnalyticsPath.fromString(toPath(s).toString("/")).segments.map((x) => x.filters![0])).toEqual(s);
      }),
      { numRuns: 500 },
    );
  });
});

describe("getMatchingSeries equals an in-memory filter", () => {
  it("for metacharacter-laden metrics, units, sources and paths", async () => {
    const seriesArb = fc.record({
      metric: text,
      unit: text,
      source: segments,
      budget: segments,
      value: fc.integer({ min: -1000, max: 1000 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(seriesArb, { minLength: 1, maxLength: 25 }),
        fc.nat(),
        segments,
        async (series, pick, extraSelect) => {
          await db.exec(`truncate "AnalyticsSeries", "AnalyticsDimension", "AnalyticsSeries_AnalyticsDimension"`);
          const inputs: AnalyticsSeriesInput[] = series.map((s) => ({
            start: "2023-01-01",
            source: toPath(s.source),
            metric: s.metric,
            unit: s.unit,
            value: s.value,
            dimensions: { [s.metric]: toPath(s.budget) },
          }));
          await store.addSeriesValues(inputs);
          // Query by the metric, unit and a prefix of the path of one series, plus a random path.
          const target = series[pick % series.length];
          const dimension = target.metric;
          const prefix = target.budget.slice(0, 1 + (pick % target.budget.length));
          const selects = [prefix, extraSelect];
          const got = await store.getMatchingSeries({
            start: null,
            end: null,
            metrics: [target.metric],
            currency: AnalyticsPath.fromArray([new AnalyticsPathSegment([target.unit])]),
            select: { [dimension]: selects.map(toPath) },
          });
          const expected = series.filter(
            (s) =>
              toPascalCase(s.metric) === toPascalCase(target.metric) &&
              s.unit === target.unit &&
              s.metric === dimension &&
              selects.some((sel) => sel.every((seg, i) => s.budget[i] === seg)),
          );
          expect(
            got.map((s) => [s.value, s.source.toString(), s.dimensions[dimension].path.toString()]).sort(),
          ).toEqual(expected.map((s) => [s.value, toPath(s.source).toString(), toPath(s.budget).toString()]).sort());
          expect(got.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 60, seed: 7 },
    );
    // The tables are intact: no statement was cut short by a quote.
    expect((await db.query(`select count(*)::int as n from "AnalyticsSeries"`)).rows).toHaveLength(1);
  });

  it("clears a source with metacharacters literally", async () => {
    await db.exec(`truncate "AnalyticsSeries", "AnalyticsDimension", "AnalyticsSeries_AnalyticsDimension"`);
    const base = { start: "2023-01-01", metric: "Budget", value: 1, dimensions: { budget: "atlas" } };
    await store.addSeriesValues([
      { ...base, source: "a%/x" },
      { ...base, source: "ab/x" },
      { ...base, source: "a_/x" },
      { ...base, source: "a'; drop table x; --/y" },
    ]);
    expect(await store.clearSeriesBySource(AnalyticsPath.fromString("a%"))).toBe(1);
    expect(await store.clearSeriesBySource(AnalyticsPath.fromString("a'; drop table x; --"))).toBe(1);
    expect((await db.query(`select source from "AnalyticsSeries" order by source`)).rows).toEqual([
      { source: "a_/x/" },
      { source: "ab/x/" },
    ]);
  });
});

describe("query results", () => {
  const engine = () => new AnalyticsQueryEngine(store);
  const workload = fc.array(
    fc.record({
      day: fc.integer({ min: 0, max: 1000 }),
      length: fc.integer({ min: 1, max: 500 }),
      vest: fc.boolean(),
      value: fc.integer({ min: -500, max: 5000 }),
      path: fc.array(fc.constantFrom("a", "b", "c"), { minLength: 1, maxLength: 4 }),
    }),
    { minLength: 1, maxLength: 40 },
  );
  const load = async (w: { day: number; length: number; vest: boolean; value: number; path: string[] }[]) => {
    await db.exec(`truncate "AnalyticsSeries", "AnalyticsDimension", "AnalyticsSeries_AnalyticsDimension"`);
    await store.addSeriesValues(
      w.map((s) => {
        const start = DateTime.utc(2021, 1, 1).plus({ days: s.day });
        return {
          start,
          end: s.vest ? start.plus({ days: s.length }) : null,
          fn: s.vest ? "DssVest" : "Single",
          source: "p",
          metric: "Budget",
          value: s.value,
          dimensions: { budget: s.path.join("/") },
        };
      }),
    );
  };
  const query = (granularity: G, lod: number) => ({
    start: DateTime.utc(2021, 3, 1),
    end: DateTime.utc(2024, 1, 1),
    metrics: ["Budget"],
    granularity,
    select: { budget: [AnalyticsPath.fromString("a"), AnalyticsPath.fromString("b")] },
    lod: { budget: lod },
  });

  it("per-period values add up to the last sum minus the opening level", async () => {
    await fc.assert(
      fc.asyncProperty(
        workload,
        fc.constantFrom(G.Annual, G.Quarterly, G.Monthly, G.Weekly),
        fc.integer({ min: 0, max: 4 }),
        async (w, g, lod) => {
          await load(w);
          const r = await engine().execute(query(g, lod));
          for (let row = 0; row < (r[0]?.rows.length ?? 0); row++) {
            const total = r.reduce((acc, p) => acc + p.rows[row].value, 0);
            const opening = r[0].rows[row].sum - r[0].rows[row].value;
            expect(total).toBeCloseTo(r.at(-1)!.rows[row].sum - opening, 6);
          }
        },
      ),
      { numRuns: 40, seed: 11 },
    );
  });

  it("a lower LOD never gives more rows, and keeps the totals", async () => {
    await fc.assert(
      fc.asyncProperty(workload, fc.integer({ min: 1, max: 4 }), async (w, lod) => {
        await load(w);
        const fine = await engine().execute(query(G.Total, lod));
        const coarse = await engine().execute(query(G.Total, lod - 1));
        expect(coarse[0]?.rows.length ?? 0).toBeLessThanOrEqual(fine[0]?.rows.length ?? 0);
        const total = (r: typeof fine) => (r[0]?.rows ?? []).reduce((acc, row) => acc + row.sum, 0);
        expect(total(coarse)).toBeCloseTo(total(fine), 6);
      }),
      { numRuns: 40, seed: 12 },
    );
  });
});
