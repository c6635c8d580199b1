// The playground's database on a PostgreSQL server: one PostgresAnalyticsStore per connected tab
// (its own loggers and profiler) over one shared knex pool, and a separate pool for the SQL
// editor that logs in as a read-only role unless the server allows writes.
import type { Knex } from "knex";
import pg from "pg";
import { PostgresAnalyticsStore } from "../../engine/index.js";
import { stateError, type BackendFactory, type EngineBackend, type SqlStatementResult } from "../../service/backend.js";
import { explainIn } from "../../service/explain.js";
import { importDump } from "../../service/import/sqlDump.js";
import type { BackendInfo } from "../../rpc/protocol.js";
import { seedDemoMarked, seedInterrupted } from "../../demo/seed.js";
import { MAX_RAW_ROWS } from "../../service/checks.js";

/** What every connection shares: made once by the server. */
export type PostgresShared = {
  knex: Knex;
  /** The SQL editor's connections: the read-only role, or the store's own user with `--allow-writes`. */
  sqlPool: pg.Pool;
  info: BackendInfo;
};

/** Statements whose row count is rows written, not rows returned. */
const WRITES = new Set(["INSERT", "UPDATE", "DELETE", "MERGE", "COPY"]);

/**
 * The SQL editor's text on one connection, by the simple query protocol (several statements, each
 * with its own result). Rows are taken one by one and only the first MAX_RAW_ROWS of a statement
 * kept, the rest counted: `select * from generate_series(1, 1e8)` must not fill the server's memory.
 */
function runStatements(client: pg.PoolClient, sql: string): Promise<SqlStatementResult[]> {
  return new Promise((resolve, reject) => {
    const kept = new Map<unknown, { rows: unknown[]; total: number }>();
    const query = new pg.Query(sql);
    query.on("row", (row: unknown, result: unknown) => {
      let k = kept.get(result);
      if (!k) kept.set(result, (k = { rows: [], total: 0 }));
      k.total++;
      if (k.rows.length < MAX_RAW_ROWS) k.rows.push(row);
    });
    query.on("error", reject);
    query.on("end", (out: pg.QueryResult | pg.QueryResult[]) =>
      resolve(
        (Array.isArray(out) ? out : [out]).map((r) => {
          const k = kept.get(r);
          return {
            fields: (r.fields ?? []).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
            rows: k?.rows ?? [],
            affectedRows: WRITES.has(r.command) ? (r.rowCount ?? 0) : 0,
            ...(k && k.total > k.rows.length ? { totalRows: k.total } : {}),
          };
        }),
      ),
    );
    client.query(query);
  });
}

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
    let running: pg.PoolClient | null = null;
    const countSeries = async () => Number((await store.raw(`select count(*)::int as n from "AnalyticsSeries"`))[0].n);

    /**
     * Runs `fn` on one SQL-editor connection as its own session: afterwards an open transaction is
     * rolled back (true when one was) and the session reset, so no `set` outlives the run.
     */
    const onSqlConnection = async <T>(
      fn: (client: pg.PoolClient) => Promise<T>,
    ): Promise<{ value: T; rolledBack: boolean }> => {
      const client = await shared.sqlPool.connect();
      running = client;
      let rolledBack = false;
      let healthy = true;
      const reset = async () => {
        rolledBack = client.getTransactionStatus() !== "I";
        if (rolledBack) await client.query("rollback");
        await client.query("discard all");
      };
      try {
        const value = await fn(client);
        await reset();
        return { value, rolledBack };
      } catch (e) {
        await reset().catch(() => (healthy = false));
        throw e;
      } finally {
        running = null;
        // A connection that could not be reset is closed, not handed to the next run.
        client.release(!healthy);
      }
    };

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
        const { value, rolledBack } = await onSqlConnection((client) => runStatements(client, sql));
        return { results: value, rolledBack };
      },

      explain: async (sql, timing) => (await onSqlConnection((client) => explainIn(client, sql, timing))).value,

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

      // A busy loop or an uncaught throw would stop the server for every tab, not one worker.
      simulateFault: () => {
        throw stateError("simulated faults are for the tab's worker; a server refuses them");
      },
      assertWritable(what) {
        if (!shared.info.allowWrites)
          throw stateError(
            `${what} is refused: this server is read-only; start it with \`npm run serve -- --pg <url> --allow-writes\` to write`,
          );
      },
      endCall: async () => undefined,
      async close() {
        closed = true;
        const pid = (running as { processID?: number } | null)?.processID;
        if (pid) await shared.knex.raw("select pg_cancel_backend(?)", [pid]);
        // And the engine's own statements (a long query, a seed: its transaction rolls back).
        await store.cancel();
      },
    };
    return backend;
  };
}
