import { cliffOf, DimensionGrouper, periodPoints } from "../core/discretizer.js";
import type { AnalyticsPath } from "../core/path.js";
import type { AnalyticsQuery, GroupedSeries, SeriesBucket } from "../core/types.js";
import type { IndexedDimension, MemoryIndex } from "./memoryIndex.js";

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
 * The group of each dimension row of `name` under one of `paths` (-1 elsewhere), by id. Rows are
 * taken in id order, as the SQL read takes them; the grouper is asked once per LOD path, and
 * again for a row at exactly that path (whose metadata the group takes).
 */
function groupsOf(rows: IndexedDimension[], paths: AnalyticsPath[], lod: number, size: number, group: (d: IndexedDimension) => number): Int32Array {
  const groups = new Int32Array(size).fill(-1);
  const prefixes = paths.map((p) => (p.segments.length === 0 ? "" : p.toString("/")));
  const known = new Map<string, number>();
  for (const r of rows) {
    if (prefixes.length > 0 && !prefixes.some((p) => r.stored.startsWith(p))) continue;
    const cut = r.segments.slice(0, lod);
    while (cut.length < lod) cut.push("*");
    const key = cut.join("/");
    let g = known.get(key);
    if (g === undefined || r.segments.length === lod) known.set(key, (g = group(r)));
    groups[r.id] = g;
  }
  return groups;
}

/**
 * The grouped read of groupedRead.ts on a MemoryIndex: the same groups, filters, buckets and
 * sums. Buckets are keyed by a number where the key space allows (Singles over a range, the
 * common case), else by text.
 */
export function groupInMemory(index: MemoryIndex, q: AnalyticsQuery): GroupedSeries {
  const dimensions = Object.entries(q.select);
  const names = dimensions.map(([name]) => name);
  const grouper = new DimensionGrouper(names, q.lod);
  const size = index.maxDimensionId + 1;
  const groupOf = dimensions.map(([name, paths], i) =>
    groupsOf(index.dimensions.get(name) ?? [], paths, q.lod[name] ?? 0, size, (r) => grouper.groupOf(i, r.dimension)),
  );
  if (groupOf.some((groups) => !groups.some((g) => g >= 0))) return { dimensions: names, groups: grouper.groups, buckets: [] };

  const metricWanted = index.metrics.values.map((m) => q.metrics.includes(m));
  const filters = q.currency?.firstSegment().filters;
  const units = filters && filters.length > 0 && !(filters.length === 1 && filters[0] === "") ? filters : null;
  const unitWanted = index.units.values.map((u) => units === null || (u !== null && units.includes(u)));
  const endMs = q.end ? q.end.toMillis() : Infinity;
  const points = q.start && q.end ? periodPoints(q.start.toMillis(), q.end.toMillis(), q.granularity) : null;
  const vest = index.fns.values.indexOf("DssVest");
  const radix = [...grouper.groups.map((g) => g.length), index.metrics.values.length, index.units.values.length, index.fns.values.length];
  const numeric = points !== null && radix.reduce((a, b) => a * b, points.length) < 2 ** 52;

  const buckets = new Map<number | string, SeriesBucket>();
  const chosen = new Array<number>(names.length);
  const add = (i: number, d: number) => {
    if (d === names.length) {
      const isVest = index.fn[i] === vest;
      const at = points && !isVest ? periodEnd(points, index.start[i]) : -1;
      const start = at >= 0 ? points![at] : index.start[i];
      const end = at >= 0 || Number.isNaN(index.end[i]) ? null : index.end[i];
      const cliff = isVest ? index.cliff[i] : null;
      let key: number | string;
      if (numeric && at >= 0) {
        key = 0;
        for (let k = 0; k < names.length; k++) key = key * radix[k] + chosen[k];
        key = ((key * radix[names.length] + index.metric[i]) * radix[names.length + 1] + index.unit[i]) * radix[names.length + 2] + index.fn[i];
        key = key * points!.length + at;
      } else key = `${chosen.join(",")}|${index.metric[i]}|${index.unit[i]}|${index.fn[i]}|${start}|${end}|${cliff}`;
      const bucket = buckets.get(key);
      if (bucket) bucket.value += index.value[i];
      else {
        const [metric, unit, fn] = [index.metrics.values[index.metric[i]], index.units.values[index.unit[i]], index.fns.values[index.fn[i]]];
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
