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
export async function readGroupedSeries(
  { executor, knex: k }: StoreSql,
  q: AnalyticsQuery,
  parallelReads: boolean,
): Promise<GroupedSeries> {
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
    // `m` meet the series once: grouped by the series' primary key (its columns come along),
    // each series gets its key per dimension (a series has one link per dimension). No join between two sets of links, whose sizes the planner misjudges
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
    // Each distinct (dimension, key) gets a number `g`: the sums run on numbers, not text.
    const rows = selected.slice(1).reduce((all, r) => all.unionAll(r, true), selected[0]);
    const m = k.select("*", k.raw("dense_rank() over (order by i, k)::int as g")).from(rows.as("d"));
    matching.join("AnalyticsSeries_AnalyticsDimension as l", "l.seriesId", "s.id").join("m", "m.id", "l.dimensionId");
    if (names.length === 1) matching.select("m.g as g0");
    else {
      matching
        .select(names.map((_, i) => k.raw(`min(m.g) filter (where m.i = ?) as ??`, [i, `g${i}`])))
        .groupBy("s.id");
    }
    // Materialized: computed once (PGlite). On a server, inlined in each reference, so that the
    // joins around it can run in parallel workers.
    statement = parallelReads ? statement.withNotMaterialized("m", m) : statement.withMaterialized("m", m);
  }
  const columns = [...names.map((_, i) => `g${i}`), "metric", "unit", "fn", "start_ms", "end_ms", "cliff"];
  // A series lacking one of the dimensions has no key for it. (Not a HAVING count: the planner
  // guesses an equality on an aggregate keeps 0.5 % of the rows, and then sorts to group.)
  const sums = k("matching").select(columns).select(k.raw("sum(value)::float8 as value")).groupBy(columns);
  names.forEach((_, i) => sums.whereNotNull(`g${i}`));
  statement = statement.with("matching", matching).with("sums", sums).select("sums.*").from("sums");
  if (names.length > 0) {
    // Then one row per key (`ki` set; its number in `g0`), with the metadata of the selected row
    // that sits exactly at the key (a whole path), if any: no join on the sums.
    statement.select(
      k.raw("null::int as ki, null::text as k, null::text as label, null::text as icon, null::text as description"),
    );
    const exact = (column: string) => k.raw(`case when path = k then ?? end as ??`, [column, column]);
    const keys = k("m")
      .distinctOn("g")
      .select("g", ...Array.from({ length: names.length + 6 }, () => k.raw("null")))
      .select("i", "k", exact("label"), exact("icon"), exact("description"))
      // Only keys some sum uses: a selection of thousands of paths at a fine LOD has far more.
      // Inside a CASE each IN stays a hashed subplan, run once; a lone IN would become a
      // semi-join, which the planner may run as a scan of the sums per key.
      .whereRaw(
        `case i ${names.map(() => "when ? then g in (select ?? from sums)").join(" ")} end`,
        names.flatMap((_, i) => [i, `g${i}`]),
      )
      .orderBy([{ column: "g" }, { column: k.raw("path = k") as unknown as string, order: "desc" }]);
    statement.unionAll(keys, true);
  }
  const rows = await executor.execute<Record<string, unknown>>(statement);
  // Each key is parsed and named once.
  const groupOf = names.map(() => new Map<number, number>());
  const sumRows: Record<string, unknown>[] = [];
  for (const r of rows) {
    if (r.ki === null || r.ki === undefined) sumRows.push(r);
    else {
      const dimension = {
        path: AnalyticsPath.fromStored(r.k as string),
        label: text(r.label),
        icon: text(r.icon),
        description: text(r.description),
      };
      groupOf[r.ki as number].set(r.g0 as number, grouper.groupOf(r.ki as number, dimension));
    }
  }
  const buckets = sumRows.map((r) => ({
    groups: names.map((_, i) => groupOf[i].get(r[`g${i}`] as number)!),
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
