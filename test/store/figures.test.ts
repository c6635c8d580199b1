import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AnalyticsGranularity,
  AnalyticsPath,
  AnalyticsQueryEngine,
  MemoryAnalyticsStore,
  type AnalyticsQuery,
} from "../../src/engine/index.js";

// The figures published with the upstream engine's tests; they pin the period semantics.
const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });
const path = AnalyticsPath.fromString;

let store: MemoryAnalyticsStore;
let engine: AnalyticsQueryEngine;

beforeAll(async () => {
  store = new MemoryAnalyticsStore();
  await store.init();
  engine = new AnalyticsQueryEngine(store);
  const base = {
    source: path("powerhouse/test"),
    metric: "budget",
    dimensions: { budget: path("atlas/legacy/core-units/PE-001") },
  };
  await store.addSeriesValues([
    { ...base, start: utc("2021-01-01"), value: 10000, unit: "DAI" },
    { ...base, start: utc("2022-01-01"), value: 10000, unit: "DAI" },
    { ...base, start: utc("2023-01-01"), value: 15000, unit: "DAI" },
    { ...base, start: utc("2022-01-01"), end: utc("2023-01-01"), value: 240, unit: "MKR", fn: "DssVest" },
    {
      ...base,
      start: utc("2023-01-01"),
      end: utc("2024-01-01"),
      value: 240,
      unit: "MKR",
      fn: "DssVest",
      params: { cliff: "2023-12-01" },
    },
  ]);
});
afterAll(() => store.destroy());

const query = (q: Partial<AnalyticsQuery>): AnalyticsQuery => ({
  start: null,
  end: null,
  metrics: ["Budget"],
  granularity: AnalyticsGranularity.Total,
  lod: { budget: 4 },
  select: { budget: [path("atlas")] },
  ...q,
});

describe("upstream figures", () => {
  it("total 2022-01-01 → 2023-06-01 in DAI: one period, sum 35000, value 15000", async () => {
    const r = await engine.execute(query({ start: utc("2022-01-01"), end: utc("2023-06-01"), currency: path("DAI") }));
    expect(r.map((p) => p.period)).toEqual(["total"]);
    expect(r[0].rows).toHaveLength(1);
    expect(r[0].rows[0]).toMatchObject({ metric: "Budget", unit: "DAI", sum: 35000, value: 15000 });
    expect(r[0].rows[0].dimensions.budget.path.toString()).toBe("atlas/legacy/core-units/PE-001");
  });

  it("annual 2021-01-01 → 2023-06-01: 2021 → 10000, 2022 → 15000, 2023 → 0", async () => {
    const r = await engine.execute(
      query({
        start: utc("2021-01-01"),
        end: utc("2023-06-01"),
        currency: path("DAI"),
        granularity: AnalyticsGranularity.Annual,
      }),
    );
    expect(r.map((p) => [p.period, p.rows[0].value])).toEqual([
      ["2021", 10000],
      ["2022", 15000],
      ["2023", 0],
    ]);
    expect(r.map((p) => p.rows[0].sum)).toEqual([20000, 35000, 35000]);
  });

  it("monthly 2023 in MKR: 12 periods; January 0, November ≈ 220 (vested at the cliff), December ≈ 20", async () => {
    const r = await engine.execute(
      query({
        start: utc("2023-01-01"),
        end: utc("2024-01-01"),
        currency: path("MKR"),
        granularity: AnalyticsGranularity.Monthly,
      }),
    );
    expect(r.map((p) => p.period)).toEqual(
      ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"].map((m) => `2023/${m}`),
    );
    const values = r.map((p) => p.rows[0].value);
    expect(values[0]).toBe(0);
    expect(values.slice(1, 10)).toEqual(Array(9).fill(0));
    expect(values[10]).toBeCloseTo((240 * 334) / 365, 9); // 219.616…
    expect(values[11]).toBeCloseTo((240 * 31) / 365, 9); // 20.383…
    expect(r[11].rows[0].sum).toBeCloseTo(480, 9);
  });

  it("monthly 2022-03-01 → 2022-06-01 in MKR: 3 periods, first ≈ 20, sums run", async () => {
    const r = await engine.execute(
      query({
        start: utc("2022-03-01"),
        end: utc("2022-06-01"),
        currency: path("MKR"),
        granularity: AnalyticsGranularity.Monthly,
      }),
    );
    expect(r.map((p) => p.period)).toEqual(["2022/03", "2022/04", "2022/05"]);
    expect(r[0].rows[0].value).toBeCloseTo((240 * 31) / 365, 9);
    expect(r[1].rows[0].value).toBeCloseTo((240 * 30) / 365, 9);
    for (let i = 1; i < r.length; i++)
      expect(r[i].rows[0].sum).toBeCloseTo(r[i - 1].rows[0].sum + r[i].rows[0].value, 9);
    expect(r[0].rows[0].sum).toBeCloseTo((240 * (31 + 28 + 31)) / 365, 9);
  });
});
