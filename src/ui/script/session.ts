// The Script pane's state, kept outside React: a run goes on (and its output keeps arriving) while
// another results tab is shown and the pane is unmounted. Each run gets a fresh worker
// (src/hosts/script/scriptWorker.ts, started by URL: the page loads no engine code); Cancel and the
// time limit terminate it, which stops even a script that never yields.
import { useSyncExternalStore } from "react";
import { getEngineClient } from "../../client/connect.js";
import type { Method, Methods } from "../../rpc/protocol.js";
import type {
  PlaygroundMethod,
  ScriptAsset,
  ScriptError,
  ScriptEvent,
  ScriptLevel,
  ScriptResult,
} from "../../rpc/script.js";
import { scriptAsset } from "./assets.js";
import { SCRIPT_EXAMPLES } from "./examples.js";
import { scriptFromUrl } from "./link.js";
import { scriptLog } from "./logFeed.js";

type ConsoleLine = { level: ScriptLevel | "system"; text: string };
type ProfileStage = { metric: string; ms: number; at: number };
type RunStatus = "idle" | "running" | "done" | "failed" | "cancelled" | "timeout";

export type ScriptState = {
  text: string;
  /** The text of the last run, so an error's marker shows only while the text is unchanged. */
  ranText: string | null;
  /** The text came from a shared link and has not been run yet. */
  fromLink: boolean;
  status: RunStatus;
  lines: ConsoleLine[];
  stages: ProfileStage[];
  result: ScriptResult | null;
  error: ScriptError | null;
  elapsedMs: number | null;
  /** Seconds a run may take before it is stopped. */
  limitSeconds: number;
  /** Runs started in this page, so views can tell one run's output from the next. */
  runs: number;
};

const DEFAULT_LIMIT_SECONDS = 30;
/** Past this a run's console is cut (the worker would flood the page otherwise). */
const MAX_LINES = 5000;

const spawn = () =>
  new Worker(new URL("../../hosts/script/scriptWorker.ts", import.meta.url), {
    type: "module",
    name: "analytics-script",
  });

const linked = scriptFromUrl();
let state: ScriptState = {
  text: linked.script ?? SCRIPT_EXAMPLES[0].code,
  ranText: null,
  fromLink: linked.script !== null,
  status: "idle",
  lines: linked.problem ? [{ level: "system", text: linked.problem }] : [],
  stages: [],
  result: null,
  error: null,
  elapsedMs: null,
  limitSeconds: DEFAULT_LIMIT_SECONDS,
  runs: 0,
};
const listeners = new Set<() => void>();
const set = (patch: Partial<ScriptState>) => {
  state = { ...state, ...patch };
  for (const l of listeners) l();
};

/** A worker loaded ahead of the next run, so Run does not wait for the engine's modules. */
let spare: Worker | null = null;
let current: { worker: Worker; timer: ReturnType<typeof setTimeout>; started: number } | null = null;
/** Listeners told when a run ends (the pane records its profiler stages). */
const finished = new Set<(s: ScriptState) => void>();

export function warmUp(): void {
  spare ??= spawn();
}

function stop(status: RunStatus, line: string): void {
  if (!current) return;
  flush();
  clearTimeout(current.timer);
  current.worker.terminate();
  const elapsedMs = performance.now() - current.started;
  current = null;
  set({ status, elapsedMs, lines: [...state.lines, { level: "system", text: line }] });
  scriptLog.append(state.runs, [{ level: "system", text: line }]);
  scriptLog.end(state.runs, status);
  for (const f of finished) f(state);
}

/**
 * Output waiting for the next flush: a chatty script sends thousands of lines, the page renders
 * every 50 ms. A flush feeds both the pane's console and the log pane (logFeed.ts).
 */
let pending: { lines: ConsoleLine[]; stages: ProfileStage[] } = { lines: [], stages: [] };
let flushTimer: ReturnType<typeof setTimeout> | undefined;

function flush(): void {
  clearTimeout(flushTimer);
  flushTimer = undefined;
  const { lines, stages } = pending;
  pending = { lines: [], stages: [] };
  if (lines.length === 0 && stages.length === 0) return;
  const room = MAX_LINES - state.lines.length;
  const kept =
    lines.length > room
      ? [
          ...lines.slice(0, Math.max(0, room)),
          { level: "system" as const, text: `more than ${MAX_LINES} lines: the rest is not shown` },
        ]
      : lines;
  set({ lines: room >= 0 ? [...state.lines, ...kept] : state.lines, stages: [...state.stages, ...stages] });
  if (room >= 0 && kept.length > 0) scriptLog.append(state.runs, kept);
}

