import { DateTime } from "luxon";
import type { AnalyticsGranularity } from "./granularity.js";
import type { AnalyticsPath } from "./path.js";
import { slicePeriods, type PeriodGrid } from "./timeSlicer.js";
import type { AnalyticsDimension, AnalyticsSeries, GroupedPeriodResults } from "./types.js";

/** A series with its selected dimension paths cut to the query's level of detail. */
export type LodSeries = {
  series: AnalyticsSeries;
  /** One per selected dimension, in select order. */
  paths: AnalyticsPath[];
};

/** Cuts each selected dimension of each series to its LOD; a dimension without an LOD groups as one (LOD 0). */
export function applyLods(series: AnalyticsSeries[], dimensions: string[], lod: Record<string, number | null>): LodSeries[] {
  return series.map((s) => ({
    series: s,
    paths: dimensions.map((d) => s.dimensions[d].path.applyLod(lod[d] ?? 0)),
  }));
}

const ms = (d: DateTime) => d.toMillis();

/** The value a series has reached at instant `t` (its cumulative contribution). */
export function valueAt(s: AnalyticsSeries, t: number): number {
  const start = ms(s.start);
  if (t < start) return 0;
  if (s.fn !== "DssVest") return s.value;
  const cliff = typeof s.params?.cliff === "string" ? Date.parse(s.params.cliff) : NaN;
  if (t < cliff) return 0;
  const end = s.end ? ms(s.end) : start;
  if (t >= end) return s.value;
  return (s.value * (t - start)) / (end - start);
}

/** First index i with points[i] >= t (points ascending), or points.length. */
function firstAtOrAfter(points: Float64Array, t: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Accumulates one series into `level` (levels at the evaluation points) via `steps`
 * (jumps that hold from their index on). A `Single` is one jump; a vest is a ramp sampled at
 * the points inside it plus a jump at its end, so the cost is O(log P) plus its own span.
 */
function accumulate(s: AnalyticsSeries, points: Float64Array, steps: Float64Array, level: Float64Array): void {
  const start = ms(s.start);
  if (s.fn !== "DssVest") {
    const i = firstAtOrAfter(points, start);
    if (i < points.length) steps[i] += s.value;
    return;
  }
  const end = s.end ? ms(s.end) : start;
  const done = firstAtOrAfter(points, end);
  if (done < points.length) steps[done] += s.value;
  for (let i = firstAtOrAfter(points, start); i < done; i++) level[i] += valueAt(s, points[i]);
}

type Group = {
  dimensions: Record<string, AnalyticsDimension>;
  metric: string;
  unit: string | null;
  steps: Float64Array;
  level: Float64Array;
};

/** The range a query covers: given bounds, else from the first series start to the last end (or start). */
export function queryRange(series: AnalyticsSeries[], start: DateTime | null, end: DateTime | null): [number, number] {
  let from = start ? ms(start) : Infinity;
  let to = end ? ms(end) : -Infinity;
  if (!start || !end) {
    for (const s of series) {
      if (!start) from = Math.min(from, ms(s.start));
      if (!end) to = Math.max(to, ms(s.end ?? s.start));
    }
  }
  return [from, to];
}

/**
 * Groups series by (dimension paths at LOD, metric, unit) and reports, per period (start, end],
 * `value` = level(end) − level(start) and `sum` = level(end).
 */
export function discretize(
  input: LodSeries[],
  dimensions: string[],
  start: DateTime | null,
  end: DateTime | null,
  granularity: AnalyticsGranularity,
): GroupedPeriodResults {
  if (input.length === 0) return [];
  const [from, to] = queryRange(input.map((i) => i.series), start, end);
  const grid = slicePeriods(from, to, granularity);
  // Levels are needed at the first start and at every period end.
  const points = new Float64Array(grid.ends.length + 1);
  points[0] = from;
  points.set(grid.ends, 1);

  const groups = new Map<string, Group>();
  for (const { series: s, paths } of input) {
    const key = JSON.stringify([paths.map((p) => p.toString()), s.metric, s.unit]);
    let g = groups.get(key);
    if (!g) {
      g = { dimensions: {}, metric: s.metric, unit: s.unit, steps: new Float64Array(points.length), level: new Float64Array(points.length) };
      dimensions.forEach((d, i) => (g!.dimensions[d] = { path: paths[i], icon: "", label: "", description: "" }));
      groups.set(key, g);
    }
    // A group's label is that of the dimension at exactly the group's path, when a series has it.
    dimensions.forEach((d, i) => {
      const own = s.dimensions[d];
      if (g!.dimensions[d].label === "" && own.path.equals(paths[i])) g!.dimensions[d] = { ...own, path: paths[i] };
    });
    accumulate(s, points, g.steps, g.level);
  }
  return toPeriods(grid, [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g));
}

function toPeriods(grid: PeriodGrid, groups: Group[]): GroupedPeriodResults {
  const sums = groups.map((g) => {
    const out = new Float64Array(g.steps.length);
    let running = 0;
    for (let i = 0; i < out.length; i++) {
      running += g.steps[i];
      out[i] = running + g.level[i];
    }
    return out;
  });
  return grid.labels.map((period, p) => ({
    period,
    start: DateTime.fromMillis(grid.starts[p], { zone: "utc" }),
    end: DateTime.fromMillis(grid.ends[p], { zone: "utc" }),
    rows: groups.map((g, i) => ({
      dimensions: g.dimensions,
      metric: g.metric,
      unit: g.unit,
      value: sums[i][p + 1] - sums[i][p],
      sum: sums[i][p + 1],
    })),
  }));
}
