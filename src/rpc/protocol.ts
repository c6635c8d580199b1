// The one RPC between the UI and the engine worker. Everything here is plain JSON: dates are
// ISO strings and paths are strings, so a message survives postMessage, logs and snapshots.
// (Database dumps are the one exception: their bytes cross as a Uint8Array.)
// The methods themselves (params, preconditions, results) are one table: methods.ts.
import type { Method, Methods } from "./methods.js";

export type { Method, Methods };

/** The query as the editor writes it: ISO dates, paths as strings, granularity by name. */
export type QueryJson = {
  metrics: string[];
  currency?: string | null;
  select: Record<string, string[]>;
  lod?: Record<string, number | null>;
  granularity: string;
  start?: string | null;
  end?: string | null;
  /** Multi-currency: rows in `currency` are converted into the query's currency by the price metric `metric` (its running sum). */
  conversions?: { metric: string; currency: string }[];
};

/** A conversion for executeMultiCurrency: rows of `currency` are multiplied by `metric` (a price in the target currency). */
export type ConversionJson = { metric: string; currency: string };

export type PasteResult =
  | { kind: "query"; format: PasteFormat; query: QueryJson; conversions?: ConversionJson[]; notes: string[] }
  | { kind: "sql"; format: "sql"; sql: string; notes: string[] }
  /** A GraphQL document (inline arguments), or a request whose variables hold no filter: it goes to the GraphQL pane. */
  | { kind: "graphql"; format: "graphqlDocument"; request: { query: string; variables?: string }; notes: string[] };

export type PasteFormat =
  "editor" | "analyticsFilter" | "filterVariables" | "graphqlRequest" | "serializedQuery" | "sql" | "graphqlDocument";

/** One node of an EXPLAIN (ANALYZE, FORMAT JSON) plan, with the time spent in it alone. */
export type PlanNode = {
  id: number;
  /** `Hash Join`, `Seq Scan on "AnalyticsSeries" s`, … */
  label: string;
  /** `InitPlan 1 (returns $1)`, `SubPlan 1`, `CTE c`, or `Outer`/`Inner`: how the parent uses it. */
  relationship: string;
  /** The node's condition or filter, when it has one. */
  detail: string;
  /** Rows per loop, as PostgreSQL reports them. */
  rows: number;
  /** The planner's estimate of rows per loop. */
  planRows: number;
  /** actual/estimated (>1: more rows than estimated) when one is ≥ 10× the other, else undefined. */
  misestimate?: number;
  loops: number;
  /** Parallel workers sharing this node (0 outside a Gather): its time is the workers' average. */
  workers: number;
  /** Wall time including children, ms: time per loop × loops, shared by the workers. Absent with timing off. */
  totalMs?: number;
  /** Time in this node alone, ms (see explain.ts for the rules). Absent with timing off. */
  selfMs?: number;
  /** Shared buffers found in cache and read, and temp blocks, when BUFFERS reported them. */
  buffers?: { hit: number; read: number; temp: number };
  slowest: boolean;
  children: PlanNode[];
};

export type Plan = {
  root: PlanNode;
  planningMs: number;
  /** Execution time under EXPLAIN ANALYZE (with per-node timing when `timing`). */
  executionMs: number;
  nodeCount: number;
  /** Whether per-node timing was on. */
  timing: boolean;
  /** The same statement run without EXPLAIN, ms: the real duration. Absent when not measured. */
  realMs?: number;
  /**
   * Set when the store's own prepared statement was explained, as it runs: `kept`, the one plan
   * the database keeps for the query's shape, made without its values; `per run`, planned for
   * its values at each run. Absent for SQL explained as text (a plan for the values written in).
   */
  prepared?: "kept" | "per run";
};

export type DimensionDto = { path: string; icon: string; label: string; description: string };

export type RowDto = {
  dimensions: Record<string, DimensionDto>;
  metric: string;
  unit: string | null;
  /** The change over the period. */
  value: number;
  /** The running total at the period's end. */
  sum: number;
};

export type PeriodDto = { period: string; start: string; end: string; rows: RowDto[] };

