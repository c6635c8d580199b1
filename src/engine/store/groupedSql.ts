import type { Knex } from "knex";
import { periodPoints } from "../core/discretizer.js";
import type { AnalyticsQuery } from "../core/types.js";
import type { Statement } from "./executor.js";
import { rangeOf, unitsOf, whereInRanges } from "./sqlPaths.js";
import type { SqlValue } from "./sqlText.js";

/**
 * The values a grouped read depends on, apart from its shape. Everything else in its statement is
 * fixed by the shape (`shapeKey`): so one statement per shape can be prepared and run with these.
 */
export type ReadArgs = {
  /** Where each series' dimension rows come from: its dimension set (dimensionSets.ts), or its links. */
  via: "sets" | "links";
  metrics: string[];
  units: string[] | null;
  /** The last instant counted (ISO); null without an end. */
  end: string | null;
  /** With a fixed range: the period ends as epoch ms, and as instants one microsecond later. */
  points: number[] | null;
  pointsAfter: string[] | null;
  /** Per selected dimension: its name, the pattern cutting a path to its LOD, and its select paths as [from, to) ranges ("everything" is null). */
  dimensions: { name: string; cut: string; ranges: ([string, string] | null)[] }[];
};

export function readArgs(q: AnalyticsQuery, via: ReadArgs["via"]): ReadArgs {
  const points = q.start && q.end ? periodPoints(q.start.toMillis(), q.end.toMillis(), q.granularity) : null;
  return {
    via,
    metrics: q.metrics,
    units: unitsOf(q.currency),
    end: q.end ? q.end.toISO()! : null,
    points,
    // `.000Z` → `.000001Z`: the instant after each end (timestamps count microseconds).
    pointsAfter: points && points.map((t) => new Date(t).toISOString().replace("Z", "001Z")),
    dimensions: Object.entries(q.select).map(([name, paths]) => ({
      name,
      cut: `^(?:[^/]*/){0,${Math.max(0, q.lod[name] ?? 0)}}`,
      ranges: paths.map(rangeOf),
    })),
  };
}

/** The value at `path` (`dimensions.0.ranges.1.0`) in the arguments. */
export function valueAt(a: ReadArgs, path: string): SqlValue | readonly SqlValue[] {
  let v: unknown = a;
  for (const part of path.split(".")) v = (v as Record<string, unknown>)[part];
  return v as SqlValue | readonly SqlValue[];
}

/** What fixes the statement's text: which arguments exist, and how many select paths each dimension has. */
export function shapeKey(a: ReadArgs): string {
  const dims = a.dimensions.map((d) => d.ranges.map((r) => (r ? "p" : "*")).join(""));
  return `${a.via}:${a.units ? "u" : ""}${a.end ? "e" : ""}${a.points ? "t" : ""}:${dims.join("|")}`;
}

/**
 * An argument's SQL, by its path in ReadArgs (`dimensions.0.name`) and type: a bound value in a
 * one-off statement, `$n` in a prepared one.
 */
export type ArgRef = (path: string, type: string) => Knex.Raw;

/**
 * A dimension row's group key at its LOD, in SQL: the stored path cut after its first `lod`
 * separators. Only for paths the cut reads right: ending in `/` and free of `\`, `:` and `,`
 * (which escape or split segments); any other path is its own key and TypeScript cuts it
 * (DimensionGrouper), so an odd stored path groups exactly as the engine reads it.
 */
const key = (cut: string) =>
  `case when path ~ '[\\\\:,]' or right(path, 1) <> '/' then path else substring(path from ${cut}) end`;

/** The columns a grouped statement returns, in order, for `dimensions` selected dimensions. */
export function groupedColumns(dimensions: number): string[] {
  const keys = Array.from({ length: dimensions }, (_, i) => `g${i}`);
  const sums = [...keys, "metric", "unit", "fn", "start_ms", "end_ms", "cliff", "value"];
  return dimensions > 0 ? [...sums, "ki", "k", "label", "icon", "description"] : sums;
}

/**
 * Groups and sums the matching series in one statement: `m`, the selected dimension rows with
 * their group keys; `matching`, each matching series with its key per dimension; `sums`, per
 * keys, metric, unit and shape; then, as rows of their own, the metadata of selected rows that
 * sit exactly at their key. Every value comes through `arg`, so the text depends on the shape only.
 */
