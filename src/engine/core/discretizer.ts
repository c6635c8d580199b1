import { DateTime } from "luxon";
import { AnalyticsInputError } from "./errors.js";
import { AnalyticsGranularity } from "./granularity.js";
import type { AnalyticsPath } from "./path.js";
import { nextBoundary, slicePeriods, type PeriodGrid } from "./timeSlicer.js";
import type {
  AnalyticsDimension,
  AnalyticsSeries,
  GroupedPeriodResults,
  GroupedSeries,
  SeriesBucket,
} from "./types.js";

/**
 * Groups series by each selected dimension's path cut to its LOD (absent or null: the whole
 * dimension is one group). The TypeScript twin of the store's SQL grouping.
 */
export function groupSeries(
  series: AnalyticsSeries[],
  dimensions: string[],
  lod: Record<string, number | null>,
): GroupedSeries {
  const grouper = new DimensionGrouper(dimensions, lod);
  const buckets = series.map((s) => ({
    groups: dimensions.map((d, i) => grouper.groupOf(i, s.dimensions[d])),
    metric: s.metric,
    unit: s.unit,
    fn: s.fn,
    start: s.start.toMillis(),
    end: s.end ? s.end.toMillis() : null,
    cliff: cliffOf(s.fn, s.params),
    value: s.value,
  }));
  return { dimensions, groups: grouper.groups, buckets };
}

/** Assigns dimensions to groups by path at LOD; a group takes the metadata of a dimension at exactly its path. */
export class DimensionGrouper {
  readonly groups: AnalyticsDimension[][];
  private readonly index: Map<string, number>[];

  constructor(
    private readonly dimensions: string[],
    private readonly lod: Record<string, number | null>,
  ) {
    this.groups = dimensions.map(() => []);
    this.index = dimensions.map(() => new Map());
  }

  groupOf(i: number, dimension: AnalyticsDimension): number {
    const path: AnalyticsPath = dimension.path.applyLod(this.lod[this.dimensions[i]] ?? 0);
    const key = path.toString();
    let g = this.index[i].get(key);
    if (g === undefined) {
      g = this.groups[i].length;
      this.index[i].set(key, g);
      this.groups[i].push({ path, icon: "", label: "", description: "" });
    }
    if (dimension.path.toString() === key && this.groups[i][g].label === "") this.groups[i][g] = { ...dimension, path };
    return g;
  }
}

export function cliffOf(fn: string, params: Record<string, unknown> | null): number | null {
  const cliff = fn === "DssVest" && typeof params?.cliff === "string" ? Date.parse(params.cliff) : NaN;
  return Number.isNaN(cliff) ? null : cliff;
}

/** The level a bucket has reached at instant `t`: a Single from its start on; a DssVest vests linearly to its end, nothing before the cliff. */
export function bucketValueAt(b: SeriesBucket, t: number): number {
  if (t < b.start) return 0;
  if (b.fn !== "DssVest") return b.value;
  if (b.cliff !== null && t < b.cliff) return 0;
  const end = b.end ?? b.start;
  if (t >= end) return b.value;
  return (b.value * (t - b.start)) / (end - b.start);
}

export function valueAt(s: AnalyticsSeries, t: number): number {
  return bucketValueAt(
    {
      groups: [],
      metric: s.metric,
      unit: s.unit,
      fn: s.fn,
      start: s.start.toMillis(),
      end: s.end?.toMillis() ?? null,
      cliff: cliffOf(s.fn, s.params),
      value: s.value,
    },
    t,
  );
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
 * Adds one bucket to a row's `steps` (jumps that hold from their index on) and `level` (values
 * at single points). A Single is one jump; a vest is a ramp sampled at the points inside it plus
 * a jump at its end: O(log P) plus the vest's own span.
 */
function accumulate(b: SeriesBucket, points: Float64Array, steps: Float64Array, level: Float64Array): void {
  if (b.fn !== "DssVest") {
    const i = firstAtOrAfter(points, b.start);
    if (i < points.length) steps[i] += b.value;
    return;
  }
  const done = firstAtOrAfter(points, b.end ?? b.start);
  if (done < points.length) steps[done] += b.value;
  for (let i = firstAtOrAfter(points, b.start); i < done; i++) level[i] += bucketValueAt(b, points[i]);
}

/** The range a query covers: given bounds, else from the first start to the last end (or start). */
function queryRange(buckets: SeriesBucket[], start: DateTime | null, end: DateTime | null): [number, number] {
  let from = start ? start.toMillis() : Infinity;
  let to = end ? end.toMillis() : -Infinity;
  if (!start || !end) {
    for (const b of buckets) {
      if (!start) from = Math.min(from, b.start);
      if (!end) to = Math.max(to, b.end ?? b.start);
    }
  }
  return [from, to];
}

