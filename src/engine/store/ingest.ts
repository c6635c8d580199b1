import type { Knex } from "knex";
import type { NormalizedSeries } from "../core/seriesInput.js";
import { copySeries, insertSeries, seriesColumns, type DimensionIdOf, type IdOf } from "./bulkInsert.js";
import { DimensionKeys, upsertDimensions } from "./dimensions.js";
import type { IKnexQueryExecutor } from "./executor.js";
import { reserveIds } from "./ids.js";
import { metadataUpdate, PREPARED, RESERVE, SMALL_WRITE, TRANSACTION_ID } from "./ingestSql.js";
import { arrayLiteral } from "./sqlText.js";

export type StoreSql = { executor: IKnexQueryExecutor; knex: Knex };

/** Rows per bulk statement: large enough to amortise a round trip, small enough to bound memory. */
const CHUNK = 20_000;

/**
 * Up to this many series a write is one prepared statement sent as text; above, binary COPY
 * (which inserts rows in bulk, faster per row, but costs a few statements per write).
 */
const SMALL_BATCH = 100;

type Metadata = NormalizedSeries["metadata"][number];

/** What one chunk of a write stored: its series, their ids, and the ids of their dimension rows by key index. */
export type WrittenChunk = { series: NormalizedSeries[]; keys: DimensionKeys; dimensionIds: number[]; idOf: IdOf };
/** A write's transaction id and chunks, where the store is alone on the database (for its memory index). */
export type Written = { xid: string; chunks: WrittenChunk[] };

/**
 * Stores the series atomically: all or none. Where the store is alone on a database that runs
 * SQL text (PGlite), its writes use prepared statements, planned once per database (planning
 * cost more than running them), and say what they wrote; elsewhere knex statements with bound
 * arrays, and the result is null.
 */
export async function writeSeries(sql: StoreSql, series: NormalizedSeries[]): Promise<Written | null> {
  const { executor, knex } = sql;
  if (!executor.script || !executor.exclusive) {
    await executor.transaction(async (tx) => {
      for (let i = 0; i < series.length; i += CHUNK) await writeChunk(tx, knex, series.slice(i, i + CHUNK));
    });
    return null;
  }
  const write = (): Promise<Written> =>
    series.length <= SMALL_BATCH
      ? writeSmall(executor, series)
      : executor.transaction(async (tx) => {
          const chunks: WrittenChunk[] = [];
          for (let i = 0; i < series.length; i += CHUNK) chunks.push(await writeChunk(tx, knex, series.slice(i, i + CHUNK)));
          const [[{ xid }]] = await tx.script!(TRANSACTION_ID);
          return { xid: xid as string, chunks };
        });
  try {
    return await write();
  } catch (e) {
    // invalid_sql_statement_name: a new database, or one where DEALLOCATE ran. Nothing was written.
    if ((e as { code?: unknown }).code !== "26000") throw e;
    await prepare(executor);
    return write();
  }
}

/** Prepares the write statements; one that exists already (duplicate_prepared_statement) is kept. */
async function prepare(executor: IKnexQueryExecutor): Promise<void> {
  for (const sql of PREPARED) {
    try {
      await executor.script!(sql);
    } catch (e) {
      if ((e as { code?: unknown }).code !== "42P05") throw e;
    }
  }
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
  return `\n${metadataUpdate(m((x) => x.name), m((x) => x.path), m((x) => x.icon), m((x) => x.label), m((x) => x.description))};`;
}

/** One script: the prepared small write, the metadata, and the transaction id; one script is one transaction. */
async function writeSmall(executor: IKnexQueryExecutor, series: NormalizedSeries[]): Promise<Written> {
  const keys = new DimensionKeys(series);
  const args = [
    arrayLiteral(keys.names),
    arrayLiteral(keys.paths),
    String(series.length),
    ...seriesColumns(series).map(arrayLiteral),
    ...linksOf(series, keys).map(arrayLiteral),
  ];
  const metadata = metadataScript(series.flatMap((s) => s.metadata));
  const results = await executor.script!(`execute ${SMALL_WRITE}(${args.join(", ")});${metadata}\n${TRANSACTION_ID};`);
  const [dimensionIds, idOf] = idsOf(results[0], keys);
  return { xid: results[results.length - 1][0].xid as string, chunks: [{ series, keys, dimensionIds, idOf }] };
}

/** The ids a RESERVE or small write returned: rows of (base, k, id). */
function idsOf(rows: Record<string, unknown>[], keys: DimensionKeys): [number[], IdOf] {
  const ids = new Array<number>(keys.names.length);
  for (const r of rows) if (r.k !== null) ids[(r.k as number) - 1] = r.id as number;
  const base = rows[0].base as number;
  return [ids, (i) => base + i + 1];
}

/** The batch's dimension ids (by key index) and series ids: one prepared statement where possible. */
async function reserve(tx: IKnexQueryExecutor, knex: Knex, keys: DimensionKeys, count: number): Promise<[number[], IdOf]> {
  if (!tx.script || !tx.exclusive) return [await upsertDimensions(tx, knex, keys), await reserveIds(tx, knex, count)];
  const [rows] = await tx.script(`execute ${RESERVE}(${arrayLiteral(keys.names)}, ${arrayLiteral(keys.paths)}, ${count})`);
  return idsOf(rows, keys);
}

async function writeChunk(tx: IKnexQueryExecutor, knex: Knex, series: NormalizedSeries[]): Promise<WrittenChunk> {
  const keys = new DimensionKeys(series);
  const [dimensionIds, idOf] = await reserve(tx, knex, keys, series.length);
  const dimensionId: DimensionIdOf = (d) => dimensionIds[keys.indexOf(d.name, d.path)];
  if (tx.copyFrom) await copySeries(tx, knex, series, idOf, dimensionId);
  else await insertSeries(tx, knex, series, idOf, dimensionId);
  const metadata = series.flatMap((s) => s.metadata);
  if (metadata.length > 0) {
    const m = (f: (x: Metadata) => string) => metadata.map(f);
    const update = metadataUpdate("?::text[]", "?::text[]", "?::text[]", "?::text[]", "?::text[]");
    const values = [m((x) => x.name), m((x) => x.path), m((x) => x.icon), m((x) => x.label), m((x) => x.description)];
    await tx.execute(knex.raw(update, values));
  }
  return { series, keys, dimensionIds, idOf };
}
