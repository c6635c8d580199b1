import { DateTime } from "luxon";
import { AnalyticsPath } from "../core/path.js";
import type { AnalyticsSeries, AnalyticsSeriesQuery } from "../core/types.js";
import { dimensionsById } from "./dimensions.js";
import type { StoreSql } from "./ingest.js";
import { whereUnder, whereUnits } from "./sqlPaths.js";

type SeriesRow = {
  id: number;
  source: string;
  start_ms: number;
  end_ms: number | null;
  metric: string;
  value: number;
  unit: string | null;
  fn: string;
  params: Record<string, unknown> | null;
  [dimensionColumn: string]: unknown;
};

/**
 * Series of the query's metrics and units with a path under one of the selected paths of
 * every selected dimension (the query already validated). Two statements: the series with
 * their dimension ids, then the metadata of just those dimensions, so icons and labels are not
 * repeated on every row.
 */
export async function readMatchingSeries(
  { executor, knex: k }: StoreSql,
  q: AnalyticsSeriesQuery,
): Promise<AnalyticsSeries[]> {
  const dimensions = Object.entries(q.select);
  const statement = k("AnalyticsSeries as s")
    .select("s.id", "s.source", "s.metric", "s.value", "s.unit", "s.fn", "s.params")
    // Epoch milliseconds parse far faster than timestamp text.
    .select(
      k.raw(
        `(extract(epoch from s.start) * 1000)::float8 as start_ms, (extract(epoch from s."end") * 1000)::float8 as end_ms`,
      ),
    )
    .whereIn("s.metric", q.metrics);
  whereUnits(statement, q.currency);
  if (q.end) statement.where("s.start", "<", q.end.toISO()!);
  dimensions.forEach(([name, paths], i) => {
    const [link, dim] = [`l${i}`, `d${i}`];
    statement
      .join(`AnalyticsSeries_AnalyticsDimension as ${link}`, `${link}.seriesId`, "s.id")
      .join(`AnalyticsDimension as ${dim}`, (on) =>
        on.on(`${dim}.id`, `${link}.dimensionId`).andOnVal(`${dim}.dimension`, "=", name),
      )
      .select({ [`d${i}`]: `${dim}.id` });
    whereUnder(statement, `${dim}.path`, paths);
  });
  statement.orderBy([{ column: "s.start" }, { column: "s.id" }]);
  const rows = await executor.execute<SeriesRow>(statement);
  const meta = await dimensionsById(
    executor,
    k,
    rows.flatMap((r) => dimensions.map((_, i) => r[`d${i}`] as number)),
  );
  // Few distinct sources repeat over many rows: parse each once.
  const sources = new Map<string, AnalyticsPath>();
  return rows.map((r) => {
    let source = sources.get(r.source);
    if (!source) sources.set(r.source, (source = AnalyticsPath.fromStored(r.source)));
    return {
      id: r.id,
      source,
      start: DateTime.fromMillis(r.start_ms, { zone: "utc" }),
      end: r.end_ms === null ? null : DateTime.fromMillis(r.end_ms, { zone: "utc" }),
      metric: r.metric,
      value: r.value,
      unit: r.unit,
      fn: r.fn,
      params: r.params,
      dimensions: Object.fromEntries(dimensions.map(([name], i) => [name, meta.get(r[`d${i}`] as number)!])),
    };
  });
}
