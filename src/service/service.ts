// The engine behind the RPC of protocol.ts, whatever carries the messages (a Worker's postMessage
// or the server's WebSocket) and whatever database a backend brings. Every call is one run:
// calls run one at a time, so each run's logs and timings are its own.
import {
  AnalyticsInputError,
  AnalyticsPath,
  AnalyticsProfiler,
  AnalyticsQueryEngine,
  type NativeStatement,
} from "../engine/index.js";
import { stateError, type BackendFactory, type StepRunner } from "./backend.js";
import type { PreparedRun } from "./explain.js";
import * as data from "./data.js";
import { planImport } from "./import/planImport.js";
import { stagedImports, type ImportBudget } from "./import/staged.js";
import { detect } from "./paste/detect.js";
import { toBindingsDto, toDimensionsDto, toResultsDto, toRowsDto } from "./dto.js";
import { toErrorDto } from "./errors.js";
import type {
  BootParams,
  BootResult,
  ExecuteResult,
  GraphqlRequest,
  GraphqlResult,
  LogEntry,
  NameWarning,
  PeriodDto,
  QueryJson,
  RawResultDto,
  TimingEntry,
  WorkerMessage,
} from "../rpc/protocol.js";
import { METHODS, type Method, type Methods, type Needs } from "../rpc/methods.js";
import { conversionsFromJson, conversionsToJson, parseJsonText, queryFromJson, queryToJson } from "./queryJson.js";
import { describeField } from "./pgTypes.js";
import { checkResultSize, isConnectionLost, isFatal, parseParams, rawRows, rejectNul } from "./checks.js";
import { runGraphql, type AnalyticsSource } from "./graphql/execute.js";
import { ANALYTICS_SDL } from "./graphql/schema.js";
import { checkNames } from "./names.js";
import { nameCatalog } from "./nameCatalog.js";

const PREVIEW_ROWS = 20;
/** Statements the store ran prepared, remembered by log entry for EXPLAIN: the latest this many. */
const MAX_PREPARED_RUNS = 50;
const NS = "Playground";

/** One handler per row of the RPC's table, by name: params already checked, precondition already met. */
type Handlers = { [M in Method]: (params: Methods[M]["params"]) => Promise<Methods[M]["result"]> };

export type EngineService = {
  /** Takes one request (anything a client sent: the envelope is checked here); its answer and events go to `post`. */
  handle(request: unknown): void;
  /** The client is gone: the backend stops what still runs for it. */
  close(): Promise<void>;
};

export type ServiceOptions = {
  /** Shared by every service of one host: the server's connections' imports together. */
  importBudget?: ImportBudget;
};

