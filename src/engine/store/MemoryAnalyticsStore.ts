// Must stay the first import: it runs before knex loads.
import "./nodeGlobals.js";
import { PGlite } from "@electric-sql/pglite";
import knexFactory, { type Knex } from "knex";
import { PassthroughAnalyticsProfiler, type IAnalyticsProfiler } from "../core/profiler.js";
import { PGliteQueryExecutor } from "./executor.js";
import { KnexAnalyticsStore } from "./KnexAnalyticsStore.js";
import { extendFilesGeometrically } from "../internals/memfs.js";
import type { SqlQueryLogger, SqlResultsLogger } from "./loggers.js";
import { SCHEMA_SQL } from "./schema.js";

export type MemoryAnalyticsStoreOptions = {
  /**
   * Creates the database; give one factory to several stores to share a database. Default: an
   * in-memory PGlite. A database from your factory is yours: `destroy()` leaves it open.
   */
  pgLiteFactory?: () => Promise<PGlite>;
  /** Builds SQL only; must be created with `{ client: "pg", useNullAsDefault: true }`. */
  knex?: Knex;
  queryLogger?: SqlQueryLogger;
  resultsLogger?: SqlResultsLogger;
  profiler?: IAnalyticsProfiler;
};

export type RawResult = Record<string, unknown>[];

/** The store on PGlite (Postgres in WASM): in the page, in a worker, or in Node. */
export class MemoryAnalyticsStore extends KnexAnalyticsStore {
  private database: PGlite | null = null;
  private readonly pgLiteFactory: () => Promise<PGlite>;
  private readonly options: MemoryAnalyticsStoreOptions;
  private readonly profiler: IAnalyticsProfiler;
  private readonly ownsKnex: boolean;
  /** Whether `destroy()` closes the database: only one the store made itself. */
  protected ownsDatabase: boolean;

  constructor(options: MemoryAnalyticsStoreOptions = {}) {
    const profiler = options.profiler ?? new PassthroughAnalyticsProfiler();
    // The executor is made before super() and reaches the database through the finished store.
    let self: MemoryAnalyticsStore | null = null;
    const executor = new PGliteQueryExecutor(() => self!.db, { ...options, profiler });
    super({ executor, knex: options.knex ?? knexFactory({ client: "pg", useNullAsDefault: true }) });
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    self = this;
    this.ownsKnex = !options.knex;
    this.ownsDatabase = !options.pgLiteFactory;
    this.options = options;
    this.profiler = profiler;
    this.pgLiteFactory = options.pgLiteFactory ?? (() => PGlite.create());
  }

  /** The PGlite instance; throws until `init()` has run. */
  get db(): PGlite {
    if (!this.database) throw new Error("the store is not initialised: await store.init() first");
    return this.database;
  }

  /**
   * Loads PGlite (once) and creates the tables that do not exist yet; existing rows are kept.
   * Also stops PGlite's file system from copying a whole table file each time Postgres extends it
   * (see `extendFilesGeometrically`), which made bulk loads quadratic.
   */
  async init(): Promise<void> {
    this.database ??= await this.pgLiteFactory();
    extendFilesGeometrically(this.database);
    // Sorting a few hundred thousand series spills to disk at the default 4MB.
    await this.database.exec(`set work_mem = '64MB';\n${SCHEMA_SQL}`);
  }

  /**
   * Switches the store to another database (e.g. one loaded from a dump) and creates any missing
   * tables in it. Returns the previous database, still open: the caller decides its fate.
   */
  async replaceDatabase(next: PGlite): Promise<PGlite | null> {
    const previous = this.database;
    this.database = next;
    await this.init();
    this.resetStatistics();
    return previous;
  }

  /** Runs any SQL (several statements allowed) and returns the rows of the last statement that returned rows. */
  async raw(sql: string): Promise<RawResult> {
    const { queryLogger, resultsLogger } = this.options;
    queryLogger?.(-1, sql);
    const results = await this.profiler.record("QueryRaw", () => this.db.exec(sql));
    const withRows = results.filter((r) => r.fields.length > 0);
    const rows = (withRows.at(-1)?.rows ?? []) as RawResult;
    resultsLogger?.(-1, rows);
    return rows;
  }

  /** Releases the store; closes the database if the store made it. */
  async destroy(): Promise<void> {
    if (this.ownsKnex) await this.knex.destroy();
    if (this.ownsDatabase && this.database && !this.database.closed) await this.database.close();
    this.database = null;
  }
}