/** One SQL statement the store issued. `index` is the store's statement number (−1 for raw SQL). */
export type LogEntry = {
  /** Unique per worker: raw statements all share index −1. */
  id: number;
  runId: number;
  /** The RPC method of the run that issued it. */
  method: Method;
  index: number;
  /** The statement made readable: its values inlined. */
  sql: string;
  /** The statement as it was sent: `$1…` placeholders and the values bound to them. Absent when nothing was bound (SQL text run as is). */
  native?: { sql: string; bindings: BindingDto[] };
  /** Epoch ms. */
  startedAt: number;
  status: "running" | "done" | "error";
  durationMs?: number;
  rowCount?: number;
  /** The first rows, JSON-safe. */
  rowsPreview?: Record<string, JsonValue>[];
  error?: string;
};

/**
 * One bound value and its type as the driver sends it (`text`, `number`, `boolean`, `timestamptz`,
 * `bytea`, `json`, arrays as `text[]`…); dates as ISO strings. A long array is cut: `length` is its full size.
 */
export type BindingDto = { type: string; value: JsonValue; length?: number };

/** A profiler stage of one run, placed on the run's clock. */
export type TimingEntry = {
  /** The stage without the profiler's namespace: `Query`, `GetMatchingSeries`, `ApplyLODs`, `Discretize`. */
  metric: string;
  startMs: number;
  durationMs: number;
  /** The log entries (ids) of the statements this stage ran: one for `Query`, those inside for the stages around it. */
  logIds?: number[];
};

/**
 * Where the worker's database lives: in memory (the demo, from its snapshot when there is one),
 * in a named IndexedDB database (PGlite `idb://<name>`, seeded with the demo only when new), or
 * in memory as a copy of a named IndexedDB database that another tab has open (never written back).
 */
export type StoreSpec = { kind: "memory" } | { kind: "idb"; name: string } | { kind: "idb-copy"; name: string };
export type BootParams = {
  count: number;
  seed: number;
  store?: StoreSpec;
  /** A restarted worker numbers its runs and log entries from here, after the old worker's: the UI's lists keep unique keys. */
  idBase?: number;
};
export type BootStep = "load" | "schema" | "seed";

/** Which database answers: PGlite in this tab's worker, or PostgreSQL behind `npm run serve`. */
export type BackendInfo = {
  kind: "pglite" | "postgres";
  /** How the UI names it: "in this tab (PGlite)", "server (Postgres)". */
  label: string;
  /** False on a server started without `--allow-writes`: raw SQL is read-only and series writes are refused. */
  allowWrites: boolean;
  /** The server's database (`user@host:port/db`, never the password) and version. */
  database?: string;
  version?: string;
};

export type BootResult = {
  seriesCount: number;
  seed: number;
  steps: { step: BootStep; label: string; elapsedMs: number }[];
  totalMs: number;
  /** The database booted; `created` when an IndexedDB database was new (and so seeded). */
  store?: StoreSpec & { created: boolean };
  backend: BackendInfo;
};

/** A name in the query that matches nothing in the store (the engine alone would say nothing). */
export type NameWarning = {
  /** The query field, e.g. `metrics[1]`, `currency`, `select.bugdet`, `select.budget[0]`. */
  field: string;
  name: string;
  /** The nearest known name, when one is close. */
  suggestion?: string;
  /** e.g. `no metric 'Budgett' (did you mean 'Budget'?); known: Actuals, Budget, …` */
  message: string;
};

export type ExecuteResult = {
  runId: number;
  /** Names that matched nothing; absent when all matched. */
  warnings?: NameWarning[];
  /** The query after normalisation (metrics PascalCased, lod defaulted). */
  query: QueryJson;
  results: PeriodDto[];
  logs: LogEntry[];
  timings: TimingEntry[];
  elapsedMs: number;
};

