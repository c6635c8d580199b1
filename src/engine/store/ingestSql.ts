import { SERIES_SEQUENCE } from "./ids.js";
import { SETS_KEPT_SETTING } from "./schema.js";

/**
 * The SQL texts of a write, with the argument expressions left to the caller: `?::text[]` for a
 * knex statement, `$1` in a prepared statement, an array literal in a script.
 */

/**
 * CTEs `wanted`, `added` and `dims`: inserts the (dimension, path) pairs that are missing and
 * gives `dims(k, id)`: the id of the k-th pair (1-based), new or existing.
 */
export function dimensionsCte(names: string, paths: string): string {
  return `wanted as (select * from unnest(${names}, ${paths}) with ordinality as w(dimension, path, k)),
    added as (insert into "AnalyticsDimension" (dimension, path) select dimension, path from wanted
              on conflict (dimension, path) do nothing returning id, dimension, path),
    dims as (select w.k, coalesce(a.id, d.id) as id from wanted w
             left join added a on a.dimension = w.dimension and a.path = w.path
             left join "AnalyticsDimension" d on d.dimension = w.dimension and d.path = w.path)`;
}

/**
 * CTEs `keyed`, `found`, `added_sets` and `sets(n, id)`: the dimension set of each `n` (a series,
 * or a pattern of dimension rows) from `members(n, id)`, its dimension rows' ids. Existing sets are
 * looked up first, so only missing ones go through the insert (dimensionSets.ts).
 */
export function setsCte(members: string): string {
  return `keyed as (select n, array_agg(distinct id order by id) as ids from ${members} group by n),
    found as (select k.n, k.ids, e.id from keyed k left join "AnalyticsDimensionSet" e on e."dimensionIds" = k.ids),
    added_sets as (insert into "AnalyticsDimensionSet" ("dimensionIds") select distinct ids from found where id is null
                   on conflict ("dimensionIds") do nothing returning id, "dimensionIds"),
    sets as (select f.n, coalesce(f.id, a.id) as id from found f left join added_sets a on a."dimensionIds" = f.ids)`;
}

/** Sets the metadata given in a batch on its dimension rows. */
export function metadataUpdate(
  names: string,
  paths: string,
  icons: string,
  labels: string,
  descriptions: string,
): string {
  return `update "AnalyticsDimension" as d set icon = m.icon, label = m.label, description = m.description
    from unnest(${names}, ${paths}, ${icons}, ${labels}, ${descriptions}) as m(dimension, path, icon, label, description)
    where d.dimension = m.dimension and d.path = m.path`;
}

/** The prepared statements' names (versioned: a changed statement gets a new name). */
export const SMALL_WRITE = "analytics_small_write_v3";
export const RESERVE = "analytics_reserve_v3";

/**
 * A block of series ids; it also says, for the rest of the transaction, that the store's own
 * write keeps the dimension sets (dimensionSets.ts), which saves a statement.
 */
const BLOCK = `block as (select setval(${SERIES_SEQUENCE}, nextval(${SERIES_SEQUENCE}) + $3 - 1)::int - $3 as base,
  set_config('${SETS_KEPT_SETTING}', 'on', true) as keeps_sets)`;

/**
 * A whole small write as one statement, so that it is atomic without a transaction and planned
 * once per database: the missing dimension rows, a block of series ids (from the sequence: only
 * where the store is alone on the database), each series' dimension set (missing sets
 * inserted), the series, and their links. Arguments: dimension names and paths; the series
 * count; the series columns; the links as (series n, dimension k), both 1-based.
 */
const SMALL_WRITE_SQL = `prepare ${SMALL_WRITE}(text[], text[], int, text[], timestamptz[], timestamptz[], text[],
    float8[], text[], text[], jsonb[], int[], int[]) as
  with ${dimensionsCte("$1", "$2")},
  ${BLOCK},
  linked as (select l.n, d.id from unnest($12, $13) as l(n, k) join dims d on d.k = l.k),
  ${setsCte("linked")},
  series as (insert into "AnalyticsSeries" (id, source, start, "end", metric, value, unit, fn, params, "dimensionSet")
    select b.base + u.n, u.source, u.start, u."end", u.metric, u.value, u.unit, u.fn, u.params, st.id
    from block b, unnest($4, $5, $6, $7, $8, $9, $10, $11) with ordinality as u(source, start, "end", metric, value, unit, fn, params, n)
    left join sets st on st.n = u.n)
  insert into "AnalyticsSeries_AnalyticsDimension" ("seriesId", "dimensionId")
  select b.base + l.n, l.id from block b, linked l`;

/**
 * The ids of a bulk write: the dimension rows, missing ones inserted (k 1-based, id), the
 * series ids reserved as one block (`base` + 1 … `base` + count, where the store is alone), and
 * the dimension set of each pattern (`p` 1-based, id): the batch's distinct combinations of
 * dimension rows, each as an int[] literal of k.
 */
const RESERVE_SQL = `prepare ${RESERVE}(text[], text[], int, text[]) as
  with ${dimensionsCte("$1", "$2")}, ${BLOCK},
  members as (select u.n, d.id from unnest($4) with ordinality as u(pattern, n),
              unnest(u.pattern::int[]) as x(k) join dims d on d.k = x.k),
  ${setsCte("members")}
  select b.base, d.k::int as k, d.id, null::int as p from block b left join dims d on true
  union all select null, null, s.id, s.n::int from sets s`;

export const PREPARED = [SMALL_WRITE_SQL, RESERVE_SQL];