/** Levels are needed at the range's start and at every period end. */
function pointsOf(from: number, grid: PeriodGrid): number[] {
  return [from, ...grid.ends];
}

/** The instants (epoch ms) at which `discretize` evaluates levels for this range: its start, then each period end. */
export function periodPoints(from: number, to: number, granularity: AnalyticsGranularity): number[] {
  return pointsOf(from, slicePeriods(from, to, granularity));
}

type Row = {
  key: string;
  groups: number[];
  metric: string;
  unit: string | null;
  steps: Float64Array;
  level: Float64Array;
};

/**
 * The most rows a series result holds by default (rows × periods, counted over all periods): a
 * daily century at a deep LOD would otherwise build gigabytes before anything could refuse it.
 */
export const MAX_RESULT_ROWS = 1_000_000;

/** Refuses a result of `series` rows over `periods` periods above `limit`, naming what to narrow. */
export function checkResultSize(series: number, periods: number, limit: number): void {
  if (series * periods <= limit) return;
  const n = (x: number) => x.toLocaleString("en-US");
  throw new AnalyticsInputError(
    "granularity",
    `the result would have ${n(series * periods)} rows (${n(periods)} periods × ${n(series)} series), over the limit of ${n(limit)}: ` +
      "choose a coarser granularity, a shorter start/end, a lower lod or fewer select paths",
  );
}

/**
 * Reports per period (start, end] and per (groups, metric, unit): `value` = level(end) −
 * level(start) and `sum` = level(end). Rows are sorted by dimension paths, metric and unit.
 * The rows are counted before any is built: more than `maxRows` (rows × periods) is refused.
 */
export function discretize(
  input: GroupedSeries,
  start: DateTime | null,
  end: DateTime | null,
  granularity: AnalyticsGranularity,
  maxRows = MAX_RESULT_ROWS,
): GroupedPeriodResults {
  if (input.buckets.length === 0) return [];
  const [from, range] = queryRange(input.buckets, start, end);
  // Without an end, series that all start at one instant give an empty range: report the period
  // they start in (or one instant for total), rather than nothing.
  const to =
    !end && range <= from
      ? granularity === AnalyticsGranularity.Total
        ? from + 1
        : nextBoundary(from, granularity)
      : range;
  const grid = slicePeriods(from, to, granularity);
  const rowIds = input.buckets.map((b) => `${b.groups.join(",")}|${b.metric}|${b.unit}`);
  const firstBucket = new Map<string, number>();
  rowIds.forEach((id, i) => firstBucket.has(id) || firstBucket.set(id, i));
  checkResultSize(firstBucket.size, grid.labels.length, maxRows);

  const points = Float64Array.from(pointsOf(from, grid));
  const rows = new Map<string, Row>();
  for (const [id, i] of firstBucket) {
    const b = input.buckets[i];
    const key = JSON.stringify([b.groups.map((g, d) => input.groups[d][g].path.toString()), b.metric, b.unit]);
    const [steps, level] = [new Float64Array(points.length), new Float64Array(points.length)];
    rows.set(id, { key, groups: b.groups, metric: b.metric, unit: b.unit, steps, level });
  }
  input.buckets.forEach((b, i) => {
    const row = rows.get(rowIds[i])!;
    accumulate(b, points, row.steps, row.level);
  });
  const sorted = [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return toPeriods(grid, sorted, input);
}

function toPeriods(grid: PeriodGrid, rows: Row[], input: GroupedSeries): GroupedPeriodResults {
  const sums = rows.map((r) => {
    const out = new Float64Array(r.steps.length);
    let running = 0;
    for (let i = 0; i < out.length; i++) {
      running += r.steps[i];
      out[i] = running + r.level[i];
    }
    return out;
  });
  const dimensions = rows.map((r) =>
    Object.fromEntries(input.dimensions.map((d, i) => [d, input.groups[i][r.groups[i]]])),
  );
  return grid.labels.map((period, p) => ({
    period,
    start: DateTime.fromMillis(grid.starts[p], { zone: "utc" }),
    end: DateTime.fromMillis(grid.ends[p], { zone: "utc" }),
    rows: rows.map((r, i) => ({
      dimensions: dimensions[i],
      metric: r.metric,
      unit: r.unit,
      value: sums[i][p + 1] - sums[i][p],
      sum: sums[i][p + 1],
    })),
  }));
}
