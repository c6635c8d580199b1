import { cliffOf, DimensionGrouper, periodPoints } from "../core/discretizer.js";
import { AnalyticsPath } from "../core/path.js";
import type { AnalyticsQuery, GroupedSeries } from "../core/types.js";
import type { StoreSql } from "./ingest.js";
import { text, whereUnder, whereUnits } from "./sqlPaths.js";

/**
 * A dimension row's group key at `lod` segments, in SQL: the stored path cut after its first
 * `lod` separators. Only for paths the cut reads right: ending in `/` and free of `\`, `:` and
 * `,` (which escape or split segments); any other path is its own key and TypeScript cuts it
 * (DimensionGrouper), so an odd stored path groups exactly as the engine reads it.
 */
const KEY = `case when path ~ '[\\\\:,]' or right(path, 1) <> '/' then path else substring(path from ?) end`;

/**
 * Groups and sums the matching series in one statement (the query already validated): `m`, the
 * selected dimension rows with their group keys; `matching`, each matching series with its key
 * per dimension; `sums`, per keys, metric, unit and shape; then, as rows of their own, the
 * metadata of selected rows that sit exactly at their key. TypeScript only names the groups
 * (parsing each distinct key once) and sets the metadata rows aside.
 */
export async function readGroupedSeries({ executor, knex: k }: StoreSql, q: AnalyticsQuery): Promise<GroupedSeries> {
  const dimensions = Object.entries(q.select);
  const names = dimensions.map(([name]) => name);
  const grouper = new DimensionGrouper(names, q.lod);
  // With a fixed range, a Single only matters through the first period end at or after its
  // start: SQL moves its start there (width_bucket over the period ends: how many lie before
  // the start, compared as timestamps) and sums it with the others of its group and period.
  // Vests keep their exact shape. Without a range the data decides the range, so every start
  // stays as it is.
  const startMs = `(extract(epoch from s.start) * 1000)::float8`;
  const points = q.start && q.end ? periodPoints(q.start.toMillis(), q.end.toMillis(), q.granularity) : null;
  const bucketStart = `(?::float8[])[width_bucket(s.start - interval '1 microsecond', ?::timestamptz[]) + 1]`;
  const start = points
    ? k.raw(`case when s.fn = 'DssVest' then ${startMs} else ${bucketStart} end`, [
        points,
        points.map((t) => new Date(t).toISOString()),
      ])
    : k.raw(startMs);
  const endMs = `(extract(epoch from s."end") * 1000)::float8`;
  const end = points ? k.raw(`case when s.fn = 'DssVest' then ${endMs} end`) : k.raw(endMs);
  const cliff = k.raw(`case when s.fn = 'DssVest' then s.params->>'cliff' end`);
  // One row per matching series: its group key per dimension, and its shape.
  const matching = k("AnalyticsSeries as s")
    .select("s.metric", "s.unit", "s.fn", "s.value")
    .select({ start_ms: start, end_ms: end, cliff })
    .whereIn("s.metric", q.metrics);
  whereUnits(matching, q.currency);
  if (q.end) matching.where("s.start", "<=", q.end.toISO()!); // a change at the end instant belongs to the last period (start, end]
  let statement = k.queryBuilder();
  if (names.length > 0) {
    // `m`: the selected dimension rows (dimension `i`) with their group key `k`. The links into
    // `m` meet the series once: a series has one link per dimension, so it matches when it has
    // as many links into `m` as there are dimensions (grouped by the series' primary key, its
    // columns come along). No join between two sets of links, whose sizes the planner misjudges
    // on stores of many small paths (it then loops over one set per row of the other): at worst
    // a misjudged size turns the join to the series into primary-key lookups.
    const selected = dimensions.map(([name, paths], i) => {
      const lod = Math.max(0, q.lod[name] ?? 0);
      const rows = k("AnalyticsDimension")
        .select("id", k.raw("?::int as i", [i]), "path", "label", "icon", "description")
        .select(k.raw(`${KEY} as k`, [`^(?:[^/]*/){0,${lod}}`]))
        .where("dimension", name);
      return whereUnder(rows, "path", paths);
    });
    const m = selected.slice(1).reduce((all, rows) => all.unionAll(rows, true), selected[0]);
    matching.join("AnalyticsSeries_AnalyticsDimension as l", "l.seriesId", "s.id").join("m", "m.id", "l.dimensionId");
    if (names.length === 1) matching.select("m.k as k0");
    else {
      matching
        .select(names.map((_, i) => k.raw(`min(m.k) filter (where m.i = ?) as ??`, [i, `k${i}`])))
        .groupBy("s.id")
        .havingRaw("count(*) = ?", [names.length]);
    }
    statement = statement.withMaterialized("m", m);
  }
  const columns = ["metric", "unit", "fn", "start_ms", "end_ms", "cliff"];
  const sums = k("matching")
    .select([...names.map((_, i) => `k${i}`), ...columns])
    .select(k.raw("sum(value)::float8 as value"))
    .groupBy([...names.map((_, i) => `k${i}`), ...columns]);
  statement = statement.with("matching", matching);
  statement = statement.with("sums", sums).select("sums.*").from("sums");
  if (names.length > 0) {
    // The selected rows that sit exactly at their key (whole paths) and carry metadata, as rows
    // of their own after the sums: the groups' labels, without a join on the sums.
    statement.select(k.raw("null::int as mi, null::text as label, null::text as icon, null::text as description"));
    const meta = k("m")
      .select("k", ...Array.from({ length: names.length + 6 }, () => k.raw("null")))
      .select("i", "label", "icon", "description")
      .whereRaw("path = k")
      .whereRaw("coalesce(label, icon, description) is not null");
    statement.unionAll(meta, true);
  }
  const rows = await executor.execute<Record<string, unknown>>(statement);
  // Metadata rows (`mi` set; their key in `k0`) by dimension and key.
  const metadata = names.map(() => new Map<string, Record<string, unknown>>());
  for (const r of rows) if (r.mi !== null && r.mi !== undefined) metadata[r.mi as number].set(r.k0 as string, r);
  // Each distinct key of a dimension is named once.
  const groupOf = names.map(() => new Map<string, number>());
  const group = (key: string, i: number) => {
    let g = groupOf[i].get(key);
    if (g === undefined) {
      const m = metadata[i].get(key);
      const dimension = {
        path: AnalyticsPath.fromStored(key),
        label: text(m?.label),
        icon: text(m?.icon),
        description: text(m?.description),
      };
      groupOf[i].set(key, (g = grouper.groupOf(i, dimension)));
    }
    return g;
  };
  const sumRows = names.length > 0 ? rows.filter((r) => r.mi === null) : rows;
  const buckets = sumRows.map((r) => ({
    groups: names.map((_, i) => group(r[`k${i}`] as string, i)),
    metric: r.metric as string,
    unit: r.unit as string | null,
    fn: r.fn as string,
    start: r.start_ms as number,
    end: r.end_ms as number | null,
    cliff: cliffOf(r.fn as string, { cliff: r.cliff }),
    value: r.value as number,
  }));
  return { dimensions: names, groups: grouper.groups, buckets };
}
