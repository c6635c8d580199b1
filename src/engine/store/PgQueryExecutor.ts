import type { Knex } from "knex";
import type { IAnalyticsProfiler } from "../core/profiler.js";
import { describeStatement, type ExecutorOptions, type IKnexQueryExecutor, type Statement } from "./executor.js";

/** The part of a node-postgres client the executor uses; `processID` is the server backend's pid. */
export type PgClient = {
  query(sql: string, values?: unknown[]): Promise<{ rows: unknown[] } | { rows: unknown[] }[]>;
  processID?: number;
};

/**
 * Runs knex statements on a PostgreSQL server through knex's own connection pool (knex loads
 * node-postgres; this module never imports it, so browser bundles stay free of it). A
 * transaction holds one pooled connection from BEGIN to COMMIT/ROLLBACK.
 */
export class PgQueryExecutor implements IKnexQueryExecutor {
  private readonly counter: { next: number };
  /** The connections this executor (and its transactions) hold right now: what `cancel` stops. */
  private readonly busy: Set<PgClient>;

  constructor(
    private readonly knex: Knex,
    private readonly options: ExecutorOptions,
    private readonly connection?: PgClient,
    counter?: { next: number },
    busy?: Set<PgClient>,
  ) {
    this.counter = counter ?? { next: 0 };
    this.busy = busy ?? new Set();
  }

  get profiler(): IAnalyticsProfiler {
    return this.options.profiler;
  }

  /** Runs `fn` on this executor's connection, or on one borrowed from the pool for the call. */
  async withConnection<T>(fn: (client: PgClient) => Promise<T>): Promise<T> {
    if (this.connection) return fn(this.connection);
    const client = (await this.knex.client.acquireConnection()) as PgClient;
    this.busy.add(client);
    try {
      return await fn(client);
    } finally {
      this.busy.delete(client);
      await this.knex.client.releaseConnection(client);
    }
  }

  /**
   * Asks the server to cancel whatever this executor's connections are running (each fails with
   * "canceling statement due to user request"; a transaction rolls back). Returns how many were asked.
   */
  async cancel(): Promise<number> {
    const pids = [...this.busy].map((c) => c.processID).filter((pid): pid is number => typeof pid === "number");
    for (const pid of pids) await this.knex.raw("select pg_cancel_backend(?)", [pid]);
    return pids.length;
  }

  async execute<R = Record<string, unknown>>(query: Statement): Promise<R[]> {
    const index = this.counter.next++;
    const { queryLogger, resultsLogger, profiler } = this.options;
    const { sql, bindings } = query.toSQL().toNative();
    queryLogger?.(index, describeStatement(query, { sql, bindings }), { sql, bindings });
    const rows = await profiler.record("Query", () =>
      this.withConnection(async (c) => {
        const result = await c.query(sql, bindings as unknown[]);
        return (Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows) as R[];
      }),
    );
    resultsLogger?.(index, rows);
    return rows;
  }

  async transaction<T>(fn: (tx: IKnexQueryExecutor) => Promise<T>): Promise<T> {
    if (this.connection) return fn(this);
    return this.withConnection(async (client) => {
      await client.query("begin");
      try {
        const result = await fn(new PgQueryExecutor(this.knex, this.options, client, this.counter, this.busy));
        await client.query("commit");
        return result;
      } catch (e) {
        await client.query("rollback");
        throw e;
      }
    });
  }
}
