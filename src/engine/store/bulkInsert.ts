import type { Knex } from "knex";
import type { NormalizedSeries } from "../core/seriesInput.js";
import { CopyBinaryWriter } from "./copyBinary.js";
import type { IKnexQueryExecutor } from "./executor.js";
import type { SqlValue } from "./sqlText.js";

const SERIES_COLUMNS = ["id", "source", "start", "end", "metric", "value", "unit", "fn", "params", "dimensionSet"];

const iso = (t: number) => new Date(t).toISOString();

export type IdOf = (i: number) => number;
export type DimensionIdOf = (d: NormalizedSeries["dimensions"][number]) => number;
/** The i-th series' dimension set (dimensionSets.ts); null without dimensions. */
export type SetOf = (i: number) => number | null;

/**
 * Binary COPY: no per-element array parsing (3–4× faster than array inserts in PGlite), and no
 * timestamp or float text to parse (~1.5× faster than CSV).
 */
export async function copySeries(
  tx: IKnexQueryExecutor,
  knex: Knex,
  series: NormalizedSeries[],
  idOf: IdOf,
  dimensionId: DimensionIdOf,
  setOf: SetOf,
) {
  const rows = new CopyBinaryWriter(series.length * 96);
  const links = new CopyBinaryWriter(series.length * 40);
  let linkCount = 0;
  for (let i = 0; i < series.length; i++) {
    const s = series[i];
    const id = idOf(i);
    rows.row(SERIES_COLUMNS.length);
    rows.int4(id);
    rows.repeatedText(s.source);
    rows.timestamptz(s.start);
    if (s.end === null) rows.null();
    else rows.timestamptz(s.end);
    rows.repeatedText(s.metric);
    rows.float8(s.value);
    if (s.unit === null) rows.null();
    else rows.repeatedText(s.unit);
    rows.repeatedText(s.fn);
    if (s.params === null) rows.null();
    else rows.jsonb(JSON.stringify(s.params));
    const set = setOf(i);
    if (set === null) rows.null();
    else rows.int4(set);
    for (const d of s.dimensions) {
      links.row(2);
      links.int4(id);
      links.int4(dimensionId(d));
      linkCount++;
    }
  }
  const columns = SERIES_COLUMNS.map(() => "??").join(", ");
  const copySql = `copy ?? (${columns}) from '/dev/blob' with (format binary)`;
  await tx.copyFrom!(knex.raw(copySql, ["AnalyticsSeries", ...SERIES_COLUMNS]), rows.finish(), series.length);
  if (linkCount > 0) {
    const linkSql = `copy ?? (??, ??) from '/dev/blob' with (format binary)`;
    const names = ["AnalyticsSeries_AnalyticsDimension", "seriesId", "dimensionId"];
    await tx.copyFrom!(knex.raw(linkSql, names), links.finish(), linkCount);
  }
}

/** The series' columns after the id (source … params), each as an array. */
export function seriesColumns(series: NormalizedSeries[], isoOf = iso): SqlValue[][] {
  const col = (f: (s: NormalizedSeries) => SqlValue) => series.map(f);
  return [
    col((s) => s.source),
    col((s) => isoOf(s.start)),
    col((s) => (s.end === null ? null : isoOf(s.end))),
    col((s) => s.metric),
    col((s) => s.value),
    col((s) => s.unit),
    col((s) => s.fn),
    col((s) => (s.params ? JSON.stringify(s.params) : null)),
  ];
}

/** `fn` with its results kept per argument, for values a batch repeats many times. */
function memo<K, V>(fn: (key: K) => V): (key: K) => V {
  const seen = new Map<K, V>();
  return (key) => {
    if (seen.has(key)) return seen.get(key)!;
    const value = fn(key);
    seen.set(key, value);
    return value;
  };
}

/** Array inserts, where the database takes no COPY from the client (a server through knex). */
export async function insertSeries(
  tx: IKnexQueryExecutor,
  knex: Knex,
  series: NormalizedSeries[],
  idOf: IdOf,
  dimensionId: DimensionIdOf,
  setOf: SetOf,
) {
  // A batch repeats few instants (monthly data): format each once.
  const isoOf = memo(iso);
  const links: [number[], number[]] = [[], []];
  series.forEach((s, i) => {
    for (const d of s.dimensions) {
      links[0].push(idOf(i));
      links[1].push(dimensionId(d));
    }
  });
  const types =
    "?::int[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::float8[], ?::text[], ?::text[], ?::jsonb[], ?::int[]";
  const columns = SERIES_COLUMNS.map(() => "??").join(", ");
  const ids = series.map((_, i) => idOf(i));
  const sql = `insert into ?? (${columns}) select * from unnest(${types})`;
  const sets = series.map((_, i) => setOf(i));
  await tx.execute(knex.raw(sql, ["AnalyticsSeries", ...SERIES_COLUMNS, ids, ...seriesColumns(series, isoOf), sets]));
  if (links[0].length > 0) {
    const linkSql = `insert into ?? ("seriesId", "dimensionId") select * from unnest(?::int[], ?::int[])`;
    await tx.execute(knex.raw(linkSql, ["AnalyticsSeries_AnalyticsDimension", ...links]));
  }
}
