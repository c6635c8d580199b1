/// <reference lib="webworker" />
import "./shims/node-globals.js";
// The engine's home: one PGlite-backed store and query engine, reached only through protocol.ts.
import { PGlite } from "@electric-sql/pglite";
import { AnalyticsInputError, AnalyticsPath, AnalyticsProfiler, AnalyticsQueryEngine, MemoryAnalyticsStore } from "../engine/index.js";
import * as data from "./dataOps.js";
import * as debug from "./debugOps.js";
import { toDimensionsDto, toResultsDto, toRowsDto } from "./dto.js";
import { toErrorDto } from "./errors.js";
import type { BootParams, BootResult, BootStep, ExecuteResult, LogEntry, Method, Methods, RawResultDto, Request, TimingEntry, WorkerMessage } from "./protocol.js";
import { conversionsFromJson, conversionsToJson, parseJsonText, queryFromJson, queryToJson } from "./queryJson.js";
import { seedDemo } from "./seed.js";
import { checkResultSize, checkStoreSpec, isFatal, openStoreDatabase, rawRows, rejectNul, simulateFault } from "./storage.js";
import { findSnapshot, loadSnapshot } from "./snapshot.js";

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: WorkerMessage) => scope.postMessage(message);

const PREVIEW_ROWS = 20;
const NS = "Playground";

/** What the current run has logged and timed; every RPC call is one run, and calls run one at a time. */
const run = { id: 0, method: "boot" as Method, startedAt: 0, logs: [] as LogEntry[], timings: [] as TimingEntry[] };
/** Statements started but not yet answered, by the store's index (shared by its two loggers). */
const pending = new Map<number, LogEntry>();
let nextLogId = 1;

function emit(entry: LogEntry): void {
  const i = run.logs.findIndex((e) => e.id === entry.id);
  if (i >= 0) run.logs[i] = entry;
  else run.logs.push(entry);
  post({ type: "log", entry });
}

function startLog(index: number, sql: string): LogEntry {
  const entry: LogEntry = { id: nextLogId++, runId: run.id, method: run.method, index, sql, startedAt: Date.now(), status: "running" };
  starts.set(entry.id, performance.now());
  emit(entry);
  return entry;
}

function finishLog(entry: LogEntry, rows: unknown): void {
  const t0 = starts.get(entry.id) ?? performance.now();
  starts.delete(entry.id);
  emit({ ...entry, status: "done", durationMs: performance.now() - t0, rowCount: Array.isArray(rows) ? rows.length : 0, rowsPreview: toRowsDto(rows, PREVIEW_ROWS) });
}

const starts = new Map<number, number>();

const profiler = new AnalyticsProfiler(NS, (metric, ms) => {
  const end = performance.now() - run.startedAt;
  run.timings.push({ metric: metric.startsWith(NS + ".") ? metric.slice(NS.length + 1) : metric, startMs: end - ms, durationMs: ms });
});

let database: PGlite | null = null;
const store = new MemoryAnalyticsStore({
  pgLiteFactory: async () => database ?? (database = await PGlite.create()),
  queryLogger: (index, sql) => pending.set(index, startLog(index, sql)),
  resultsLogger: (index, rows) => {
    const entry = pending.get(index);
    pending.delete(index);
    if (entry) finishLog(entry, rows);
  },
  profiler,
});
const engine = new AnalyticsQueryEngine(store, profiler);

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
    for (const entry of pending.values()) emit({ ...entry, status: "error", error: e instanceof Error ? e.message : String(e) });
    throw e;
  } finally {
    // Whatever a call did, the next one starts outside any transaction.
    await closeTransaction().catch(() => undefined);
    pending.clear();
    // Boot's own seeding is not news: nothing was shown before it.
    if (changed.size > 0 && method !== "boot") post({ type: "changed", runId: run.id, method, sources: [...changed].sort() });
    changed.clear();
  }
}

let booted: Promise<BootResult> | null = null;

function requireBooted(): void {
  if (!booted) throw Object.assign(new Error("the engine is not booted yet: call boot first"), { kind: "state" });
}