export function createEngineService(
  makeBackend: BackendFactory,
  post: (message: WorkerMessage) => void,
  options: ServiceOptions = {},
): EngineService {
  const run = { id: 0, method: "boot" as Method, startedAt: 0, logs: [] as LogEntry[], timings: [] as TimingEntry[] };
  /** Statements started but not yet answered, by the store's index (shared by its two loggers). */
  const pending = new Map<number, LogEntry>();
  const starts = new Map<number, number>();
  const preparedRuns = new Map<number, PreparedRun>();
  let nextLogId = 1;
  /** While set, the store's statements and stages are the service's own (the name catalog), not the run's. */
  let quiet = false;

  const emit = (entry: LogEntry): void => {
    const i = run.logs.findIndex((e) => e.id === entry.id);
    if (i >= 0) run.logs[i] = entry;
    else run.logs.push(entry);
    post({ type: "log", entry });
  };
  const startLog = (index: number, sql: string, native?: NativeStatement): LogEntry => {
    if (native?.prepared) {
      preparedRuns.set(nextLogId, native.prepared);
      // Only recent entries can be explained as they ran; older ones as their text.
      if (preparedRuns.size > MAX_PREPARED_RUNS) preparedRuns.delete(preparedRuns.keys().next().value!);
    }
    const entry: LogEntry = {
      id: nextLogId++,
      runId: run.id,
      method: run.method,
      index,
      sql,
      ...(native?.bindings.length ? { native: { sql: native.sql, bindings: toBindingsDto(native.bindings) } } : {}),
      startedAt: Date.now(),
      status: "running",
    };
    starts.set(entry.id, performance.now());
    emit(entry);
    return entry;
  };
  const finishLog = (entry: LogEntry, rows: unknown): void => {
    const t0 = starts.get(entry.id) ?? performance.now();
    starts.delete(entry.id);
    emit({
      ...entry,
      status: "done",
      durationMs: performance.now() - t0,
      rowCount: Array.isArray(rows) ? rows.length : 0,
      rowsPreview: toRowsDto(rows, PREVIEW_ROWS),
    });
  };

  // A query stage times one statement: the store logs it just before the stage starts and
  // finishes it just after the stage ends, so it is the pending one that started last before the
  // stage. A stage around query stages (GetMatchingSeries) holds their statements.
  const statementsOf = (stage: string, startMs: number, end: number): number[] => {
    if (stage === "Query" || stage === "QueryRaw") {
      let best: { id: number; at: number } | null = null;
      for (const e of pending.values()) {
        const at = (starts.get(e.id) ?? Infinity) - run.startedAt;
        if (at <= startMs && (!best || at > best.at)) best = { id: e.id, at };
      }
      return best ? [best.id] : [];
    }
    return run.timings
      .filter((t) => t.logIds && t.startMs >= startMs && t.startMs + t.durationMs <= end)
      .flatMap((t) => t.logIds!);
  };
  const profiler = new AnalyticsProfiler(NS, (metric, ms) => {
    if (quiet) return;
    const end = performance.now() - run.startedAt;
    const stage = metric.startsWith(NS + ".") ? metric.slice(NS.length + 1) : metric;
    const logIds = statementsOf(stage, end - ms, end);
    run.timings.push({ metric: stage, startMs: end - ms, durationMs: ms, ...(logIds.length ? { logIds } : {}) });
  });
  const backend = makeBackend({
    queryLogger: (index, sql, native) => {
      if (!quiet) pending.set(index, startLog(index, sql, native));
    },
    resultsLogger: (index, rows) => {
      const entry = pending.get(index);
      pending.delete(index);
      if (entry) finishLog(entry, rows);
    },
    profiler,
  });
  const { store } = backend;
  const engine = new AnalyticsQueryEngine(store, profiler);

  /** What the store holds, for the name checks; read outside the run's log and dropped when anything changes. */
  const catalog = nameCatalog(store, async (read) => {
    quiet = true;
    try {
      return await read();
    } finally {
      quiet = false;
    }
  });

  /** Sources written during the current run ("" = everything), announced once when it ends. */
  const changed = new Set<string>();
  // The empty path matches every source, so the UI hears of every commit and can re-run its query.
  store.subscribeToSource(AnalyticsPath.fromString(""), (source) => changed.add(source.toString()));

  async function inRun<T>(method: Method, fn: () => Promise<T>): Promise<T> {
    run.id++;
    run.method = method;
    run.startedAt = performance.now();
    run.logs = [];
    run.timings = [];
    try {
      return await fn();
    } catch (e) {
      // A statement that threw never reaches the results logger: close it here with the error.
      for (const entry of pending.values())
        emit({ ...entry, status: "error", error: e instanceof Error ? e.message : String(e) });
      throw e;
    } finally {
      await backend.endCall().catch(() => undefined);
      pending.clear();
      // Boot's own seeding is not news: nothing was shown before it.
      if (changed.size > 0) catalog.drop();
      if (changed.size > 0 && method !== "boot")
        post({ type: "changed", runId: run.id, method, sources: [...changed].sort() });
      changed.clear();
    }
  }

  let booted: Promise<BootResult> | null = null;
  const ready = async (): Promise<void> => {
    if (!booted) throw stateError("the engine is not booted yet: call boot first");
    await booted;
  };
  /** A method's precondition from the table: booted, or booted and writable on this backend. */
  const meet = async (needs: Needs): Promise<void> => {
    if (needs === "none") return;
    await ready();
    if (typeof needs === "object") backend.assertWritable(needs.writable);
  };

  async function boot(params: BootParams): Promise<BootResult> {
    if (params.idBase !== undefined && params.idBase > run.id) {
      run.id = params.idBase;
      nextLogId = params.idBase;
    }
    const steps: BootResult["steps"] = [];
    const t0 = performance.now();
    const step: StepRunner = async (name, label, total, fn) => {
      const s0 = performance.now();
      const tick = (done: number, finished = false) =>
        post({ type: "progress", step: name, label, done, total, elapsedMs: performance.now() - s0, finished });
      tick(0);
      const out = await fn(tick);
      tick(total, true);
      steps.push({ step: name, label, elapsedMs: performance.now() - s0 });
      return out;
    };
    const out = await backend.boot(params, step);
    return { ...out, seed: params.seed, steps, totalMs: performance.now() - t0, backend: backend.info };
  }

  /** A checked query's periods, and the query normalised: execute's and the GraphQL resolvers' one path. */
  async function periodsOf(
    json: unknown,
  ): Promise<{ query: QueryJson; results: PeriodDto[]; warnings?: NameWarning[] }> {
    rejectNul(json, "");
    const q = queryFromJson(json);
    const conversions = conversionsFromJson(json);
    const results = conversions
      ? await engine.executeMultiCurrency(q, { targetCurrency: q.currency, conversions })
      : await engine.execute(q);
    checkResultSize(results);
    const dto = profiler.recordSync("ToDTO", () => toResultsDto(results));
    const normalised = conversions
      ? { ...queryToJson(q), conversions: conversionsToJson(conversions) }
      : queryToJson(q);
    const warnings = checkNames(normalised, await catalog.forQuery(normalised, dto));
    return { query: normalised, results: dto, ...(warnings.length ? { warnings } : {}) };
  }

  async function execute({ query }: Methods["execute"]["params"]): Promise<ExecuteResult> {
    const out = await periodsOf(typeof query === "string" ? parseJsonText(query) : query);
    return {
      runId: run.id,
      ...out,
      logs: run.logs,
      timings: run.timings,
      elapsedMs: performance.now() - run.startedAt,
    };
  }

  async function raw({ sql }: Methods["raw"]["params"]): Promise<RawResultDto> {
    const entry = startLog(-1, sql);
    // Pending while it runs, so the QueryRaw stage names it as a Query stage names a store statement.
    pending.set(-1, entry);
    try {
      const { results, rolledBack } = await profiler.record("QueryRaw", () => backend.runSql(sql));
      pending.delete(-1);
      // Writes by hand bypass the store's notifications; treat any affected row as a change of everything.
      if (!rolledBack && results.some((r) => r.affectedRows > 0)) changed.add("");
      finishLog(entry, results.filter((r) => r.fields.length > 0).at(-1)?.rows ?? []);
      return {
        runId: run.id,
        statements: results.map((r) => ({
          fields: r.fields.map(describeField),
          ...rawRows(r.rows, r.totalRows),
          affectedRows: r.affectedRows,
        })),
        elapsedMs: performance.now() - run.startedAt,
        logs: run.logs,
        timings: run.timings,
        ...(rolledBack ? { rolledBack } : {}),
      };
    } catch (e) {
      pending.delete(-1);
      emit({ ...entry, status: "error", error: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  }

  // GraphQL (issue 14): the resolvers read through periodsOf and the store, so the run's logs and timings are execute's.
  async function graphqlCall({ query, variables, operationName }: GraphqlRequest): Promise<GraphqlResult> {
    const vars =
      typeof variables === "string" ? (variables.trim() === "" ? null : parseJsonText(variables)) : variables;
    if (vars !== null && vars !== undefined && (typeof vars !== "object" || Array.isArray(vars)))
      throw new AnalyticsInputError(
        "variables",
        `expected an object of variables such as { "filter": { … } }, got ${JSON.stringify(vars)}`,
      );
    rejectNul(vars, "variables");
    const warnings: NameWarning[] = [];
    const source: AnalyticsSource = {
      series: async (json) => {
        const out = await periodsOf(json);
        warnings.push(...(out.warnings ?? []));
        return out.results;
      },
      metrics: () => store.getMetrics(),
      dimensions: async () => toDimensionsDto(await store.getDimensions()),
      currencies: () => store.getCurrencies(),
    };
    const response = await runGraphql(source, {
      query,
      variables: vars as Record<string, unknown> | null | undefined,
      operationName: typeof operationName === "string" ? operationName : null,
    });
    return {
      runId: run.id,
      ...(warnings.length ? { warnings } : {}),
      response,
      logs: run.logs,
      timings: run.timings,
      elapsedMs: performance.now() - run.startedAt,
    };
  }

  /** A call that stored or deleted series tells the UI everything may have changed. */
  const announcing = async <T>(out: Promise<T>): Promise<T> => {
    const value = await out;
    changed.add("");
    return value;
  };

  const staged = stagedImports(options.importBudget);
  const handlers: Handlers = {
    // Boot is idempotent: React's dev double-effects and reconnecting UIs may ask twice. Its
    // params are checked before it starts, so a corrected boot can follow a refused one.
    boot: async (params) => (booted ??= boot(params)),
    execute,
    raw,
    getDimensions: async () => toDimensionsDto(await store.getDimensions()),
    getMetrics: () => store.getMetrics(),
    getCurrencies: () => store.getCurrencies(),
    getDimensionCounts: () => data.dimensionCounts(store),
    seriesCounts: () => data.seriesCounts(store),
    addSeries: async ({ inputs }) => {
      const list = typeof inputs === "string" ? parseJsonText(inputs) : inputs;
      rejectNul(list, "inputs");
      return data.addSeries(store, list as unknown[]);
    },
    clearSource: ({ path }) => data.clearSource(store, path),
    reseed: async (params) => {
      const t0 = performance.now();
      const seriesCount = await announcing(data.reseed(store, params));
      return { seriesCount, seed: params.seed, elapsedMs: performance.now() - t0 };
    },
    detectPaste: async ({ text }) => detect(text),
    explain: ({ sql, timing, logId }) =>
      backend.explain(sql, timing !== false, logId === undefined ? undefined : preparedRuns.get(logId)),
    planImport: async (params) => planImport(params),
    stageText: async (params) => staged.append(params),
    stageImport: async (params) => staged.stage(params),
    storeStaged: (params) => staged.store(params, (inputs) => data.addSeries(store, inputs)),
    importDump: async ({ sql }) => ({ inserted: await announcing(backend.importDump(sql)) }),
    exportDatabase: () => backend.exportDatabase(),
    loadDatabase: ({ bytes }) => announcing(backend.loadDatabase(bytes)),
    // GraphQL (issue 14)
    graphql: graphqlCall,
    graphqlSchema: async () => ({ sdl: ANALYTICS_SDL }),
  };

  /** One call: params by the table's schema, then its precondition, then the handler of that name. */
  async function call<M extends Method>(method: M, params: unknown): Promise<Methods[M]["result"]> {
    const row = METHODS[method];
    const checked = parseParams(row.params as never, params) as Methods[M]["params"];
    await meet(row.needs);
    if (!RETRIED_READS.has(method)) return handlers[method](checked);
    for (let attempt = 1; ; attempt++) {
      try {
        return await handlers[method](checked);
      } catch (e) {
        if (attempt >= READ_ATTEMPTS || !isConnectionLost(e)) throw e;
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  }

  const refuse = (id: number | null, e: unknown) => post({ type: "response", id, ok: false, error: toErrorDto(e) });

  let queue: Promise<unknown> = Promise.resolve();
  /** Set by close(): calls still queued are dropped, not run for a client that is gone. */
  let closed = false;
  const handle = (message: unknown) => {
    const request = checkEnvelope(message);
    if (request instanceof Error) return refuse(null, request);
    const { id, method, params } = request;
    // An own key of the table only: `__proto__`, `constructor` or `toString` are unknown methods, not Object's.
    if (typeof method !== "string" || !Object.hasOwn(METHODS, method)) return refuse(id, unknownMethod(method));
    const result = queue.then(() =>
      closed
        ? Promise.reject(stateError("the client went away before this call ran"))
        : inRun(method as Method, () => call(method as Method, params)),
    );
    queue = result.catch(() => undefined);
    result.then(
      (value) => post({ type: "response", id, ok: true, result: value }),
      (e: unknown) => {
        refuse(id, e);
        // A trapped database answers nothing sensible any more: the page stops this engine and offers a restart.
        if (isFatal(e)) post({ type: "fatal", message: e instanceof Error ? e.message : String(e) });
      },
    );
  };
  return {
    handle,
    close: async () => {
      closed = true;
      staged.drop();
      await backend.close?.();
    },
  };
}

/**
 * The store's reads, run again when the database ended their session under them (isConnectionLost):
 * they change nothing, so a second run on a fresh connection is the answer the first would have been.
 * Writes are never run twice, and the SQL editor has its own connection handling.
 */
const RETRIED_READS: ReadonlySet<Method> = new Set<Method>([
  "execute",
  "getDimensions",
  "getMetrics",
  "getCurrencies",
  "getDimensionCounts",
  "seriesCounts",
]);
const READ_ATTEMPTS = 4;

const unknownMethod = (method: unknown) =>
  new AnalyticsInputError(
    "method",
    `unknown method ${JSON.stringify(method) ?? String(method)}; the engine answers ${Object.keys(METHODS).join(", ")}`,
  );

/** The request's envelope; an error (answered with id null, as JSON-RPC does) when its id cannot be answered to. */
function checkEnvelope(message: unknown): { id: number; method: unknown; params: unknown } | AnalyticsInputError {
  if (typeof message !== "object" || message === null || Array.isArray(message))
    return new AnalyticsInputError(
      "request",
      'expected a request object { "type": "request", "id", "method", "params" }',
    );
  const { id, method, params } = message as Record<string, unknown>;
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 0)
    return new AnalyticsInputError(
      "id",
      `the request id must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got ${typeof id === "number" ? String(id) : (JSON.stringify(id) ?? String(id))}; the answer could not name the request`,
    );
  return { id, method, params };
}
