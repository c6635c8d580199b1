import { cliffOf, DimensionGrouper, periodPoints } from "../core/discretizer.js";
import type { AnalyticsPath } from "../core/path.js";
import type { AnalyticsQuery, GroupedSeries, SeriesBucket } from "../core/types.js";
import type { MemoryIndex } from "./memoryIndex.js";
import { toDimension } from "./sqlPaths.js";

/** Whether a stored path lies under one of `paths` (all do when there are none), as `whereUnder` says in SQL. */
function under(stored: string, paths: AnalyticsPath[]): boolean {
  if (paths.length === 0) return true;
  return paths.some((p) => p.segments.length === 0 || stored.startsWith(p.toString("/")));
}

/** Index of the first of `points` at or after `t`: the period end a Single starting at `t` counts at. */
function periodEnd(points: number[], t: number): number {
  let [lo, hi] = [0, points.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The grouped read of groupedRead.ts, on a MemoryIndex: the same groups (dimension rows taken
 * in id order), the same filters, the same buckets and sums (series added in id order).
 */
export function groupInMemory(index: MemoryIndex, q: AnalyticsQuery): GroupedSeries {
  const dimensions = Object.entries(q.select);
  const names = dimensions.map(([name]) => name);
  const grouper = new DimensionGrouper(names, q.lod);
  // Per selected dimension: the group of each dimension id, -1 where it is not selected.
  const groupOf = dimensions.map(([name, paths], i) => {
    const groups = new Int32Array(index.maxDimensionId + 1).fill(-1);
    for (const r of index.dimensions.get(name) ?? []) if (under(r.path, paths)) groups[r.id] = grouper.groupOf(i, toDimension(r));
    return groups;
  });
  if (groupOf.some((groups) => !groups.some((g) => g >= 0))) return { dimensions: names, groups: grouper.groups, buckets: [] };

  const metricWanted = index.metrics.map((m) => q.metrics.includes(m));
  const filters = q.currency?.firstSegment().filters;
  const units = filters && filters.length > 0 && !(filters.length === 1 && filters[0] === "") ? filters : null;
  const unitWanted = index.units.map((u) => units === null || (u !== null && units.includes(u)));
  const endMs = q.end ? q.end.toMillis() : Infinity;
  const points = q.start && q.end ? periodPoints(q.start.toMillis(), q.end.toMillis(), q.granularity) : null;
  const vest = index.fns.indexOf("DssVest");

  const buckets = new Map<string, SeriesBucket>();
  const chosen = new Array<number>(names.length);
  const add = (i: number, d: number) => {
    if (d === names.length) {
      const isVest = index.fn[i] === vest;
      const start = points && !isVest ? points[periodEnd(points, index.start[i])] : index.start[i];
      const end = points && !isVest ? null : Number.isNaN(index.end[i]) ? null : index.end[i];
      const cliff = isVest ? index.cliff[i] : null;
      const key = `${chosen.join(",")}|${index.metric[i]}|${index.unit[i]}|${index.fn[i]}|${start}|${end}|${cliff}`;
      const bucket = buckets.get(key);
      if (bucket) bucket.value += index.value[i];
      else {
        const [metric, unit, fn] = [index.metrics[index.metric[i]], index.units[index.unit[i]], index.fns[index.fn[i]]];
        buckets.set(key, { groups: [...chosen], metric, unit, fn, start, end, cliff: cliffOf(fn, { cliff }), value: index.value[i] });
      }
      return;
    }
    // Every link of the series into a selected row of this dimension: a join row each.
    for (let k = index.linkStart[i]; k < index.linkStart[i + 1]; k++) {
      const g = groupOf[d][index.linkDims[k]] ?? -1;
      if (g < 0) continue;
      chosen[d] = g;
      add(i, d + 1);
    }
  };
  for (let i = 0; i < index.count; i++) {
    if (metricWanted[index.metric[i]] && unitWanted[index.unit[i]] && index.start[i] <= endMs) add(i, 0);
  }
  return { dimensions: names, groups: grouper.groups, buckets: [...buckets.values()] };
}
