import type { Knex } from "knex";
import type { IKnexQueryExecutor } from "./executor.js";

/** The series table's id sequence, as SQL. */
export const SERIES_SEQUENCE = `pg_get_serial_sequence('"AnalyticsSeries"', 'id')`;

/**
 * Ids for `count` new series, as the id of the i-th. Alone on the database (PGlite), one
 * statement moves the sequence past a whole block (nextval per row cost a tenth of ingest); on
 * a shared server each id is drawn with nextval, which stays correct while other sessions insert.
 */
export async function reserveIds(tx: IKnexQueryExecutor, knex: Knex, count: number): Promise<(i: number) => number> {
  const seq = SERIES_SEQUENCE;
  if (!tx.exclusive) {
    const sql = `select nextval(${seq})::int as id from generate_series(1, ?::int) order by 1`;
    const rows = await tx.execute<{ id: number }>(knex.raw(sql, [count]));
    return (i) => rows[i].id;
  }
  const sql = `select setval(${seq}, nextval(${seq}) + ?::int - 1)::int - ?::int + 1 as first`;
  const [{ first }] = await tx.execute<{ first: number }>(knex.raw(sql, [count, count]));
  return (i) => first + i;
}
