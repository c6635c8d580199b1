import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AnalyticsGranularity as G,
  AnalyticsPath,
  AnalyticsQueryEngine,
  CompoundOperator as Op,
  MemoryAnalyticsStore,
  type AnalyticsQuery,
  type GroupedPeriodResults,
} from "../../src/engine/index.js";

const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });
const path = AnalyticsPath.fromString;

let store: MemoryAnalyticsStore;
let engine: AnalyticsQueryEngine;

// Budgets in DAI and MKR for two teams, and an MKR→DAI price (metric "Price", unit DAI) that
// is 1000 through Q1 and steps to 2000 at the end of June.
beforeAll(async () => {
  store = new MemoryAnalyticsStore();
  await store.init();
  engine = new AnalyticsQueryEngine(store);
  const team = (t: string) => ({ budget: path(`atlas/${t}`) });
  await store.addSeriesValues([
    { source: path("s"), metric: "Budget", unit: "DAI", start: "2023-01-15", value: 100, dimensions: team("a") },
    { source: path("s"), metric: "Budget", unit: "DAI", start: "2023-04-15", value: 50, dimensions: team("b") },
    { source: path("s"), metric: "Budget", unit: "MKR", start: "2023-02-15", value: 2, dimensions: team("a") },
    { source: path("s"), metric: "Budget", unit: "MKR", start: "2023-05-15", value: 1, dimensions: team("b") },
    {
      source: path("p"),
      metric: "Price",
      unit: "DAI",
      start: "2022-12-31",
      value: 1000,
      dimensions: { priceData: path("atlas/MKR") },
    },
    {
      source: path("p"),
      metric: "Price",
      unit: "DAI",
      start: "2023-06-30",
      value: 1000,
      dimensions: { priceData: path("atlas/MKR") },
    },
  ]);
});
afterAll(() => store.destroy());

const base: AnalyticsQuery = {
  start: utc("2023-01-01"),
  end: utc("2023-07-01"),
  granularity: G.Quarterly,
  metrics: ["Budget"],
  select: { budget: [path("atlas")] },
  lod: { budget: 2 },
};
const view = (r: GroupedPeriodResults) =>
  r.map((p) => [p.period, ...p.rows.map((row) => `${row.dimensions.budget.path} ${row.unit} ${row.value}/${row.sum}`)]);

describe("executeCompound", () => {
  it("multiplies each row by the operand's running sum of the same period", async () => {
    const r = await engine.executeCompound({
      ...base,
      expression: {
        inputs: { metrics: ["Budget"], currency: path("MKR") },
        operator: Op.ScalarMultiply,
        operand: { metric: "Price", currency: path("DAI"), useSum: true },
        resultCurrency: path("DAI"),
      },
    });
    expect(view(r)).toEqual([
      ["2023/Q1", "atlas/a DAI 2000/2000", "atlas/b DAI 0/0"],
      ["2023/Q2", "atlas/a DAI 0/4000", "atlas/b DAI 2000/2000"],
    ]);
  });

  it("divides by the operand's sum, adds and subtracts its per-period value", async () => {
    const expression = (operator: Op, useSum: boolean) => ({
      inputs: { metrics: ["Budget"], currency: path("DAI") },
      operator,
      operand: { metric: "Price", currency: path("DAI"), useSum },
    });
    expect(view(await engine.executeCompound({ ...base, expression: expression(Op.ScalarDivide, true) }))).toEqual([
      ["2023/Q1", "atlas/a DAI 0.1/0.1", "atlas/b DAI 0/0"],
      ["2023/Q2", "atlas/a DAI 0/0.05", "atlas/b DAI 0.025/0.025"],
    ]);
    // The price changes by 0 in Q1 and by 1000 in Q2.
    expect(view(await engine.executeCompound({ ...base, expression: expression(Op.VectorAdd, false) }))).toEqual([
      ["2023/Q1", "atlas/a DAI 100/100", "atlas/b DAI 0/0"],
      ["2023/Q2", "atlas/a DAI 1000/1100", "atlas/b DAI 1050/1050"],
    ]);
    expect(view(await engine.executeCompound({ ...base, expression: expression(Op.VectorSubtract, false) }))).toEqual([
      ["2023/Q1", "atlas/a DAI 100/100", "atlas/b DAI 0/0"],
      ["2023/Q2", "atlas/a DAI -1000/-900", "atlas/b DAI -950/-950"],
    ]);
  });

  it("says which operand is missing", async () => {
    await expect(
      engine.executeCompound({
        ...base,
        expression: {
          inputs: { metrics: ["Budget"] },
          operator: Op.ScalarMultiply,
          operand: { metric: "Nothing", useSum: true },
        },
      }),
    ).rejects.toThrow("expression.operand: no Nothing series covers period 2023/Q1; add one or narrow start/end");
  });
});

describe("executeMultiCurrency", () => {
  it("adds the converted rows to the target-currency rows, matched by period and row", async () => {
    const r = await engine.executeMultiCurrency(base, {
      targetCurrency: path("DAI"),
      conversions: [{ metric: "Price", currency: path("MKR") }],
    });
    // DAI budgets plus MKR budgets × price: a: 100 + 2×1000 in Q1; b: 50 + 1×2000 in Q2.
    expect(view(r)).toEqual([
      ["2023/Q1", "atlas/a DAI 2100/2100", "atlas/b DAI 0/0"],
      ["2023/Q2", "atlas/a DAI 0/4100", "atlas/b DAI 2050/2050"],
    ]);
  });
});
