/**
 * The three tables, under the upstream names so its SQL dumps load. Differences that matter:
 * `value` is double precision (upstream's `real` rounds 0.1), times are timestamptz (UTC, not
 * the client's zone), a dimension is unique per (dimension, path) so rows are shared. The link
 * table has no keys or indexes: every read hashes the whole table anyway, foreign-key checks
 * were a third of ingest time and its primary key most of the rest. The store keeps it right
 * itself: one link per (series, dimension) by construction, and links are deleted in the same
 * statement as their series.
 * The database collation is C, so the plain btree on source serves prefix ranges.
 * Every statement is idempotent: a second init, or a second store on one database, keeps rows.
 */
export const SCHEMA_SQL = `
create table if not exists "AnalyticsSeries" (
  id      serial primary key,
  source  text not null,
  start   timestamptz not null,
  "end"   timestamptz,
  metric  text not null,
  value   double precision not null,
  unit    text,
  fn      text not null default 'Single',
  params  jsonb
);
create index if not exists analyticsseries_metric_unit_start_index on "AnalyticsSeries" (metric, unit, start);
create index if not exists analyticsseries_source_index on "AnalyticsSeries" (source);

create table if not exists "AnalyticsDimension" (
  id          serial primary key,
  dimension   text not null,
  path        text not null,
  label       text,
  icon        text,
  description text,
  unique (dimension, path)
);

create table if not exists "AnalyticsSeries_AnalyticsDimension" (
  "seriesId"    integer not null,
  "dimensionId" integer not null
);
`;

export const TABLES = ["AnalyticsSeries", "AnalyticsDimension", "AnalyticsSeries_AnalyticsDimension"] as const;
