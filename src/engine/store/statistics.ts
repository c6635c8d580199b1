import type { Knex } from "knex";
import type { IKnexQueryExecutor } from "./executor.js";

/**
 * When reads ANALYZE the tables. PGlite runs no autovacuum: a table that was never analyzed, or
 * that grew a lot since, gets plans built on wrong row counts (nested loops that scan the links
 * once per series, at any size). So the first read after the tables grew by a tenth since the
 * last ANALYZE (or since the store started) analyzes them first: a small store is analyzed at
 * once, where it costs little, and a large one once per burst of writes rather than per batch.
 * The row count is read back from the statistics, so rows written by another store or loaded
 * from a dump count too.
 */
export class StatisticsPolicy {
  private rowsAtAnalyze = 0;
  private changedSinceAnalyze = 0;
  /** True until the first ANALYZE: how many rows the tables hold is unknown. */
  private unknown = true;

  constructor(
    private readonly executor: IKnexQueryExecutor,
    private readonly knex: Knex,
  ) {}

  /** Rows were written or deleted. */
  changed(rows: number): void {
    this.changedSinceAnalyze += rows;
  }

  /** The tables changed behind the store (another database, a bulk load): analyze at the next read. */
  reset(): void {
    this.unknown = true;
    this.rowsAtAnalyze = 0;
    this.changedSinceAnalyze = 0;
  }

  async beforeRead(): Promise<void> {
    if (!this.unknown && (this.changedSinceAnalyze === 0 || this.changedSinceAnalyze < this.rowsAtAnalyze * 0.1))
      return;
    this.changedSinceAnalyze = 0;
    this.unknown = false;
    await this.executor.execute(
      this.knex.raw(`analyze "AnalyticsSeries", "AnalyticsDimension", "AnalyticsSeries_AnalyticsDimension"`),
    );
    const [{ rows }] = await this.executor.execute<{ rows: number }>(
      this.knex.raw(
        `select greatest(reltuples, 0)::float8 as rows from pg_class where oid = '"AnalyticsSeries"'::regclass`,
      ),
    );
    this.rowsAtAnalyze = rows;
  }
}
