import type { Knex } from "knex";
import type { IAnalyticsProfiler } from "../core/profiler.js";
import { describeStatement, type ExecutorOptions, type IKnexQueryExecutor, type Statement } from "./executor.js";

/** The part of a node-postgres client the executor uses. */
export type PgClient = { query(sql: string, values?: unknown[]): Promise<{ rows: unknown[] } | { rows: unknown[] }[]> };

/**
 * Runs knex statements on a PostgreSQL server through knex's own connection pool (knex loads
 * node-postgres; this module never imports it, so browser bundles stay free of it). A
 * transaction holds one pooled connection from BEGIN to COMMIT/ROLLBACK.
 */
export class PgQueryExecutor implements IKnexQueryExecutor {
  private readonly counter: { next: number };

  constructor(
    private readonly knex: Knex,
    private readonly options: ExecutorOptions,
    private readonly connection?: PgClient,
    counter?: { next: number },
  ) {
    this.counter = counter ?? { next: 0 };
  }

  get profiler(): IAnalyticsProfiler {
    return this.options.profiler;
  }

  /** Runs `fn` on this executor's connection, or on one borrowed from the pool for the call. */
  async withConnection<T>(fn: (client: PgClient) => Promise<T>): Promise<T> {
    if (this.connection) return fn(this.connection);
    const client = (await this.knex.client.acquireConnection()) as PgClient;
    try {
      return await fn(client);
    } finally {
      await this.knex.client.releaseConnection(client);
    }
  }

  async execute<R = Record<string, unknown>>(query: Statement): Promise<R[]> {
    const index = this.counter.next++;
    const { queryLogger, resultsLogger, profiler } = this.options;
    queryLogger?.(index, describeStatement(query));
    const { sql, bindings } = query.toSQL().toNative();
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
        const result = await fn(new PgQueryExecutor(this.knex, this.options, client, this.counter));
        await client.query("commit");
        return result;
      } catch (e) {
        await client.query("rollback");
        throw e;
      }
    });
  }
}
