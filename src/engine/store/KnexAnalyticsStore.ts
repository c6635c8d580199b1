import type { Knex } from "knex";
import { AnalyticsInputError } from "../core/errors.js";
import type { AnalyticsPath } from "../core/path.js";
import { normalizeSeriesInputs } from "../core/seriesInput.js";
import { AnalyticsSubscriptionManager } from "../core/subscriptions.js";
import type {
  AnalyticsDimensionList,
  AnalyticsQuery,
  GroupedSeries,
  IGroupingAnalyticsStore,
  AnalyticsSeries,
  AnalyticsSeriesInput,
  AnalyticsSeriesQuery,
  AnalyticsUpdateCallback,
} from "../core/types.js";
import { validateQuery, validateSeriesQuery } from "../core/validate.js";
import { readCurrencies, readDimensions, readMetrics } from "./catalog.js";
import { clearSource, deleteEmptyDimensions } from "./clears.js";
import { refreshSets } from "./dimensionSets.js";
import type { IKnexQueryExecutor } from "./executor.js";
import { readGroupedSeries } from "./groupedRead.js";
import { writeSeries } from "./ingest.js";
import { readMatchingSeries } from "./matchingRead.js";
import { PreparedReads } from "./preparedReads.js";
import { StatisticsPolicy } from "./statistics.js";

export type KnexAnalyticsStoreOptions = { executor: IKnexQueryExecutor; knex: Knex };

/**
 * The store's SQL, built with knex and run by an executor: writes (ingest.ts) are set-based and
 * atomic; reads (matchingRead.ts; groupedRead.ts, one statement per query) run after the ANALYZE
 * policy (statistics.ts) had its say. Path matching uses `starts_with`, never LIKE, so `%` and
 * `_` in paths are literal.
 */
export class KnexAnalyticsStore implements IGroupingAnalyticsStore {
  protected readonly executor: IKnexQueryExecutor;
  protected readonly knex: Knex;
  private readonly subscriptions = new AnalyticsSubscriptionManager();
  private readonly statistics: StatisticsPolicy;
  private readonly prepared = new PreparedReads();

  constructor({ executor, knex }: KnexAnalyticsStoreOptions) {
    this.executor = executor;
    this.knex = knex;
    this.statistics = new StatisticsPolicy(executor, knex);
  }

  private get sql() {
    return { executor: this.executor, knex: this.knex };
  }

  async addSeriesValue(input: AnalyticsSeriesInput): Promise<void> {
    return this.addSeriesValues([input]);
  }

  /** Stores all inputs or none: the first invalid one fails the call with its index and field. */
  async addSeriesValues(inputs: AnalyticsSeriesInput[]): Promise<void> {
    if (!Array.isArray(inputs)) throw new AnalyticsInputError("inputs", "expected an array of series");
    const series = normalizeSeriesInputs(inputs);
    if (series.length === 0) return;
    await writeSeries(this.sql, series);
    this.statistics.changed(series.length);
    this.subscriptions.notifySubscribers(series.map((s) => s.sourcePath));
  }

  /**
   * Whether the database may run a read in parallel workers (a PostgreSQL server; PGlite has
   * one process). The grouped read then computes its small dimension CTE in each reference
   * rather than once: a materialized CTE cannot be scanned inside a worker.
   */
  protected get parallelReads(): boolean {
    return false;
  }

  /** Forget what was analyzed: the tables changed behind the store (another database, a bulk load). */
  protected resetStatistics(): void {
    this.statistics.reset();
  }

  async getMatchingSeries(query: AnalyticsSeriesQuery): Promise<AnalyticsSeries[]> {
    const q = validateSeriesQuery(query);
    await this.statistics.beforeRead();
    return readMatchingSeries(this.sql, q);
  }

  async getGroupedSeries(query: AnalyticsQuery): Promise<GroupedSeries> {
    const q = validateQuery(query);
    await this.statistics.beforeRead();
    const read = (via: "sets" | "links") => readGroupedSeries(this.sql, q, this.parallelReads, this.prepared, via);
    const grouped = await read("sets");
    if (grouped !== "stale sets") return grouped;
    // Rows were written past the store: its sets are rebuilt, and read. Where they cannot be (a
    // read-only database, or rows written again meanwhile), the links answer; they are never stale.
    if (await refreshSets(this.executor, this.knex)) {
      const again = await read("sets");
      if (again !== "stale sets") return again;
    }
    return (await read("links")) as GroupedSeries;
  }

  /** Deletes every series whose source is `source` or lies under it; returns how many. */
  async clearSeriesBySource(source: AnalyticsPath, cleanUpDimensions = false): Promise<number> {
    const deleted = await clearSource(this.sql, source, cleanUpDimensions);
    this.statistics.changed(deleted);
    this.subscriptions.notifySubscribers([source], true);
    return deleted;
  }

  /** Deletes dimension rows no series links to (and unused dimension sets); returns how many rows. */
  async clearEmptyAnalyticsDimensions(): Promise<number> {
    return this.executor.transaction((tx) => deleteEmptyDimensions({ executor: tx, knex: this.knex }));
  }

  async getDimensions(): Promise<AnalyticsDimensionList> {
    return readDimensions(this.sql);
  }

  async getMetrics(): Promise<string[]> {
    return readMetrics(this.sql);
  }

  async getCurrencies(): Promise<string[]> {
    return readCurrencies(this.sql);
  }

  subscribeToSource(source: AnalyticsPath, callback: AnalyticsUpdateCallback): () => void {
    return this.subscriptions.subscribeToPath(source, callback);
  }
}
