/**
 * The three tables, under the upstream names so its SQL dumps load. Differences that matter:
 * `value` is double precision (upstream's `real` rounds 0.1), times are timestamptz (UTC, not
 * the client's zone), a dimension is unique per (dimension, path) so rows are shared. The link
 * table has no keys or indexes: every read hashes the whole table anyway, foreign-key checks
 * were a third of ingest time and its primary key most of the rest. The store keeps it right
 * itself: one link per (series, dimension) by construction, and links are deleted in the same
 * statement as their series. The series table has its primary key only: reads hash-join whole
 * tables (an index on metric/unit/start went unused) and a clear by source scans 200k series in
 * ~75 ms, while the two secondary indexes cost a third of ingest (measured: 20k series 250 →
 * 190 ms, 200k 4.7 → 3.0 s). A server holding far more may add `(source)`; the prefix range in
 * the clear's SQL is written to use it.
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
/** The three tables quoted for SQL, comma-separated: for truncate, grant and messages. */
export const TABLE_LIST = TABLES.map((t) => `"${t}"`).join(", ");