/** The only engine calls a script's "playground" module may make (no reseed, no loading a database). */
const PLAYGROUND_METHODS: ReadonlySet<string> = new Set<PlaygroundMethod>([
  "addSeries",
  "clearSource",
  "execute",
  "getDimensions",
  "raw",
]);

/** A script's call to the playground's store, made on the page's engine client; the answer goes back to its worker. */
async function answer(worker: Worker, id: number, method: PlaygroundMethod, params: unknown): Promise<void> {
  try {
    if (!PLAYGROUND_METHODS.has(method)) throw new Error(`the playground store has no method ${method}`);
    const result = await getEngineClient().call(method as Method, params as Methods[Method]["params"]);
    worker.postMessage({ type: "answer", id, result });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    worker.postMessage({ type: "answer", id, error: message });
  }
}

/** PGlite's files for a store the script creates (the worker may not fetch them itself). */
async function sendAsset(worker: Worker, id: number, name: ScriptAsset): Promise<void> {
  try {
    worker.postMessage({ type: "answer", id, result: await scriptAsset(name) });
  } catch (e) {
    worker.postMessage({ type: "answer", id, error: e instanceof Error ? e.message : String(e) });
  }
}

function receive(event: ScriptEvent): void {
  switch (event.type) {
    case "call":
      if (current) void answer(current.worker, event.id, event.method, event.params);
      return;
    case "asset":
      if (current) void sendAsset(current.worker, event.id, event.name);
      return;
    case "console":
      pending.lines.push({ level: event.level, text: event.text });
      flushTimer ??= setTimeout(flush, 50);
      return;
    case "profile":
      pending.stages.push({ metric: event.metric, ms: event.ms, at: event.at });
      flushTimer ??= setTimeout(flush, 50);
      return;
    case "done":
    case "failed":
      if (!current) return;
      flush();
      clearTimeout(current.timer);
      current.worker.terminate();
      current = null;
      set({
        status: event.type,
        elapsedMs: event.elapsedMs,
        result: event.type === "done" ? event.result : null,
        error: event.type === "failed" ? event.error : null,
      });
      if (event.type === "failed") {
        const { name, message, position } = event.error;
        const where = position ? ` at script.ts:${position.line}:${position.column}` : "";
        scriptLog.append(state.runs, [{ level: "error", text: `threw ${name}: ${message}${where}` }]);
      }
      scriptLog.end(state.runs, event.type);
      for (const f of finished) f(state);
      warmUp();
      return;
  }
}

export const scriptSession = {
  setText: (text: string) => set({ text }),
  setLimit: (limitSeconds: number) => set({ limitSeconds }),
  run(): void {
    if (current) return;
    const worker = spare ?? spawn();
    spare = null;
    const limit = state.limitSeconds;
    const timer = setTimeout(
      () => stop("timeout", `stopped after ${limit} s, the time limit: raise it to let a script run longer`),
      limit * 1000,
    );
    current = { worker, timer, started: performance.now() };
    worker.onmessage = (e: MessageEvent<ScriptEvent>) => {
      if (current?.worker === worker) receive(e.data);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      if (current?.worker === worker) stop("failed", `the script worker failed: ${e.message || "it could not start"}`);
    };
    set({
      status: "running",
      ranText: state.text,
      fromLink: false,
      lines: [],
      stages: [],
      result: null,
      error: null,
      elapsedMs: null,
      runs: state.runs + 1,
    });
    scriptLog.start(state.runs);
    worker.postMessage({ type: "run", source: state.text });
  },
  cancel(): void {
    stop("cancelled", "cancelled: the script's worker was stopped");
    warmUp();
  },
  onFinished(listener: (s: ScriptState) => void): () => void {
    finished.add(listener);
    return () => finished.delete(listener);
  },
};

declare global {
  interface Window {
    /** What end-to-end tests drive the Script pane through (text, run, cancel, limit). */
    __scriptSession?: typeof scriptSession;
  }
}
window.__scriptSession = scriptSession;

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function useScriptSession(): ScriptState {
  return useSyncExternalStore(subscribe, () => state);
}
