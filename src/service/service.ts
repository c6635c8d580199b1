// The engine behind the RPC of protocol.ts, whatever carries the messages (a Worker's postMessage
// or the server's WebSocket) and whatever database a backend brings. Every call is one run:
// calls run one at a time, so each run's logs and timings are its own.
import { AnalyticsInputError, AnalyticsPath, AnalyticsProfiler, AnalyticsQueryEngine } from "../engine/index.js";
import { stateError, type BackendFactory, type StepRunner } from "./backend.js";
import * as data from "./data.js";
import { planImport } from "./import/planImport.js";
import { detect } from "./paste/detect.js";
import { toDimensionsDto, toResultsDto, toRowsDto } from "./dto.js";
import { toErrorDto } from "./errors.js";
import type {
  BootParams,
  BootResult,
  ExecuteResult,
  GraphqlRequest,
  GraphqlResult,
  LogEntry,
  Method,
  Methods,
  NameWarning,
  PeriodDto,
  QueryJson,
  RawResultDto,
  Request,
  TimingEntry,
  WorkerMessage,
} from "../rpc/protocol.js";
import { conversionsFromJson, conversionsToJson, parseJsonText, queryFromJson, queryToJson } from "./queryJson.js";
import { runGraphql, type AnalyticsSource } from "./graphql/execute.js";
import { ANALYTICS_SDL } from "./graphql/schema.js";
import { checkNames, type NameCatalog } from "./names.js";
import { checkResultSize, isFatal, rawRows, rejectNul } from "./checks.js";

const PREVIEW_ROWS = 20;
const NS = "Playground";

/** Params that must be text; the handlers check everything else themselves, field by field. */
const TEXT_PARAMS: Partial<Record<Method, string>> = {
  raw: "sql",
  explain: "sql",
  importDump: "sql",
  detectPaste: "text",
  planImport: "text",
  graphql: "query",
};

export type EngineService = {
  /** Takes one request; its answer and events go to `post`. */
  handle(request: Request): void;
  /** The client is gone: the backend stops what still runs for it. */
  close(): Promise<void>;
};