async function boot({ count, seed, store: spec, idBase }: BootParams): Promise<BootResult> {
  const target = checkStoreSpec(spec);
  if (typeof idBase === "number" && Number.isSafeInteger(idBase) && idBase > run.id) {
    run.id = idBase;
    nextLogId = idBase;
  }
  const steps: BootResult["steps"] = [];
  const t0 = performance.now();
  const step = async <T>(name: BootStep, label: string, total: number, fn: (tick: (done: number) => void) => Promise<T>): Promise<T> => {
    const s0 = performance.now();
    const tick = (done: number, finished = false) => post({ type: "progress", step: name, label, done, total, elapsedMs: performance.now() - s0, finished });
    tick(0);
    const out = await fn(tick);
    const elapsedMs = performance.now() - s0;
    tick(total, true);
    steps.push({ step: name, label, elapsedMs });
    return out;
  };
  if (target.kind !== "memory") {
    // A named IndexedDB database keeps its rows; only a new one gets the demo.
    const opened = await step("load", target.kind === "idb" ? `Opening IndexedDB database "${target.name}"` : `Copying IndexedDB database "${target.name}" into memory`, 1, async () => {
      const out = await openStoreDatabase(target);
      database = out.db;
      return out;
    });
    await step("schema", opened.created ? "Creating the schema" : "Checking the schema", 1, () => store.init());
    // A tab closed or reloaded mid-seed leaves its mark: that demo is started over, not kept half-made.
    const interrupted = !opened.created && target.kind === "idb" && (await seedInterrupted());
    if ((opened.created || interrupted) && target.kind === "idb") {
      await step("seed", `${interrupted ? "Seeding again (the last seed was interrupted): " : "Generating and seeding "}${count.toLocaleString("en-US")} demo series`, count, async (tick) => {
        await markSeeding(true);
        if (interrupted) await store.raw(`truncate "AnalyticsSeries", "AnalyticsDimension", "AnalyticsSeries_AnalyticsDimension" restart identity`);
        await seedDemo(store, count, seed, tick);
        await markSeeding(false);
      });
    }
    const [{ n }] = (await store.raw(`select count(*)::int as n from "AnalyticsSeries"`)) as { n: number }[];
    return { seriesCount: n, seed, steps, totalMs: performance.now() - t0, store: { ...target, created: opened.created } };
  }
  const snapshot = await findSnapshot(count, seed);
  if (snapshot) {
    await step("load", `Loading the ${count.toLocaleString("en-US")}-series demo snapshot (${(snapshot.bytes / 1e6).toFixed(1)} MB)`, 1, async () => {
      database = await loadSnapshot(snapshot.url);
    });
    await step("schema", "Checking the schema", 1, () => store.init());
    const [{ n }] = (await store.raw(`select count(*)::int as n from "AnalyticsSeries"`)) as { n: number }[];
    return { seriesCount: n, seed, steps, totalMs: performance.now() - t0 };
  }
  await step("load", "Loading the database (PGlite WASM)", 1, async () => {
    database = await PGlite.create();
  });
  await step("schema", "Creating the schema", 1, () => store.init());
  await step("seed", `Generating and seeding ${count.toLocaleString("en-US")} demo series`, count, (tick) => seedDemo(store, count, seed, tick));
  return { seriesCount: count, seed, steps, totalMs: performance.now() - t0 };
}

async function execute({ query }: Methods["execute"]["params"]): Promise<ExecuteResult> {
  requireBooted();
  await booted;
  const json = typeof query === "string" ? parseJsonText(query) : query;
  rejectNul(json, "");
  const q = queryFromJson(json);
  const conversions = conversionsFromJson(json);
  const results = conversions ? await engine.executeMultiCurrency(q, { targetCurrency: q.currency, conversions }) : await engine.execute(q);
  checkResultSize(results);
  const dto = profiler.recordSync("ToDTO", () => toResultsDto(results));
  const normalised = conversions ? { ...queryToJson(q), conversions: conversionsToJson(conversions) } : queryToJson(q);
  return { runId: run.id, query: normalised, results: dto, logs: run.logs, timings: run.timings, elapsedMs: performance.now() - run.startedAt };
}

async function raw({ sql }: Methods["raw"]["params"]): Promise<RawResultDto> {
  requireBooted();
  await booted;
  const entry = startLog(-1, sql);
  try {
    const results = await profiler.record("QueryRaw", () => store.db.exec(sql));
    const rolledBack = await closeTransaction();
    const last = results.filter((r) => r.fields.length > 0).at(-1);
    // PGlite's affectedRows runs on over a multi-statement exec (insert 3 then update 2 reports
    // 3, 5): each statement's own count is the difference.
    let before = 0;
    const affected = results.map((r) => {
      const own = (r.affectedRows ?? before) - before;
      before = r.affectedRows ?? before;
      return own;
    });
    // Writes by hand bypass the store's notifications; treat any affected row as a change of everything.
    if (before > 0 && !rolledBack) changed.add("");
    finishLog(entry, last?.rows ?? []);
    return {
      runId: run.id,
      statements: results.map((r, i) => ({ fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })), ...rawRows(r.rows), affectedRows: affected[i] })),
      elapsedMs: performance.now() - run.startedAt,
      ...(rolledBack ? { rolledBack } : {}),
    };
  } catch (e) {
    emit({ ...entry, status: "error", error: e instanceof Error ? e.message : String(e) });
    // `begin; …; <error>` leaves the session in a failed transaction: every later call would fail.
    await closeTransaction();
    throw e;
  }
}

