import { cliffOf, DimensionGrouper, periodPoints } from "../core/discretizer.js";
import type { AnalyticsQuery, GroupedSeries } from "../core/types.js";
import type { StoreSql } from "./ingest.js";
import { toDimension, whereUnder, whereUnits, type DimensionRow } from "./sqlPaths.js";

/**
 * Groups and sums the matching series in SQL (the query already validated). The few dimension
 * rows under the selected paths are read first and assigned to their LOD groups here (path
 * segments are escaped text, which SQL cannot cut reliably); the series are then summed per
 * group id, metric, unit and shape. `parallelReads`: the database may run the read in parallel
 * workers (a PostgreSQL server), so the planner is left free to choose its join order.
 */
export async function readGroupedSeries(
  { executor, knex: k }: StoreSql,
  q: AnalyticsQuery,
  parallelReads: boolean,
): Promise<GroupedSeries> {
  const dimensions = Object.entries(q.select);
  const names = dimensions.map(([name]) => name);
  const grouper = new DimensionGrouper(names, q.lod);
  const mapping: [number[], number[]][] = names.map(() => [[], []]);
  if (dimensions.length > 0) {
    const rows = await executor.execute<DimensionRow & { dimension: string }>(
      k("AnalyticsDimension")
        .select("id", "dimension", "path", "icon", "label", "description")
        .where((w) => {
          for (const [name, paths] of dimensions)
            w.orWhere((d) => whereUnder(d.where("dimension", name), "path", paths));
        })
        .orderBy("id"),
    );
    for (const r of rows) {
      const i = names.indexOf(r.dimension);
      mapping[i][0].push(r.id);
      mapping[i][1].push(grouper.groupOf(i, toDimension(r)));
    }
    // A selected dimension with no path under the selection: nothing can match.
    if (mapping.some(([ids]) => ids.length === 0)) return { dimensions: names, groups: grouper.groups, buckets: [] };
  }
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
  const statement = k("AnalyticsSeries as s")
    .select(names.map((_, i) => `l${i}.g as g${i}`))
    .select("s.metric", "s.unit", "s.fn")
    .select({ start_ms: start, end_ms: end, cliff })
    .select(k.raw("sum(s.value)::float8 as value"))
    .whereIn("s.metric", q.metrics);
  whereUnits(statement, q.currency);
  if (q.end) statement.where("s.start", "<=", q.end.toISO()!); // a change at the end instant belongs to the last period (start, end]
  names.forEach((_, i) => {
    // Each dimension's links are cut to the selected dimension rows (with their group) before
    // they meet the series: `offset 0` keeps the planner from merging the subquery into the
    // outer joins, where it would join every link to the series first (20% slower at 200k in
    // PGlite). A server that runs reads in parallel workers is left free: the fence would
    // keep the joins out of them.
    const fence = parallelReads ? "" : " offset 0";
    const sql = `(select l."seriesId", m.g from ?? l join unnest(?::int[], ?::int[]) as m(id, g) on m.id = l."dimensionId"${fence}) as ??`;
    statement.join(
      k.raw(sql, ["AnalyticsSeries_AnalyticsDimension", ...mapping[i], `l${i}`]),
      `l${i}.seriesId`,
      "s.id",
    );
  });
  const groupBy = [
    ...names.map((_, i) => `l${i}.g`),
    "s.metric",
    "s.unit",
    "s.fn",
    k.raw("start_ms"),
    k.raw("end_ms"),
    k.raw("cliff"),
  ];
  statement.groupBy(groupBy);
  const rows = await executor.execute<Record<string, unknown>>(statement);
  const buckets = rows.map((r) => ({
    groups: names.map((_, i) => r[`g${i}`] as number),
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