export function createEngineService(
  makeBackend: BackendFactory,
  post: (message: WorkerMessage) => void,
): EngineService {
  const run = { id: 0, method: "boot" as Method, startedAt: 0, logs: [] as LogEntry[], timings: [] as TimingEntry[] };
  /** Statements started but not yet answered, by the store's index (shared by its two loggers). */
  const pending = new Map<number, LogEntry>();
  const starts = new Map<number, number>();
  let nextLogId = 1;
  /** While set, the store's statements and stages are the service's own (the name catalog), not the run's. */
  let quiet = false;

  const emit = (entry: LogEntry): void => {
    const i = run.logs.findIndex((e) => e.id === entry.id);
    if (i >= 0) run.logs[i] = entry;
    else run.logs.push(entry);
    post({ type: "log", entry });
  };
  const startLog = (index: number, sql: string): LogEntry => {
    const entry: LogEntry = {
      id: nextLogId++,
      runId: run.id,
      method: run.method,
      index,
      sql,
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

  const profiler = new AnalyticsProfiler(NS, (metric, ms) => {
    if (quiet) return;
    const end = performance.now() - run.startedAt;
    run.timings.push({
      metric: metric.startsWith(NS + ".") ? metric.slice(NS.length + 1) : metric,
      startMs: end - ms,
      durationMs: ms,
    });
  });
  const backend = makeBackend({
    queryLogger: (index, sql) => {
      if (!quiet) pending.set(index, startLog(index, sql));
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
  let catalog: Promise<NameCatalog> | null = null;
  const nameCatalog = (): Promise<NameCatalog> =>
    (catalog ??= (async () => {
      quiet = true;
      try {
        const [metrics, currencies, dimensions] = [
          await store.getMetrics(),
          await store.getCurrencies(),
          await store.getDimensions(),
        ];
        return {
          metrics,
          currencies,
          dimensions: new Map(dimensions.map((d) => [d.name, d.values.map((v) => v.path.toString())])),
        };
      } finally {
        quiet = false;
      }
    })().catch((e: unknown) => {
      catalog = null;
      throw e;
    }));

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
      if (changed.size > 0) catalog = null;
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
  /** A write: booted, and allowed by the backend. */
  const writable = async (what: string): Promise<void> => {
    await ready();
    backend.assertWritable(what);
  };

  async function boot(params: BootParams): Promise<BootResult> {
    if (typeof params.idBase === "number" && Number.isSafeInteger(params.idBase) && params.idBase > run.id) {
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
    const warnings = checkNames(normalised, await nameCatalog());
    return { query: normalised, results: dto, ...(warnings.length ? { warnings } : {}) };
  }

  async function execute({ query }: Methods["execute"]["params"]): Promise<ExecuteResult> {
    await ready();
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
    await ready();
    const entry = startLog(-1, sql);
    try {
      const { results, rolledBack } = await profiler.record("QueryRaw", () => backend.runSql(sql));
      // Writes by hand bypass the store's notifications; treat any affected row as a change of everything.
      if (!rolledBack && results.some((r) => r.affectedRows > 0)) changed.add("");
      finishLog(entry, results.filter((r) => r.fields.length > 0).at(-1)?.rows ?? []);
      return {
        runId: run.id,
        statements: results.map((r) => ({
          fields: r.fields,
          ...rawRows(r.rows, r.totalRows),
          affectedRows: r.affectedRows,
        })),
        elapsedMs: performance.now() - run.startedAt,
        timings: run.timings,
        ...(rolledBack ? { rolledBack } : {}),
      };
    } catch (e) {
      emit({ ...entry, status: "error", error: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  }

  // GraphQL (issue 14): the resolvers read through periodsOf and the store, so the run's logs and timings are execute's.
  async function graphqlCall({ query, variables, operationName }: GraphqlRequest): Promise<GraphqlResult> {
    await ready();
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

  const handlers: { [M in Method]: (params: Methods[M]["params"]) => Promise<Methods[M]["result"]> } = {
    // Boot is idempotent: React's dev double-effects and reconnecting UIs may ask twice.
    // Bad numbers are refused before the boot starts, so a corrected boot can follow.
    boot: async (params) => booted ?? (data.checkDemoParams(params), (booted = boot(params))),
    execute,
    raw,
    getDimensions: async () => (await ready(), toDimensionsDto(await store.getDimensions())),
    getMetrics: async () => (await ready(), store.getMetrics()),
    getCurrencies: async () => (await ready(), store.getCurrencies()),
    getDimensionCounts: async () => (await ready(), data.dimensionCounts(store)),
    seriesCounts: async () => (await ready(), data.seriesCounts(store)),
    addSeries: async ({ inputs }) => {
      await writable("adding series");
      const list = typeof inputs === "string" ? parseJsonText(inputs) : inputs;
      rejectNul(list, "inputs");
      return data.addSeries(store, list as unknown[]);
    },
    clearSource: async ({ path }) => (
      await writable("clearing a source"),
      rejectNul(path, "path"),
      data.clearSource(store, path)
    ),
    reseed: async (params) => {
      await writable("reseeding");
      const t0 = performance.now();
      const seriesCount = await announcing(data.reseed(store, params));
      return { seriesCount, seed: params.seed, elapsedMs: performance.now() - t0 };
    },
    detectPaste: async ({ text }) => detect(text),
    explain: async ({ sql, timing }) => (await ready(), backend.explain(sql, timing !== false)),
    planImport: async (params) => planImport(params),
    importDump: async ({ sql }) => (
      await writable("importing a dump"),
      { inserted: await announcing(backend.importDump(sql)) }
    ),
    exportDatabase: async () => (await ready(), backend.exportDatabase()),
    loadDatabase: async ({ bytes }) => (await writable("loading a database"), announcing(backend.loadDatabase(bytes))),
    simulateFault: async ({ fault }) => backend.simulateFault(fault),
    // GraphQL (issue 14)
    graphql: graphqlCall,
    graphqlSchema: async () => ({ sdl: ANALYTICS_SDL }),
  };

  const unknownMethod = (method: unknown) =>
    new AnalyticsInputError(
      "method",
      `unknown method ${JSON.stringify(method)}; the engine answers ${Object.keys(handlers).join(", ")}`,
    );

  let queue: Promise<unknown> = Promise.resolve();
  const handle = (request: Request) => {
    const handler = handlers[request.method] as ((params: unknown) => Promise<unknown>) | undefined;
    const result = queue.then(() =>
      inRun(request.method, () =>
        handler ? handler(checkParams(request.method, request.params)) : Promise.reject(unknownMethod(request.method)),
      ),
    );
    queue = result.catch(() => undefined);
    result.then(
      (value) => post({ type: "response", id: request.id, ok: true, result: value }),
      (e: unknown) => {
        post({ type: "response", id: request.id, ok: false, error: toErrorDto(e) });
        // A trapped database answers nothing sensible any more: the page stops this engine and offers a restart.
        if (isFatal(e)) post({ type: "fatal", message: e instanceof Error ? e.message : String(e) });
      },
    );
  };
  return { handle, close: async () => backend.close?.() };
}

/** Every method takes an object of params; anything else is refused before a handler destructures it. */
function checkParams(method: Method, params: unknown): unknown {
  if (typeof params !== "object" || params === null || Array.isArray(params))
    throw new AnalyticsInputError(
      "params",
      `expected an object of parameters, got ${Array.isArray(params) ? "an array" : (JSON.stringify(params) ?? String(params))}`,
    );
  const text = TEXT_PARAMS[method];
  const value = text && (params as Record<string, unknown>)[text];
  if (text && typeof value !== "string")
    throw new AnalyticsInputError(
      text,
      `expected ${text === "sql" ? "SQL text" : "text"}, got ${value === undefined ? "nothing" : value === null ? "null" : typeof value}`,
    );
  return params;
}
