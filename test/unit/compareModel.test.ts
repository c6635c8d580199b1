import { describe, expect, it } from "vitest";
import type { PeriodDto, RowDto } from "../../src/rpc/protocol.js";
import { alignGranularity, rollUp } from "../../src/ui/compare/compareModel.js";

const row = (path: string, value: number, sum: number): RowDto => ({
  dimensions: { budget: { path, label: "", description: "", icon: "" } },
  metric: "Budget",
  unit: "DAI",
  value,
  sum,
});
const period = (label: string, start: string, end: string, rows: RowDto[]): PeriodDto => ({
  period: label,
  start,
  end,
  rows,
});

const months = [
  period("2023/01", "2023-01-01T00:00:00.000Z", "2023-02-01T00:00:00.000Z", [row("a", 1, 1), row("b", 5, 5)]),
  period("2023/02", "2023-02-01T00:00:00.000Z", "2023-03-01T00:00:00.000Z", [row("a", 2, 3)]),
  period("2023/03", "2023-03-01T00:00:00.000Z", "2023-04-01T00:00:00.000Z", [row("a", 4, 7), row("b", 1, 6)]),
];
const quarter = [period("2023/Q1", "2023-01-01T00:00:00.000Z", "2023-04-01T00:00:00.000Z", [])];

describe("compare across granularities", () => {
  it("sums a finer run's values into the coarser periods and takes the running sum at the last one", () => {
    const rolled = rollUp(months, quarter)!;
    expect(rolled.map((p) => p.period)).toEqual(["2023/Q1"]);
    expect(rolled[0].rows.map((r) => [r.dimensions.budget.path, r.value, r.sum])).toEqual([
      ["a", 7, 7],
      ["b", 6, 6],
    ]);
  });

  it("rolls whichever side is finer, and says so", () => {
    const aligned = alignGranularity(
      { granularity: "quarterly", results: quarter },
      { granularity: "monthly", results: months },
    );
    expect(aligned.note).toBe("B's monthly periods summed into A's quarterly ones");
    expect(aligned.comparable).toBe(true);
    expect(aligned.b[0].rows.length).toBe(2);
  });

  it("says plainly when the periods do not nest", () => {
    const week = [period("2023-W05", "2023-01-29T00:00:00.000Z", "2023-02-05T00:00:00.000Z", [row("a", 1, 1)])];
    const feb = [period("2023/02", "2023-02-01T00:00:00.000Z", "2023-03-01T00:00:00.000Z", [])];
    expect(rollUp(week, feb)).toBeNull();
    expect(
      alignGranularity({ granularity: "weekly", results: week }, { granularity: "monthly", results: feb }),
    ).toEqual({
      a: week,
      b: feb,
      comparable: false,
      note: "A is weekly and B is monthly: their periods do not nest, so no row is compared",
    });
  });

  it("leaves equal granularities alone", () => {
    expect(
      alignGranularity({ granularity: "monthly", results: months }, { granularity: "monthly", results: months }),
    ).toEqual({ a: months, b: months, note: null, comparable: true });
  });
});
