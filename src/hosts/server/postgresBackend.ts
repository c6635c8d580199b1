// The playground's database on a PostgreSQL server: one PostgresAnalyticsStore per connected tab
// (its own loggers and profiler) over one shared knex pool, and a separate pool for the SQL
// editor that logs in as a read-only role unless the server allows writes.
import type { Knex } from "knex";
import type pg from "pg";
import { PostgresAnalyticsStore } from "../../engine/index.js";
import { stateError, type BackendFactory, type EngineBackend } from "../../service/backend.js";
import { explainIn } from "../../service/explain.js";
import { importDump } from "../../service/import/sqlDump.js";
import type { BackendInfo } from "../../rpc/protocol.js";
import { seedDemoMarked, seedInterrupted } from "../../demo/seed.js";
import type { ServerLimits } from "./limits.js";
import { cancelTab, onEditorSession, readStatements, runReads, runStatements, type EditorTab } from "./editor.js";

/** What every connection shares: made once by the server. */
export type PostgresShared = {
  knex: Knex;
  /** The SQL editor's connections: the read-only role, or the store's own user with `--allow-writes`. */
  sqlPool: pg.Pool;
  info: BackendInfo;
  limits: ServerLimits;
};

/** One of the store's pooled connections for `fn`: a dump import is one transaction on it. */
async function withStoreConnection<T>(knex: Knex, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = (await knex.client.acquireConnection()) as pg.PoolClient;
  try {
    return await fn(client);
  } finally {
    await knex.client.releaseConnection(client);
  }
}

/** One demo seed at a time: two tabs booting an empty database must not both fill it. */
let seeding: Promise<unknown> = Promise.resolve();

export function postgresBackend(shared: PostgresShared): BackendFactory {
  return (hooks) => {
    const store = new PostgresAnalyticsStore(
      { knex: shared.knex },
      hooks.queryLogger,
      hooks.resultsLogger,
      hooks.profiler,
    );
    /** Set when the tab's connection closed: a seed it started stops. */
    let closed = false;
    /** The SQL editor's connection while a run uses it: what `close` cancels. */
    const tab: EditorTab = { client: null };
    const countSeries = async () => Number((await store.raw(`select count(*)::int as n from "AnalyticsSeries"`))[0].n);
    const readOnly = !shared.info.allowWrites;
    const onSqlConnection = <T>(fn: (client: pg.PoolClient) => Promise<T>) =>
      onEditorSession(shared.sqlPool, shared.limits, tab, fn);

    const backend: EngineBackend = {
      info: shared.info,
      store,

      async boot({ count, seed }, step) {
        // The server created the schema when it started; a new (empty) database gets the demo, as a new IndexedDB one does.
        let seriesCount = await step(
          "load",
          `Connecting to PostgreSQL ${shared.info.database ?? ""}`.trim(),
          1,
          countSeries,
        );
        if (!shared.info.allowWrites || (seriesCount > 0 && !(await seedInterrupted(store)))) return { seriesCount };
        const mine = seeding.then(async () => {
          // Looked at again in turn: another tab may have seeded meanwhile.
          const interrupted = await seedInterrupted(store);
          if ((await countSeries()) > 0 && !interrupted) return;
          const label = `${interrupted ? "Seeding again (the last seed was interrupted): " : "Seeding "}${count.toLocaleString("en-US")} demo series into PostgreSQL`;
          await step("seed", label, count, (tick) =>
            seedDemoMarked(store, count, seed, interrupted, (done) => {
              // A tab that went away stops its seed at the next batch; the mark stays for the next boot.
              if (closed) throw stateError("the tab that started the seed is gone");
              tick(done);
            }),
          );
        });
        seeding = mine.catch(() => undefined);
        await mine;
        seriesCount = await countSeries();
        return { seriesCount };
      },

      async runSql(sql) {
        const budget = { bytes: shared.limits.sqlResultBytes };
        if (!readOnly) {
          const { value, rolledBack } = await onSqlConnection((client) => runStatements(client, sql, budget));
          return { results: value, rolledBack };
        }
        // Refused before any connection is taken; the server's own transaction is not the text's to report.
        const statements = readStatements(sql);
        return {
          results: (await onSqlConnection((client) => runReads(client, statements, budget))).value,
          rolledBack: false,
        };
      },

      async explain(sql, timing) {
        if (readOnly) readStatements(sql);
        const plan = await onSqlConnection((client) =>
          explainIn(
            // The transaction EXPLAIN ANALYZE runs in is read-only too, when the server is.
            {
              query: async <T>(s: string) =>
                (await client.query(readOnly && s === "begin" ? "begin transaction read only" : s)) as unknown as {
                  rows: T[];
                },
            },
            sql,
            timing,
          ),
        );
        return plan.value;
      },

      importDump: (sql) =>
        withStoreConnection(shared.knex, (client) =>
          importDump(
            {
              async transaction(fn) {
                await client.query("begin");
                try {
                  const value = await fn({
                    exec: (s) => client.query(s),
                    query: async <T>(s: string) => (await client.query(s)) as unknown as { rows: T[] },
                  });
                  await client.query("commit");
                  return value;
                } catch (e) {
                  await client.query("rollback");
                  throw e;
                }
              },
            },
            sql,
          ),
        ),

      exportDatabase: () =>
        Promise.reject(
          stateError("exporting the database is for the tab's PGlite database; on the server, use pg_dump"),
        ),
      loadDatabase: () =>
        Promise.reject(
          stateError("loading a database dump is for the tab's PGlite database; on the server, use pg_restore"),
        ),

      assertWritable(what) {
        if (!shared.info.allowWrites)
          throw stateError(
            `${what} is refused: this server is read-only; start it with \`npm run serve -- --pg <url> --allow-writes\` to write`,
          );
      },
      endCall: async () => undefined,
      async close() {
        closed = true;
        cancelTab(tab);
        // And the engine's own statements (a long query, a seed: its transaction rolls back).
        await store.cancel();
      },
    };
    return backend;
  };
}
