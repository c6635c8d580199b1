import { describe, expect, it } from "vitest";
import { buildChart } from "../../src/ui/chart/seriesModel.js";
import type { PeriodDto } from "../../src/rpc/protocol.js";

const row = (path: string, value: number, sum: number) => ({
  dimensions: { budget: { path, icon: "", label: "", description: "" } },
  metric: "Budget",
  unit: "DAI",
  value,
  sum,
});
const results: PeriodDto[] = [
  {
    period: "2023/01",
    start: "2023-01-01T00:00:00.000Z",
    end: "2023-02-01T00:00:00.000Z",
    rows: [row("a", 100, 100), row("b", 10, 10), row("c", 1, 1), row("d", 2, 2)],
  },
  {
    period: "2023/02",
    start: "2023-02-01T00:00:00.000Z",
    end: "2023-03-01T00:00:00.000Z",
    rows: [row("a", 50, 150), row("b", 20, 30), row("c", 3, 4), row("d", 4, 6)],
  },
];

describe("chart lines", () => {
  it("keeps the largest series and sums the rest into Other, so totals still add up", () => {
    const m = buildChart(results, "value", { top: 2, other: true });
    expect(m.series.map((s) => s.name)).toEqual(["a · Budget (DAI)", "b · Budget (DAI)", "Other (2 series)"]);
    expect(m.data).toEqual([
      { period: "2023/01", s0: 100, s1: 10, s2: 3 },
      { period: "2023/02", s0: 50, s1: 20, s2: 7 },
    ]);
    expect([m.total, m.others]).toEqual([4, 2]);
  });

  it("drops the rest without Other, keeps every series under the limit, and ranks by the shown measure", () => {
    expect(buildChart(results, "sum", { top: 3, other: false }).series.map((s) => s.dimensions[0].path)).toEqual([
      "a",
      "b",
      "d",
    ]);
    const all = buildChart(results, "value", { top: 10, other: true });
    expect(all.series).toHaveLength(4);
    expect(all.others).toBe(0);
    expect(all.data[1]).toEqual({ period: "2023/02", s0: 50, s1: 20, s2: 3, s3: 4 });
  });

  it("names a level-0 dimension by nothing (no '· ·'), unlabelled paths by their last segment, and sums Other per unit", () => {
    const dims = (budget: string, label = "") => ({
      budget: { path: budget, icon: "", label, description: "" },
      category: { path: "", icon: "", label: "", description: "" },
    });
    const rows = [
      { dimensions: dims("atlas/scopes/ACC"), metric: "Budget", unit: "DAI", value: 9, sum: 9 },
      { dimensions: dims("atlas/legacy", "Legacy"), metric: "Budget", unit: "DAI", value: 5, sum: 5 },
      { dimensions: dims("atlas/a"), metric: "Budget", unit: "DAI", value: 1, sum: 1 },
      { dimensions: dims("atlas/b"), metric: "Budget", unit: "MKR", value: 2, sum: 2 },
      { dimensions: dims("atlas/c"), metric: "Budget", unit: "MKR", value: 3, sum: 3 },
    ];
    const m = buildChart([{ period: "2023", start: "", end: "", rows }], "value", { top: 2, other: true });
    expect(m.series.map((s) => [s.name, s.unit, s.total])).toEqual([
      ["ACC · Budget (DAI)", "DAI", 9],
      ["Legacy · Budget (DAI)", "DAI", 5],
      ["Other (1 series, DAI)", "DAI", 1],
      ["Other (2 series, MKR)", "MKR", 5],
    ]);
    expect(m.data).toEqual([{ period: "2023", s0: 9, s1: 5, s2: 1, s3: 5 }]);
  });
});
