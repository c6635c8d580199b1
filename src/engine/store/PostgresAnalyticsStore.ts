import knexFactory, { type Knex } from "knex";
import { PassthroughAnalyticsProfiler, type IAnalyticsProfiler } from "../core/profiler.js";
import { KnexAnalyticsStore } from "./KnexAnalyticsStore.js";
import type { SqlQueryLogger, SqlResultsLogger } from "./loggers.js";
import type { RawResult } from "./MemoryAnalyticsStore.js";
import { PgQueryExecutor } from "./PgQueryExecutor.js";
import { SCHEMA_SQL } from "./schema.js";

/** Where the server is: a connection string, or a knex instance made with `{ client: "pg", connection }`. */
export type PostgresAnalyticsStoreOptions = { connectionString: string } | { knex: Knex };

/**
 * The same store on a PostgreSQL server, for Node. It shares every statement with the PGlite
 * store (KnexAnalyticsStore builds them); only the executor differs.
 */
export class PostgresAnalyticsStore extends KnexAnalyticsStore {
  private readonly profiler: IAnalyticsProfiler;
  private readonly queryLogger?: SqlQueryLogger;
  private readonly resultsLogger?: SqlResultsLogger;
  private readonly pg: PgQueryExecutor;
  private readonly ownsKnex: boolean;

  constructor(
    options: PostgresAnalyticsStoreOptions,
    queryLogger?: SqlQueryLogger,
    resultsLogger?: SqlResultsLogger,
    profiler?: IAnalyticsProfiler,
  ) {
    const knex =
      "knex" in options
        ? options.knex
        : knexFactory({ client: "pg", connection: options.connectionString, pool: { min: 0, max: 4 } });
    const prof = profiler ?? new PassthroughAnalyticsProfiler();
    const executor = new PgQueryExecutor(knex, { queryLogger, resultsLogger, profiler: prof });
    super({ executor, knex });
    this.pg = executor;
    this.profiler = prof;
    this.queryLogger = queryLogger;
    this.resultsLogger = resultsLogger;
    this.ownsKnex = !("knex" in options);
  }

  protected override get parallelReads(): boolean {
    return true;
  }

  /** Creates the tables and indexes that do not exist yet; existing rows are kept. */
  async init(): Promise<void> {
    // Concurrent `create … if not exists` can still race on the catalog; one lock orders them.
    await this.pg.withConnection(async (c) => {
      await c.query("begin");
      try {
        await c.query("select pg_advisory_xact_lock(7263541)");
        await c.query(SCHEMA_SQL.replace(/^\s*set work_mem[^;]*;/im, ""));
        await c.query("commit");
      } catch (e) {
        await c.query("rollback");
        throw e;
      }
    });
  }

  /** Runs any SQL (several statements allowed) and returns the rows of the last statement that returned rows. */
  async raw(sql: string): Promise<RawResult> {
    this.queryLogger?.(-1, sql);
    const rows = await this.profiler.record("QueryRaw", () =>
      this.pg.withConnection(async (c) => {
        const result = await c.query(sql);
        const all = (Array.isArray(result) ? result : [result]) as { rows: unknown[]; fields?: unknown[] }[];
        const withRows = all.filter((r) => (r.fields?.length ?? 0) > 0);
        return (withRows.at(-1)?.rows ?? []) as RawResult;
      }),
    );
    this.resultsLogger?.(-1, rows);
    return rows;
  }

  /** Cancels the statements this store is running on the server (they fail; a write rolls back); how many. */
  cancel(): Promise<number> {
    return this.pg.cancel();
  }

  async destroy(): Promise<void> {
    if (this.ownsKnex) await this.knex.destroy();
  }
}
