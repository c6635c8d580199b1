import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { AnalyticsGranularity as G, MAX_PERIODS, getPeriodSeriesArray, slicePeriods } from "../../src/engine/index.js";

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const slice = (a: string, b: string, g: G) => {
  const grid = slicePeriods(t(a), t(b), g);
  return grid.labels.map((l, i) => [l, iso(grid.starts[i]), iso(grid.ends[i])]);
};

describe("time slicing (calendar periods in UTC)", () => {
  it("labels every granularity", () => {
    const at = "2023-01-31T05:30:00Z";
    const labels = [G.Total, G.Annual, G.SemiAnnual, G.Quarterly, G.Monthly, G.Weekly, G.Daily, G.Hourly].map(
      (g) => slicePeriods(t(at), t(at) + 1, g).labels[0],
    );
    expect(labels).toEqual([
      "total",
      "2023",
      "2023/H1",
      "2023/Q1",
      "2023/01",
      "2023/W05",
      "2023/01/31",
      "2023/01/31/05",
    ]);
  });

  it("ends a quarter starting in March on 1 April (upstream fault 1 ran it to 1 July)", () => {
    expect(slice("2023-03-01", "2023-10-01", G.Quarterly)).toEqual([
      ["2023/Q1", "2023-03-01T00:00:00.000Z", "2023-04-01T00:00:00.000Z"],
      ["2023/Q2", "2023-04-01T00:00:00.000Z", "2023-07-01T00:00:00.000Z"],
      ["2023/Q3", "2023-07-01T00:00:00.000Z", "2023-10-01T00:00:00.000Z"],
    ]);
    // Q4 ends at the new year, not at 23:59:59.999.
    expect(slice("2023-10-01", "2024-01-01", G.Quarterly)).toEqual([
      ["2023/Q4", "2023-10-01T00:00:00.000Z", "2024-01-01T00:00:00.000Z"],
    ]);
  });

  it("clips the first period at the start and the last at the end", () => {
    expect(slice("2023-01-15", "2023-03-10", G.Monthly)).toEqual([
      ["2023/01", "2023-01-15T00:00:00.000Z", "2023-02-01T00:00:00.000Z"],
      ["2023/02", "2023-02-01T00:00:00.000Z", "2023-03-01T00:00:00.000Z"],
      ["2023/03", "2023-03-01T00:00:00.000Z", "2023-03-10T00:00:00.000Z"],
    ]);
    expect(slice("2021-07-01", "2023-01-01", G.Annual).map(([l]) => l)).toEqual(["2021", "2022"]);
    expect(slice("2023-05-01", "2024-02-01", G.SemiAnnual).map(([l]) => l)).toEqual(["2023/H1", "2023/H2", "2024/H1"]);
  });

  it("starts ISO weeks on Monday and labels them by ISO week-year", () => {
    expect(slice("2020-12-30", "2021-01-12", G.Weekly)).toEqual([
      ["2020/W53", "2020-12-30T00:00:00.000Z", "2021-01-04T00:00:00.000Z"],
      ["2021/W01", "2021-01-04T00:00:00.000Z", "2021-01-11T00:00:00.000Z"],
      ["2021/W02", "2021-01-11T00:00:00.000Z", "2021-01-12T00:00:00.000Z"],
    ]);
  });

  it("slices days and hours", () => {
    expect(slice("2024-02-28", "2024-03-01", G.Daily).map(([l]) => l)).toEqual(["2024/02/28", "2024/02/29"]);
    expect(slice("2023-01-01T22:30:00Z", "2023-01-02T01:00:00Z", G.Hourly).map(([l]) => l)).toEqual([
      "2023/01/01/22",
      "2023/01/01/23",
      "2023/01/02/00",
    ]);
  });

  it("gives no period for an empty range and refuses runaway ranges", () => {
    expect(slicePeriods(t("2023-01-01"), t("2023-01-01"), G.Monthly).labels).toEqual([]);
    expect(() => slicePeriods(t("1990-01-01"), t("2080-01-01"), G.Hourly)).toThrow(
      `granularity: the range gives more than ${MAX_PERIODS} periods; choose a coarser granularity or a shorter start/end`,
    );
  });

  it("offers the periods as luxon DateTimes", () => {
    const periods = getPeriodSeriesArray({
      start: DateTime.fromISO("2023-01-01", { zone: "utc" }),
      end: DateTime.fromISO("2023-03-01", { zone: "utc" }),
      granularity: G.Monthly,
    });
    expect(periods.map((p) => [p.period, p.start.toISO(), p.end.toISO()])).toEqual([
      ["2023/01", "2023-01-01T00:00:00.000Z", "2023-02-01T00:00:00.000Z"],
      ["2023/02", "2023-02-01T00:00:00.000Z", "2023-03-01T00:00:00.000Z"],
    ]);
  });
});
