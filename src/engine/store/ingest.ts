import type { Knex } from "knex";
import type { NormalizedSeries } from "../core/seriesInput.js";
import { copySeries, insertSeries, seriesColumns, type DimensionIdOf, type IdOf, type SetOf } from "./bulkInsert.js";
import { KEEPS_SETS, setIds, setKey } from "./dimensionSets.js";
import { DimensionKeys, upsertDimensions } from "./dimensions.js";
import type { IKnexQueryExecutor } from "./executor.js";
import { reserveIds } from "./ids.js";
import { metadataUpdate, PREPARED, RESERVE, SMALL_WRITE } from "./ingestSql.js";
import { arrayLiteral, runPreparing } from "./sqlText.js";

export type StoreSql = { executor: IKnexQueryExecutor; knex: Knex };

/** Rows per bulk statement: large enough to amortise a round trip, small enough to bound memory. */
const CHUNK = 20_000;

/**
 * Up to this many series a write is one prepared statement sent as text; above, binary COPY
 * (which inserts rows in bulk, faster per row, but costs a few statements per write).
 */
const SMALL_BATCH = 100;

type Metadata = NormalizedSeries["metadata"][number];

/**
 * Stores the series atomically: all or none. Where the store is alone on a database that runs
 * SQL text (PGlite), its writes use prepared statements, planned once per database (planning
 * cost more than running them); elsewhere knex statements with bound arrays.
 */
export async function writeSeries(sql: StoreSql, series: NormalizedSeries[]): Promise<void> {
  const { executor, knex } = sql;
  const bulk = (prepared: boolean) =>
    executor.transaction(async (tx) => {
      // The prepared statements say it themselves (ingestSql.ts).
      if (!prepared) await tx.execute(knex.raw(KEEPS_SETS));
      for (let i = 0; i < series.length; i += CHUNK) await writeChunk(tx, knex, series.slice(i, i + CHUNK));
    });
  if (!executor.script || !executor.exclusive) return bulk(false);
  const write = series.length <= SMALL_BATCH ? () => writeSmall(executor, series) : () => bulk(true);
  // A database that has not prepared the write statements wrote nothing: they are prepared, and it runs again.
  await runPreparing(write, PREPARED, (text) => executor.script!(text));
}

/** Links as (series n, dimension k), both 1-based. */
function linksOf(series: NormalizedSeries[], keys: DimensionKeys): [number[], number[]] {
  const links: [number[], number[]] = [[], []];
  series.forEach((s, i) => {
    for (const d of s.dimensions) {
      links[0].push(i + 1);
      links[1].push(keys.indexOf(d.name, d.path) + 1);
    }
  });
  return links;
}

/** The metadata update as SQL text, or "". */
function metadataScript(metadata: Metadata[]): string {
  if (metadata.length === 0) return "";
  const m = (f: (x: Metadata) => string) => `${arrayLiteral(metadata.map(f))}::text[]`;
  return `\n${metadataUpdate(
    m((x) => x.name),
    m((x) => x.path),
    m((x) => x.icon),
    m((x) => x.label),
    m((x) => x.description),
  )};`;
}

/** One script: the prepared small write, then the metadata; one script is one transaction. */
async function writeSmall(executor: IKnexQueryExecutor, series: NormalizedSeries[]): Promise<void> {
  const keys = new DimensionKeys(series);
  const args = [
    arrayLiteral(keys.names),
    arrayLiteral(keys.paths),
    String(series.length),
    ...seriesColumns(series).map(arrayLiteral),
    ...linksOf(series, keys).map(arrayLiteral),
  ];
  await executor.script!(
    `execute ${SMALL_WRITE}(${args.join(", ")});${metadataScript(series.flatMap((s) => s.metadata))}`,
  );
}

/** Each series' combination of dimension rows (by `id`), and the distinct combinations. */
function patternsOf(series: NormalizedSeries[], id: DimensionIdOf): { of: (string | null)[]; distinct: string[] } {
  const of = series.map((s) => setKey(s.dimensions.map(id)));
  return { of, distinct: [...new Set(of.filter((p) => p !== null))] };
}

/** Each series' dimension set, from the set id of each combination. */
const setOfPatterns =
  (of: (string | null)[], sets: Map<string, number>): SetOf =>
  (i) =>
    of[i] === null ? null : sets.get(of[i])!;

/**
 * The batch's dimension ids (by key index), series ids and each series' dimension set: one
 * prepared statement where possible.
 */
async function reserve(
  tx: IKnexQueryExecutor,
  knex: Knex,
  series: NormalizedSeries[],
  keys: DimensionKeys,
): Promise<[number[], IdOf, SetOf]> {
  if (!tx.script || !tx.exclusive) {
    const dimensionIds = await upsertDimensions(tx, knex, keys);
    const idOf = await reserveIds(tx, knex, series.length);
    const patterns = patternsOf(series, (d) => dimensionIds[keys.indexOf(d.name, d.path)]);
    return [dimensionIds, idOf, setOfPatterns(patterns.of, await setIds(tx, knex, patterns.distinct))];
  }
  const patterns = patternsOf(series, (d) => keys.indexOf(d.name, d.path) + 1);
  const [rows] = await tx.script(
    `execute ${RESERVE}(${arrayLiteral(keys.names)}, ${arrayLiteral(keys.paths)}, ${series.length}, ${arrayLiteral(patterns.distinct)})`,
  );
  const ids = new Array<number>(keys.names.length);
  const sets = new Map<string, number>();
  for (const r of rows) {
    if (r.p !== null) sets.set(patterns.distinct[(r.p as number) - 1], r.id as number);
    else if (r.k !== null) ids[(r.k as number) - 1] = r.id as number;
  }
  const base = rows.find((r) => r.base !== null)!.base as number;
  return [ids, (i) => base + i + 1, setOfPatterns(patterns.of, sets)];
}

async function writeChunk(tx: IKnexQueryExecutor, knex: Knex, series: NormalizedSeries[]): Promise<void> {
  const keys = new DimensionKeys(series);
  const [dimensionIds, idOf, setOf] = await reserve(tx, knex, series, keys);
  const dimensionId: DimensionIdOf = (d) => dimensionIds[keys.indexOf(d.name, d.path)];
  if (tx.copyFrom) await copySeries(tx, knex, series, idOf, dimensionId, setOf);
  else await insertSeries(tx, knex, series, idOf, dimensionId, setOf);
  const metadata = series.flatMap((s) => s.metadata);
  if (metadata.length > 0) {
    const m = (f: (x: Metadata) => string) => metadata.map(f);
    const update = metadataUpdate("?::text[]", "?::text[]", "?::text[]", "?::text[]", "?::text[]");
    const values = [m((x) => x.name), m((x) => x.path), m((x) => x.icon), m((x) => x.label), m((x) => x.description)];
    await tx.execute(knex.raw(update, values));
  }
}