export function groupedStatement(k: Knex, a: ReadArgs, arg: ArgRef, parallelReads: boolean): Statement {
  const names = a.dimensions.map((d) => d.name);
  // With a fixed range, a Single only matters through the first period end at or after its
  // start: SQL moves its start there (width_bucket: how many period ends lie before the start,
  // counted as the instants just after them that lie at or before it, so the start is compared
  // as it is stored) and sums it with the others of its group and period.
  // Vests keep their exact shape. Without a range the data decides the range, so every start
  // stays as it is.
  const startMs = `(extract(epoch from s.start) * 1000)::float8`;
  const endMs = `(extract(epoch from s."end") * 1000)::float8`;
  const start = a.points
    ? k.raw(`case when s.fn = 'DssVest' then ${startMs} else (?)[width_bucket(s.start, ?) + 1] end`, [
        arg("points", "float8[]"),
        arg("pointsAfter", "timestamptz[]"),
      ])
    : k.raw(startMs);
  const end = a.points ? k.raw(`case when s.fn = 'DssVest' then ${endMs} end`) : k.raw(endMs);
  const cliff = k.raw(`case when s.fn = 'DssVest' then s.params->>'cliff' end`);
  // One row per matching series: its group key per dimension, and its shape.
  const matching = k("AnalyticsSeries as s")
    .select("s.metric", "s.unit", "s.fn", "s.value")
    .select({ start_ms: start, end_ms: end, cliff })
    .whereRaw(`?? = any(?)`, ["s.metric", arg("metrics", "text[]")]);
  if (a.units) matching.whereRaw(`?? = any(?)`, ["s.unit", arg("units", "text[]")]);
  // A change at the end instant belongs to the last period (start, end].
  if (a.end) matching.where("s.start", "<=", arg("end", "timestamptz"));
  let statement = k.queryBuilder();
  const valid = `coalesce((select valid from "AnalyticsDimensionSetState"), false)`;
  const bySets = a.via === "sets" && names.length > 0;
  if (names.length > 0) {
    // `m`: the selected dimension rows (dimension `i`) with their group key `k`.
    const selected = a.dimensions.map((d, i) => {
      const at = `dimensions.${i}`;
      const rows = k("AnalyticsDimension")
        .select("id", k.raw(`${i}::int as i`), "path", "label", "icon", "description")
        .select(k.raw(`${key("?")} as k`, [arg(`${at}.cut`, "text")]))
        .where("dimension", arg(`${at}.name`, "text"));
      // Under one of the select paths.
      return whereInRanges(
        rows,
        "path",
        d.ranges.map((r, j) => r && [arg(`${at}.ranges.${j}.0`, "text"), arg(`${at}.ranges.${j}.1`, "text")]),
      );
    });
    // Each distinct (dimension, key) gets a number `g`: the sums run on numbers, not text.
    const rows = selected.slice(1).reduce((all, r) => all.unionAll(r, true), selected[0]);
    const m = k.select("*", k.raw("dense_rank() over (order by i, k)::int as g")).from(rows.as("d"));
    // Materialized: computed once (PGlite). On a server, inlined in each reference, so that the
    // joins around it can run in parallel workers.
    statement = parallelReads ? statement.withNotMaterialized("m", m) : statement.withMaterialized("m", m);
    // Each series gets its key per dimension: the least where it has several rows of one dimension.
    const groups = (q: Knex.QueryBuilder, by: string) =>
      names.length === 1
        ? q.select("m.g as g0")
        : q.select(names.map((_, i) => k.raw(`min(m.g) filter (where m.i = ${i}) as g${i}`))).groupBy(by);
    if (bySets) {
      // Through its dimension set: the keys of a few sets, then one hash join with the series.
      // Only while the sets are valid (schema.ts): one value, computed once for the statement.
      const members = k("AnalyticsDimensionSet").select("id as set", k.raw(`unnest("dimensionIds") as id`));
      statement = statement.with(
        "sets",
        groups(k.from(members.as("x")).select("x.set").join("m", "m.id", "x.id"), "x.set"),
      );
      matching
        .join("sets", "sets.set", "s.dimensionSet")
        .select(names.map((_, i) => `sets.g${i}`))
        .whereRaw(valid);
    } else {
      // Through its links into `m`, grouped by the series' primary key (its columns come along).
      // No join between two sets of links, whose sizes the planner misjudges on stores of many
      // small paths (it then loops over one set per row of the other): at worst a misjudged size
      // turns the join to the series into primary-key lookups.
      matching.join("AnalyticsSeries_AnalyticsDimension as l", "l.seriesId", "s.id").join("m", "m.id", "l.dimensionId");
      groups(matching, "s.id");
    }
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
    const exact = (column: string) => k.raw(`case when path = k then ${column} end as ${column}`);
    const keys = k("m")
      .distinctOn("g")
      .select("g", ...Array.from({ length: names.length + 6 }, () => k.raw("null")))
      .select("i", "k", exact("label"), exact("icon"), exact("description"))
      // Only keys some sum uses: a selection of thousands of paths at a fine LOD has far more.
      // Inside a CASE each IN stays a hashed subplan, run once; a lone IN would become a
      // semi-join, which the planner may run as a scan of the sums per key.
      .whereRaw(`case i ${names.map((_, i) => `when ${i} then g in (select g${i} from sums)`).join(" ")} end`)
      .orderBy([{ column: "g" }, { column: k.raw("path = k") as unknown as string, order: "desc" }]);
    statement.unionAll(keys, true);
  }
  if (bySets) {
    // And a row with `ki` -1 when the sets are stale (the statement read no series): the store
    // rebuilds them and reads again.
    const stale = k.select(...Array.from({ length: names.length + 7 }, () => k.raw("null")), k.raw("-1"));
    statement.unionAll(stale.select(...Array.from({ length: 4 }, () => k.raw("null"))).whereRaw(`not ${valid}`), true);
  }
  return statement;
}
