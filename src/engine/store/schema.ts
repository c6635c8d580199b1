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
 *
 * Dimension sets (dimensionSets.ts): each series names the set of dimension rows it links to
 * (`"dimensionSet"`, kept at ingest), so a grouped read groups a few sets instead of joining and
 * grouping every link. The links stay the truth: a statement that changes series or links
 * outside the store's own writes (which say so with the setting) marks the sets stale, and
 * reads join the links until the store rebuilds them.
 */
/** The transaction-local setting under which the store's own writes keep every series' set right. */
export const SETS_KEPT_SETTING = "analytics.sets_kept";
/** The triggers' condition, tested before their function would be called: a call per statement slowed small writes (BENCHMARKS.md). */
const NOT_KEPT = `coalesce(current_setting('${SETS_KEPT_SETTING}', true), '') <> 'on'`;

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

alter table "AnalyticsSeries" add column if not exists "dimensionSet" integer;

create table if not exists "AnalyticsDimensionSet" (
  id             serial primary key,
  "dimensionIds" integer[] not null unique
);

create table if not exists "AnalyticsDimensionSetState" (
  one   boolean primary key default true check (one),
  valid boolean not null
);
insert into "AnalyticsDimensionSetState" (valid)
  select not exists (select from "AnalyticsSeries") where not exists (select from "AnalyticsDimensionSetState");

create or replace function analytics_dimension_sets_stale() returns trigger language plpgsql as $$
begin
  -- No "where valid": a rebuild committing meanwhile is re-read and marked stale again.
  update "AnalyticsDimensionSetState" set valid = false;
  return null;
end $$;

create or replace trigger analytics_dimension_sets_series after insert or update or truncate on "AnalyticsSeries"
  for each statement when (${NOT_KEPT}) execute function analytics_dimension_sets_stale();
create or replace trigger analytics_dimension_sets_links after insert or update or delete or truncate
  on "AnalyticsSeries_AnalyticsDimension" for each statement when (${NOT_KEPT})
  execute function analytics_dimension_sets_stale();
`;

export const TABLES = ["AnalyticsSeries", "AnalyticsDimension", "AnalyticsSeries_AnalyticsDimension"] as const;
/** The three tables quoted for SQL, comma-separated: for truncate, grant and messages. */
export const TABLE_LIST = TABLES.map((t) => `"${t}"`).join(", ");
