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
});
