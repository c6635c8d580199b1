// The contract between the RPC service (service.ts) and the database it serves: PGlite in a
// worker (pgliteBackend.ts) or a PostgreSQL server (src/hosts/server/postgresBackend.ts). The service
// owns runs, logs, timings and validation; a backend owns only what differs between databases.
import type { IAnalyticsProfiler, KnexAnalyticsStore, SqlQueryLogger, SqlResultsLogger } from "../engine/index.js";
import type { Plan } from "../rpc/protocol.js";
import type { PreparedRun } from "./explain.js";
import type { BackendInfo, BootParams, BootResult, BootStep, DatabaseDump } from "../rpc/protocol.js";

/** What the service logs and times: a backend hands these to its store. */
type StoreHooks = { queryLogger: SqlQueryLogger; resultsLogger: SqlResultsLogger; profiler: IAnalyticsProfiler };

/** The store the service drives: the engine's store plus `raw`, which every backend's store has. */
export type PlaygroundStore = KnexAnalyticsStore & { raw(sql: string): Promise<Record<string, unknown>[]> };

/** Runs one boot step, reporting progress; `tick(done)` inside `fn` reports more. */
export type StepRunner = <T>(
  name: BootStep,
  label: string,
  total: number,
  fn: (tick: (done: number) => void) => Promise<T>,
) => Promise<T>;

/**
 * One statement of the SQL editor's text. `affectedRows` is this statement's own count;
 * `totalRows`, when set, the rows it returned of which a backend kept only the first `rows`.
 */
export type SqlStatementResult = {
  fields: { name: string; dataTypeID: number }[];
  rows: unknown[];
  affectedRows: number;
  totalRows?: number;
};

export interface EngineBackend {
  readonly info: BackendInfo;
  readonly store: PlaygroundStore;
  /** Opens (and, when new, seeds) the database; the service adds the steps and the total time. */
  boot(params: BootParams, step: StepRunner): Promise<Omit<BootResult, "steps" | "totalMs" | "seed" | "backend">>;
  /** The SQL editor's text, statements in order, as its own session: a transaction it leaves open is rolled back. */
  runSql(sql: string): Promise<{ results: SqlStatementResult[]; rolledBack: boolean }>;
  /**
   * EXPLAIN (ANALYZE, BUFFERS) of one statement, always rolled back; `timing: false` without
   * per-node timing. With `prepared` (the store ran `sql` as a prepared statement), the plan
   * that ran: through the store's statement, where the backend still holds it.
   */
  explain(sql: string, timing?: boolean, prepared?: PreparedRun): Promise<Plan>;
  /** A checked SQL dump of the three tables, all or nothing; inserted rows per table. */
  importDump(sql: string): Promise<Record<string, number>>;
  exportDatabase(): Promise<DatabaseDump>;
  loadDatabase(bytes: Uint8Array): Promise<{ seriesCount: number; elapsedMs: number }>;
  /** Throws (kind "state") when this backend refuses writes, naming `what` and how to allow them. */
  assertWritable(what: string): void;
  /** After every call: whatever it did, the store's own session is left outside any transaction. */
  endCall(): Promise<void>;
  /** The client went away (a cancel closes its connection): stop what still runs for it. */
  close?(): Promise<void>;
}

/** Makes a backend whose store reports to the service's loggers and profiler. */
export type BackendFactory = (hooks: StoreHooks) => EngineBackend;

/** A refusal that is about the engine's state or configuration, not the input. */
export const stateError = (message: string) => Object.assign(new Error(message), { kind: "state" as const });
