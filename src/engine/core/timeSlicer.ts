import { DateTime } from "luxon";
import { AnalyticsInputError } from "./errors.js";
import { AnalyticsGranularity } from "./granularity.js";

/** One reporting period: changes in (start, end] count towards it; its label names the calendar period it starts in. */
export type AnalyticsPeriodRange = { period: string; start: DateTime; end: DateTime };

/** Periods in epoch milliseconds: the discretizer's hot loops stay off luxon. */
export type PeriodGrid = { labels: string[]; starts: number[]; ends: number[] };

/** A query may not produce more periods than this: an hourly decade would freeze a tab. */
export const MAX_PERIODS = 100_000;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The first calendar boundary (UTC) strictly after `t`. */
export function nextBoundary(t: number, granularity: AnalyticsGranularity): number {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (granularity) {
    case AnalyticsGranularity.Total:
      return Infinity;
    case AnalyticsGranularity.Annual:
      return Date.UTC(y + 1, 0, 1);
    case AnalyticsGranularity.SemiAnnual:
      return m < 6 ? Date.UTC(y, 6, 1) : Date.UTC(y + 1, 0, 1);
    case AnalyticsGranularity.Quarterly:
      return Date.UTC(y, Math.floor(m / 3) * 3 + 3, 1);
    case AnalyticsGranularity.Monthly:
      return Date.UTC(y, m + 1, 1);
    case AnalyticsGranularity.Weekly: {
      const day = Date.UTC(y, m, d.getUTCDate());
      const sinceMonday = (d.getUTCDay() + 6) % 7;
      return day + (7 - sinceMonday) * DAY;
    }
    case AnalyticsGranularity.Daily:
      return Date.UTC(y, m, d.getUTCDate() + 1);
    case AnalyticsGranularity.Hourly:
      return Math.floor(t / HOUR) * HOUR + HOUR;
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The label of the calendar period that contains `t`: `2023`, `2023/H1`, `2023/Q1`, `2023/01`, `2023/W05`, `2023/01/31`, `2023/01/31/05`. */
export function periodLabel(t: number, granularity: AnalyticsGranularity): string {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (granularity) {
    case AnalyticsGranularity.Total:
      return "total";
    case AnalyticsGranularity.Annual:
      return String(y);
    case AnalyticsGranularity.SemiAnnual:
      return `${y}/H${m < 6 ? 1 : 2}`;
    case AnalyticsGranularity.Quarterly:
      return `${y}/Q${Math.floor(m / 3) + 1}`;
    case AnalyticsGranularity.Monthly:
      return `${y}/${pad(m + 1)}`;
    case AnalyticsGranularity.Weekly: {
      const iso = DateTime.fromMillis(t, { zone: "utc" });
      return `${iso.weekYear}/W${pad(iso.weekNumber)}`;
    }
    case AnalyticsGranularity.Daily:
      return `${y}/${pad(m + 1)}/${pad(d.getUTCDate())}`;
    case AnalyticsGranularity.Hourly:
      return `${y}/${pad(m + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCHours())}`;
  }
}

/**
 * Slices (start, end] at calendar boundaries. The first period begins at `start` and the last
 * ends at `end`, so the values of all periods add up to exactly the change over the range.
 */
export function slicePeriods(start: number, end: number, granularity: AnalyticsGranularity): PeriodGrid {
  const grid: PeriodGrid = { labels: [], starts: [], ends: [] };
  let from = start;
  while (from < end) {
    const to = Math.min(nextBoundary(from, granularity), end);
    grid.labels.push(periodLabel(from, granularity));
    grid.starts.push(from);
    grid.ends.push(to);
    if (grid.labels.length > MAX_PERIODS) {
      throw new AnalyticsInputError(
        "granularity",
        `the range gives more than ${MAX_PERIODS} periods; choose a coarser granularity or a shorter start/end`,
      );
    }
    from = to;
  }
  return grid;
}

/** The same periods as luxon DateTimes in UTC, for callers outside the engine's hot path. */
export function getPeriodSeriesArray(range: {
  start: DateTime;
  end: DateTime;
  granularity: AnalyticsGranularity;
}): AnalyticsPeriodRange[] {
  const grid = slicePeriods(range.start.toMillis(), range.end.toMillis(), range.granularity);
  return grid.labels.map((period, i) => ({
    period,
    start: DateTime.fromMillis(grid.starts[i], { zone: "utc" }),
    end: DateTime.fromMillis(grid.ends[i], { zone: "utc" }),
  }));
}
