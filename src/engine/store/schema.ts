/**
 * The three tables, under the upstream names so its SQL dumps load. Differences that matter:
 * `value` is double precision (upstream's `real` rounds 0.1), times are timestamptz (UTC, not
 * the client's zone), a dimension is unique per (dimension, path) so rows are shared. The link
 * table has a primary key and nothing else: no foreign keys (their per-row checks were a third
 * of ingest time; the store deletes links in the same statement as their series) and no
 * dimension-first index (the select joins hash the whole table; it only slowed inserts).
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
  "dimensionId" integer not null,
  primary key ("seriesId", "dimensionId")
);
`;

export const TABLES = ["AnalyticsSeries", "AnalyticsDimension", "AnalyticsSeries_AnalyticsDimension"] as const;
