import type { Knex } from "knex";
import { AnalyticsPath } from "../core/path.js";
import type { AnalyticsDimension } from "../core/types.js";

/** A path's stored prefix: everything under `atlas/a` starts with `atlas/a/`; the empty path is everything. */
function storedPrefix(path: AnalyticsPath): string {
  return path.segments.length === 0 ? "" : path.toString("/");
}

/** The least string above every string starting with `prefix` (which ends in "/"). */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/** The stored paths under `path` as [its prefix, the least string above them]; null for the empty path (everything). */
export function rangeOf(path: AnalyticsPath): [string, string] | null {
  const prefix = storedPrefix(path);
  return prefix === "" ? null : [prefix, prefixEnd(prefix)];
}

/**
 * Keeps rows whose `column` lies in one of `ranges` (all rows when there are none; a null range is
 * everything). A bound is a value, or the SQL of one (a prepared statement's argument). The range
 * beside `starts_with` lets a btree index answer it (the collation is C); `starts_with` keeps the
 * match literal, where LIKE would read `%` and `_` as wildcards.
 */
export function whereInRanges<B extends Knex.QueryBuilder>(
  builder: B,
  column: string,
  ranges: ([string | Knex.Raw, string | Knex.Raw] | null)[],
): B {
  if (ranges.length > 0) {
    builder.where((w) => {
      for (const r of ranges) {
        if (!r) w.orWhereRaw("true");
        else {
          const range = `(?? collate "C" >= ? and ?? collate "C" < ? and starts_with(??, ?))`;
          w.orWhereRaw(range, [column, r[0], column, r[1], column, r[0]]);
        }
      }
    });
  }
  return builder;
}

/** Keeps rows whose `column` lies under one of `paths` (all rows when there are none). */
export const whereUnder = <B extends Knex.QueryBuilder>(builder: B, column: string, paths: AnalyticsPath[]): B =>
  whereInRanges(builder, column, paths.map(rangeOf));

/** Units from the currency's first segment (`DAI` or `DAI,MKR`); null (all) for none, empty or `*`. */
export function unitsOf(currency: AnalyticsPath | undefined): string[] | null {
  const units = currency?.firstSegment().filters;
  return units && units.length > 0 && !(units.length === 1 && units[0] === "") ? units : null;
}

/** Keeps the series in the currency's units (see unitsOf). */
export function whereUnits(builder: Knex.QueryBuilder, currency: AnalyticsPath | undefined): void {
  const units = unitsOf(currency);
  if (units) builder.whereIn("s.unit", units);
}

export const text = (v: unknown) => (typeof v === "string" ? v : "");

export type DimensionRow = {
  id: number;
  path: string;
  icon: string | null;
  label: string | null;
  description: string | null;
};

/** A stored dimension row as the engine shows it; a stored path reads back as it is, never throws. */
export const toDimension = (r: DimensionRow): AnalyticsDimension => ({
  path: AnalyticsPath.fromStored(r.path),
  icon: text(r.icon),
  label: text(r.label),
  description: text(r.description),
});