const SEEDING = "playground: demo seed in progress";
/** While a new IndexedDB database is seeded, its series table says so (a table comment, which persists like any row). */
async function markSeeding(on: boolean): Promise<void> {
  await store.db.exec(`comment on table "AnalyticsSeries" is ${on ? `'${SEEDING}'` : "null"}`);
}
async function seedInterrupted(): Promise<boolean> {
  const { rows } = await store.db.query<{ note: string | null }>(`select obj_description('"AnalyticsSeries"'::regclass, 'pg_class') as note`);
  return rows[0]?.note === SEEDING;
}

/** A call never leaves a transaction open (each is its own session); true when one was rolled back. */
async function closeTransaction(): Promise<boolean> {
  // The store's database (a dump load may have replaced it), if it has one yet.
  let db: PGlite;
  try {
    db = store.db;
  } catch {
    return false;
  }
  if (db.closed || !db.isInTransaction()) return false;
  await db.exec("rollback");
  return true;
}

const handlers: { [M in keyof Methods]: (params: Methods[M]["params"]) => Promise<Methods[M]["result"]> } = {
  // Boot is idempotent: React's dev double-effects and reconnecting UIs may ask twice.
  boot: (params) => (booted ??= boot(params)),
  execute,
  raw,
  getDimensions: async () => (requireBooted(), await booted, toDimensionsDto(await store.getDimensions())),
  getMetrics: async () => (requireBooted(), await booted, store.getMetrics()),
  getCurrencies: async () => (requireBooted(), await booted, store.getCurrencies()),
  getDimensionCounts: async () => (requireBooted(), await booted, data.dimensionCounts(store)),
  seriesCounts: async () => (requireBooted(), await booted, data.seriesCounts(store)),
  addSeries: async ({ inputs }) => {
    requireBooted();
    await booted;
    const list = typeof inputs === "string" ? parseJsonText(inputs) : inputs;
    rejectNul(list, "inputs");
    return data.addSeries(store, list as unknown[]);
  },
  clearSource: async ({ path }) => (requireBooted(), await booted, rejectNul(path, "path"), data.clearSource(store, path)),
  reseed: async (params) => {
    requireBooted();
    await booted;
    const t0 = performance.now();
    const seriesCount = await data.reseed(store, params);
    changed.add("");
    return { seriesCount, seed: params.seed, elapsedMs: performance.now() - t0 };
  },
  detectPaste: async ({ text }) => debug.detect(text),
  explain: async ({ sql }) => (requireBooted(), await booted, debug.explain(store, sql)),
  planImport: async (params) => debug.planImport(params),
  importDump: async ({ sql }) => {
    requireBooted();
    await booted;
    const out = await debug.importSqlDump(store, sql);
    changed.add("");
    return out;
  },
  exportDatabase: async () => (requireBooted(), await booted, debug.exportDatabase(store)),
  loadDatabase: async ({ bytes }) => {
    requireBooted();
    await booted;
    const out = await debug.loadDatabase(store, bytes, (db) => (database = db));
    changed.add("");
    return out;
  },
  simulateFault: async ({ fault }) => simulateFault(fault),
};

// Calls run one at a time so that each run's logs and timings are its own.
let queue: Promise<unknown> = Promise.resolve();

scope.onmessage = (event: MessageEvent<Request>) => {
  const request = event.data;
  const handler = handlers[request.method] as (params: unknown) => Promise<unknown>;
  const result = queue.then(() => inRun(request.method, () => (handler ? handler(checkParams(request.method, request.params)) : Promise.reject(unknownMethod(request.method)))));
  queue = result.catch(() => undefined);
  result.then(
    (value) => post({ type: "response", id: request.id, ok: true, result: value }),
    (e: unknown) => {
      post({ type: "response", id: request.id, ok: false, error: toErrorDto(e) });
      // A trapped database answers nothing sensible any more: the page stops this worker and offers a restart.
      if (isFatal(e)) post({ type: "fatal", message: e instanceof Error ? e.message : String(e) });
    },
  );
};

/** Params that must be text; the handlers check everything else themselves, field by field. */
const TEXT_PARAMS: Partial<Record<Method, string>> = { raw: "sql", explain: "sql", importDump: "sql", detectPaste: "text", planImport: "text" };

/** Every method takes an object of params; anything else is refused before a handler destructures it. */
function checkParams(method: Method, params: unknown): unknown {
  if (typeof params !== "object" || params === null || Array.isArray(params)) throw new AnalyticsInputError("params", `expected an object of parameters, got ${Array.isArray(params) ? "an array" : JSON.stringify(params) ?? String(params)}`);
  const text = TEXT_PARAMS[method];
  const value = text && (params as Record<string, unknown>)[text];
  if (text && typeof value !== "string") throw new AnalyticsInputError(text, `expected ${text === "sql" ? "SQL text" : "text"}, got ${value === undefined ? "nothing" : value === null ? "null" : typeof value}`);
  return params;
}

function unknownMethod(method: unknown): AnalyticsInputError {
  return new AnalyticsInputError("method", `unknown method ${JSON.stringify(method)}; the worker answers ${Object.keys(handlers).join(", ")}`);
}
