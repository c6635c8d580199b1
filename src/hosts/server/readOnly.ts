// The SQL editor's connections on a server that does not allow writes. A read-only transaction
// alone is not enough (the editor's text could `set transaction read write` or `commit` first),
// so the editor logs in as its own role that may only read the three tables: the privileges,
// not the SQL, keep the data safe.
import { randomBytes } from "node:crypto";
import type { Knex } from "knex";
import pg from "pg";
import { TABLE_LIST } from "../../engine/index.js";

const READER_ROLE = "analytics_playground_reader";
/** The SQL editor's pool, whoever logs in: a few connections, and a runaway statement ends after a minute rather than holding one for ever. */
export const editorPool = (connectionString: string) =>
  new pg.Pool({ connectionString, max: 4, statement_timeout: 60_000 });

/**
 * A pool for the SQL editor that cannot write: `readUrl` when the operator gave one, otherwise
 * the reader role (created or refreshed with a new random password) on the store's server.
 */
export async function readOnlyPool(knex: Knex, storeUrl: string, readUrl?: string): Promise<pg.Pool> {
  if (readUrl) return checked(editorPool(readUrl), "--read-url");
  const password = randomBytes(18).toString("hex");
  try {
    await knex.raw(`do $$ begin
  if not exists (select from pg_roles where rolname = '${READER_ROLE}') then create role ${READER_ROLE}; end if;
end $$`);
    await knex.raw(
      `alter role ${READER_ROLE} with login nosuperuser nocreatedb nocreaterole noinherit nobypassrls password '${password}'`,
    );
    await knex.raw(`alter role ${READER_ROLE} set default_transaction_read_only = on`);
    await knex.raw(`grant usage on schema public to ${READER_ROLE}`);
    await knex.raw(`grant select on ${TABLE_LIST} to ${READER_ROLE}`);
  } catch (e) {
    throw new Error(
      `could not set up the read-only role "${READER_ROLE}" (${e instanceof Error ? e.message : String(e)}): connect as a user that may create roles, ` +
        "pass --read-url <connection string of a user that may only read>, or start with --allow-writes",
      { cause: e },
    );
  }
  const url = new URL(storeUrl);
  url.username = READER_ROLE;
  url.password = password;
  return checked(editorPool(url.toString()), `the role "${READER_ROLE}"`);
}

/** Logs in once now, so a refused login is reported when the server starts, not at the first query. */
async function checked(pool: pg.Pool, who: string): Promise<pg.Pool> {
  try {
    const client = await pool.connect();
    client.release();
    return pool;
  } catch (e) {
    await pool.end();
    throw new Error(
      `the SQL editor's read-only connection (${who}) could not log in: ${e instanceof Error ? e.message : String(e)}; pass --read-url or start with --allow-writes`,
      { cause: e },
    );
  }
}