export type RawStatementResult = {
  /** `type` is Postgres' name for the column's type (`int8`, `timestamptz`); `numeric` for number columns. */
  fields: { name: string; dataTypeID: number; type: string; numeric: boolean }[];
  rows: Record<string, JsonValue>[];
  affectedRows?: number;
  /** Set when the statement returned more rows than the worker sends (`rows` holds the first ones). */
  totalRows?: number;
};
export type RawResultDto = {
  runId: number;
  statements: RawStatementResult[];
  elapsedMs: number;
  /** The SQL left a transaction open (a `begin` without `commit`): each run is its own session, so it was rolled back. */
  rolledBack?: boolean;
  /** The run's statement (one log entry, index −1), which its `QueryRaw` stage names. */
  logs?: LogEntry[];
  /** The run's profiler stages (`QueryRaw`), for the profiler pane. */
  timings?: TimingEntry[];
};

export type DimensionListDto = { name: string; values: DimensionDto[] }[];

/** Series linked to one stored (dimension, path); a path's subtree total is the sum over the paths under it. */
export type DimensionCountDto = { name: string; path: string; count: number };
export type SeriesCountDto = { metric: string; unit: string | null; count: number };

/** A GraphQL request as apps send it (a POST body). */
export type GraphqlRequest = {
  query: string;
  variables?: string | { [name: string]: JsonValue } | null;
  operationName?: string | null;
};
/** The response JSON a GraphQL server sends: `data`, and `errors` with their locations and paths. */
export type GraphqlResponse = { data?: JsonValue; errors?: JsonValue[] };
/** The response, and the run behind it (its statements and profiler stages), as execute gives them. */
export type GraphqlResult = {
  runId: number;
  /** Names in the filters that matched nothing (the response itself stays as a server sends it). */
  warnings?: NameWarning[];
  response: GraphqlResponse;
  logs: LogEntry[];
  timings: TimingEntry[];
  elapsedMs: number;
};
/** `label` names the format for "recognised as …". */
export type PasteDto = PasteResult & { label: string };
export type ImportPlanDto = {
  accepted: { row: number; input: JsonValue }[];
  rejected: { row: number; reason: string }[];
};
/** An import checked and kept in the engine: `staged` rows wait for storeStaged under `id` (the page's). */
export type StagedImportDto = { id: string; staged: number; rejected: { row: number; reason: string }[] };
export type DatabaseDump = { bytes: Uint8Array; seriesCount: number; elapsedMs: number };

export type Request = {
  [M in Method]: { type: "request"; id: number; method: M; params: Methods[M]["params"] };
}[Method];

/** `cancelled`: the user stopped the worker mid-call; `crashed`: the worker died (the client says so, the worker cannot). */
type ErrorKind = "json" | "input" | "sql" | "state" | "internal" | "cancelled" | "crashed";
export type ErrorDto = {
  kind: ErrorKind;
  message: string;
  /** The offending query field, e.g. `select.budget[0]`, `granularity`, `end`. */
  field?: string;
  /** 0-based character offset into the submitted text (JSON syntax errors) or 1-based Postgres position into the SQL. */
  position?: number;
  /** Internal errors: the thrown class (`TypeError` is a bug in the worker; `Error` a refusal not yet given a kind). */
  errorClass?: string;
};

/** `id` is null only for a refused request whose id was not a safe integer (as JSON-RPC answers). */
type Response =
  | { type: "response"; id: number; ok: true; result: unknown }
  | { type: "response"; id: number | null; ok: false; error: ErrorDto };

type LogEvent = { type: "log"; entry: LogEntry };
export type ProgressEvent = {
  type: "progress";
  step: BootStep;
  label: string;
  done: number;
  total: number;
  /** Time spent in this step so far. */
  elapsedMs: number;
  finished: boolean;
};
/**
 * Sent after a call that stored or deleted series; `sources` are the paths written ("" = everything).
 * `runId` is −1 when the change did not come from this client's own call (another tab on the same
 * server, or a restarted engine).
 */
export type ChangedEvent = { type: "changed"; runId: number; method: Method; sources: string[] };
/** The worker's database hit a WASM trap (abort, out of memory): it cannot serve more calls; the UI offers a restart. */
type FatalEvent = { type: "fatal"; message: string };
export type WorkerEvent = LogEvent | ProgressEvent | ChangedEvent | FatalEvent;
export type WorkerMessage = Response | WorkerEvent;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
