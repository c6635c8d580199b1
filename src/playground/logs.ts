// The SQL log, framework-free: the statements the engine reports (in arrival order, updated in
// place as they finish), the filter and which statements show their rows; and the script runs'
// console lines, which the log pane places among them. React binds in src/ui/logs/LogsContext.tsx.
import type { EngineClient } from "../client/EngineClient.js";
import type { LogEntry } from "../rpc/protocol.js";
import { createStore, type ReadableStore } from "./store.js";

export type LogsState = {
  entries: LogEntry[];
  /** Grouped by run (with the scripts' lines), or every statement as a row of the grid. */
  view: "runs" | "table";
  filter: string;
  /** Ids of the statements whose rows are shown. */
  open: number[];
};

export interface Logs extends ReadableStore<LogsState> {
  /** Appends new statements and replaces those already logged (a running one that finished). */
  add(batch: LogEntry[]): void;
  /** Logs the client's statements from now on, applied in batches; returns the function that stops. */
  follow(client: Pick<EngineClient, "on">): () => void;
  clear(): void;
  setFilter(filter: string): void;
  setView(view: LogsState["view"]): void;
  /** Shows or hides a statement's rows. */
  toggle(id: number): void;
}

/** Older entries are dropped: a long session must not grow the page without bound. */
export const KEEP_ENTRIES = 2000;
/** Seeding emits hundreds of events in a burst: they are applied together, not one by one. */
const BATCH_MS = 50;

export function createLogs(): Logs {
  const store = createStore<LogsState>({ entries: [], view: "runs", filter: "", open: [] });
  const add = (batch: LogEntry[]) =>
    store.set(({ entries }) => {
      const byId = new Map(entries.map((e, i) => [e.id, i]));
      const next = [...entries];
      for (const e of batch) {
        const i = byId.get(e.id);
        if (i === undefined) {
          byId.set(e.id, next.length);
          next.push(e);
        } else next[i] = e;
      }
      return { entries: next.length > KEEP_ENTRIES ? next.slice(next.length - KEEP_ENTRIES) : next };
    });
  return {
    get: store.get,
    subscribe: store.subscribe,
    add,
    follow(client) {
      // A timer rather than requestAnimationFrame, which stops in background tabs.
      let queue: LogEntry[] = [];
      let timer: ReturnType<typeof setTimeout> | undefined;
      const flush = () => {
        timer = undefined;
        const batch = queue;
        queue = [];
        add(batch);
      };
      const off = client.on("log", ({ entry }) => {
        queue.push(entry);
        timer ??= setTimeout(flush, BATCH_MS);
      });
      return () => {
        off();
        clearTimeout(timer);
      };
    },
    clear: () => store.set({ entries: [], open: [] }),
    setFilter: (filter) => store.set({ filter }),
    setView: (view) => store.set({ view }),
    toggle: (id) =>
      store.set(({ open }) => ({ open: open.includes(id) ? open.filter((o) => o !== id) : [...open, id] })),
  };
}

type ScriptLogLine = { level: string; text: string };
export type ScriptLogRun = {
  /** The Script pane's run number. */
  run: number;
  /** `Date.now()` when it started: the log pane places it among the SQL runs by it. */
  startedAt: number;
  status: string;
  lines: readonly ScriptLogLine[];
};

export interface ScriptLog extends ReadableStore<{ runs: readonly ScriptLogRun[] }> {
  start(run: number): void;
  append(run: number, lines: readonly ScriptLogLine[]): void;
  end(run: number, status: string): void;
  clear(): void;
}

/** Older runs are dropped, like the log's older statements. */
export const KEEP_SCRIPT_RUNS = 20;

/** What scripts print (their console.* and the engine's loggers), run by run. */
export function createScriptLog(): ScriptLog {
  const store = createStore<{ runs: readonly ScriptLogRun[] }>({ runs: [] });
  const update = (run: number, change: (r: ScriptLogRun) => ScriptLogRun) =>
    store.set(({ runs }) => ({ runs: runs.map((r) => (r.run === run ? change(r) : r)) }));
  return {
    get: store.get,
    subscribe: store.subscribe,
    start: (run) =>
      store.set(({ runs }) => ({
        runs: [...runs, { run, startedAt: Date.now(), status: "running", lines: [] }].slice(-KEEP_SCRIPT_RUNS),
      })),
    append: (run, lines) => update(run, (r) => ({ ...r, lines: [...r.lines, ...lines] })),
    end: (run, status) => update(run, (r) => ({ ...r, status })),
    clear: () => store.set({ runs: [] }),
  };
}

/** One run of the engine's statements, as the log pane shows it. */
type SqlRunGroup = { runId: number; entries: LogEntry[]; sqlMs: number };
export type LogItem = { at: number; sql: SqlRunGroup; script: null } | { at: number; sql: null; script: ScriptLogRun };

/**
 * What the log pane lists, newest first: the statements that match the filter (in their SQL or
 * their run's method, case-insensitive) grouped by run, and the script runs with the lines that
 * match, each placed by when it started.
 */
export function logItems(entries: LogEntry[], scripts: readonly ScriptLogRun[], filter: string): LogItem[] {
  const needle = filter.trim().toLowerCase();
  const byRun = new Map<number, LogEntry[]>();
  for (const e of entries) {
    if (needle && !e.sql.toLowerCase().includes(needle) && !e.method.toLowerCase().includes(needle)) continue;
    const list = byRun.get(e.runId) ?? [];
    list.push(e);
    byRun.set(e.runId, list);
  }
  const groups = [...byRun.entries()].sort(([a], [b]) => b - a);
  const shownScripts = scripts
    .map((r) => (needle ? { ...r, lines: r.lines.filter((l) => l.text.toLowerCase().includes(needle)) } : r))
    .filter((r) => !needle || r.lines.length > 0);
  return [
    ...groups.map(([runId, list]): LogItem => {
      const sqlMs = list.reduce((t, e) => t + (e.durationMs ?? 0), 0);
      return { at: list[0].startedAt, sql: { runId, entries: list, sqlMs }, script: null };
    }),
    ...shownScripts.map((r): LogItem => ({ at: r.startedAt, sql: null, script: r })),
  ].sort((a, b) => b.at - a.at);
}
