import type { Knex } from "knex";
import type { IKnexQueryExecutor } from "./executor.js";
import { TABLES } from "./schema.js";

/** Below this many pages a table is analyzed rather than trusted. */
const TRUSTED_PAGES = 64;

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
    const { stale: tables, seriesRows } = this.unknown ? await this.staleTables() : { stale: TABLES, seriesRows: null };
    this.changedSinceAnalyze = 0;
    this.unknown = false;
    if (tables.length > 0)
      await this.executor.execute(this.knex.raw(`analyze ${tables.map((t) => `"${t}"`).join(", ")}`));
    // A trusted series table kept the row count the check just read.
    if (seriesRows !== null && !tables.includes("AnalyticsSeries")) {
      this.rowsAtAnalyze = seriesRows;
      return;
    }
    const [{ rows }] = await this.executor.execute<{ rows: number }>(
      this.knex.raw(
        `select greatest(reltuples, 0)::float8 as rows from pg_class where oid = '"AnalyticsSeries"'::regclass`,
      ),
    );
    this.rowsAtAnalyze = rows;
  }

  /**
   * The tables whose statistics cannot be trusted, when the store starts on tables it did not write
   * (a loaded snapshot, a server restart): never analyzed, small (analyzing them costs little, and
   * their page count says little about their rows), or grown or shrunk by a tenth of their pages
   * since their last ANALYZE. A big table analyzed at its current size is kept as it is.
   */
  private async staleTables(): Promise<{ stale: readonly string[]; seriesRows: number | null }> {
    const stats = await this.executor.execute<{ name: string; tuples: number; pages: number; now: number }>(
      this.knex.raw(
        `select relname as name, reltuples::float8 as tuples, relpages as pages, ` +
          `(pg_relation_size(oid) / current_setting('block_size')::int)::int as now ` +
          `from pg_class where oid in (${TABLES.map((t) => `'"${t}"'::regclass`).join(", ")})`,
      ),
    );
    const trusted = (s: (typeof stats)[number]) =>
      s.tuples >= 0 && s.pages >= TRUSTED_PAGES && Math.abs(s.now - s.pages) <= s.pages * 0.1;
    const series = stats.find((s) => s.name === "AnalyticsSeries");
    return {
      stale: TABLES.filter((t) => !stats.some((s) => s.name === t && trusted(s))),
      seriesRows: series ? Math.max(series.tuples, 0) : null,
    };
  }
}
