import type { Knex } from "knex";
import { AnalyticsPath } from "../core/path.js";
import type { AnalyticsDimension } from "../core/types.js";

/** A path's stored prefix: everything under `atlas/a` starts with `atlas/a/`; the empty path is everything. */
export function storedPrefix(path: AnalyticsPath): string {
  return path.segments.length === 0 ? "" : path.toString("/");
}

/** The least string above every string starting with `prefix` (which ends in "/"). */
export function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/**
 * Keeps rows whose `column` lies under one of `paths` (all rows when there are none). The
 * range beside `starts_with` lets a btree index answer it (the collation is C); `starts_with`
 * keeps the match literal, where LIKE would read `%` and `_` as wildcards.
 */
export function whereUnder<B extends Knex.QueryBuilder>(builder: B, column: string, paths: AnalyticsPath[]): B {
  if (paths.length > 0) {
    builder.where((w) => {
      for (const p of paths) {
        const prefix = storedPrefix(p);
        if (prefix === "") w.orWhereRaw("true");
        else {
          const range = `(?? collate "C" >= ? and ?? collate "C" < ? and starts_with(??, ?))`;
          w.orWhereRaw(range, [column, prefix, column, prefixEnd(prefix), column, prefix]);
        }
      }
    });
  }
  return builder;
}

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
