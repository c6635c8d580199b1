// The SQL editor's connections on a server that does not allow writes. The editor logs in as its
// own role that may only read the three tables, and every run is a read-only transaction the
// server opens (editor.ts): the privileges and the transaction, not the SQL text, keep the data safe.
import { randomBytes } from "node:crypto";
import type { Knex } from "knex";
import pg from "pg";
import { TABLE_LIST } from "../../engine/index.js";
import type { ServerLimits } from "./limits.js";
import { note } from "./sockets.js";

/**
 * Roles belong to the whole cluster, so the reader's name carries its database's: servers on two
 * databases of one cluster each have their own. Servers on one database share it, and its password.
 */
export const readerRoleSql = `'analytics_playground_reader_' || left(md5(current_database()), 8)`;
/** Where the reader's password is kept, for the next server on this database: readable by the store's user only. */
const SECRET_TABLE = "analytics_playground_reader_login";

/** The SQL editor's pool, whoever logs in. A dropped connection is noted, never an uncaught error. */
export function editorPool(connectionString: string, limits: ServerLimits): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: limits.editorConnections,
    // A second bound, after the server's own timer (editor.ts), which holds whatever the text sets.
    statement_timeout: limits.sqlTimeoutMs + 2_000,
    connectionTimeoutMillis: limits.editorAcquireMs,
  });
  pool.on("error", (e) => note(`an idle SQL-editor connection failed: ${e.message}`));
  pool.on("connect", (client) => client.on("error", (e) => note(`a SQL-editor connection failed: ${e.message}`)));
  return pool;
}

/**
 * A pool for the SQL editor that cannot write: `readUrl` when the operator gave one, otherwise
 * the reader role on the store's server, set up (again) with the password kept for it. A second
 * server on the same database finds that password and keeps it, so it never logs the first out.
 */
export async function readOnlyPool(
  knex: Knex,
  storeUrl: string,
  limits: ServerLimits,
  readUrl?: string,
): Promise<pg.Pool> {
  if (readUrl) return checked(editorPool(readUrl, limits), "--read-url");
  let role: string;
  let password: string;
  try {
    ({ role, password } = await knex.transaction(async (tx) => {
      // Two servers starting at once set the role up one after the other.
      await tx.raw(`select pg_advisory_xact_lock(hashtext('analytics_playground_reader'))`);
      const name = ((await tx.raw(`select ${readerRoleSql} as name`)) as { rows: { name: string }[] }).rows[0].name;
      await tx.raw(`create table if not exists ${SECRET_TABLE} (password text not null)`);
      await tx.raw(`revoke all on ${SECRET_TABLE} from public`);
      const kept = ((await tx.raw(`select password from ${SECRET_TABLE}`)) as { rows: { password: string }[] }).rows;
      const secret = kept[0]?.password ?? randomBytes(18).toString("hex");
      if (kept.length === 0) await tx.raw(`insert into ${SECRET_TABLE} (password) values (?)`, [secret]);
      if (((await tx.raw(`select from pg_roles where rolname = ?`, [name])) as { rows: unknown[] }).rows.length === 0)
        await tx.raw(`create role "${name}" password '${secret}'`);
      await tx.raw(
        `alter role "${name}" with login nosuperuser nocreatedb nocreaterole noinherit noreplication nobypassrls`,
      );
      // Whatever settings the role picked up (from an older playground), only this one stays.
      await tx.raw(`alter role "${name}" reset all`);
      await tx.raw(`alter role "${name}" set default_transaction_read_only = on`);
      await tx.raw(`grant usage on schema public to "${name}"`);
      await tx.raw(`grant select on ${TABLE_LIST} to "${name}"`);
      return { role: name, password: secret };
    }));
  } catch (e) {
    throw new Error(
      `could not set up the read-only role for the SQL editor (${e instanceof Error ? e.message : String(e)}): connect as a user that may create roles, ` +
        "pass --read-url <connection string of a user that may only read>, or start with --allow-writes",
      { cause: e },
    );
  }
  const url = new URL(storeUrl);
  url.username = role;
  url.password = password;
  const login = () => checked(editorPool(url.toString(), limits), `the role "${role}"`);
  // The password is set again only when the kept one no longer logs in (a DBA changed it): setting
  // it anyway would give it a new salt under every other server for nothing.
  return login().catch(async () => {
    await knex.raw(`alter role "${role}" password '${password}'`);
    return login();
  });
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
