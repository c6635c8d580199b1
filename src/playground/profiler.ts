// The profiler's record of runs, newest first: every run the playground makes (query, SQL editor,
// compare) adds its stage timings here, and the profiler pane shows one of them.
import type { LogEntry, TimingEntry } from "../rpc/protocol.js";
import { createStore, type Store } from "./store.js";

export type ProfiledRun = {
  runId: number;
  at: number;
  elapsedMs: number;
  timings: TimingEntry[];
  /** e.g. `48 periods · 12 series` or the error message. */
  summary: string;
  error?: boolean;
  /** The run's statements, for the stages that name them (`TimingEntry.logIds`). */
  statements?: ProfiledStatement[];
};

/** A log entry without its rows: the stage's statement, bindings and figures, explainable in the plan pane. */
export type ProfiledStatement = Omit<LogEntry, "rowsPreview">;

/** What the profiler keeps of a run's log: enough to open a stage's statement and explain it. */
export const statementsOf = (logs: LogEntry[]): ProfiledStatement[] =>
  logs.map(({ rowsPreview: _rows, ...statement }) => statement);

export type ProfilerState = {
  runs: ProfiledRun[];
  /** null follows the latest run; a number pins one from the list. */
  pinned: number | null;
};

export interface Profiler extends Store<ProfilerState> {
  record(run: ProfiledRun): void;
  select(runId: number | null): void;
  clear(): void;
}

const KEEP = 50;

export const selectedRun = ({ runs, pinned }: ProfilerState): ProfiledRun | null =>
  (pinned === null ? runs[0] : runs.find((r) => r.runId === pinned)) ?? null;

export function createProfiler(): Profiler {
  const store = createStore<ProfilerState>({ runs: [], pinned: null });
  return {
    ...store,
    record: (run) => store.set((s) => ({ runs: [run, ...s.runs].slice(0, KEEP) })),
    select: (pinned) => store.set({ pinned }),
    clear: () => store.set({ runs: [], pinned: null }),
  };
}

type Timed = { runId: number; elapsedMs: number; timings?: TimingEntry[]; logs?: LogEntry[] };

/** Runs `call` and records it: its stages on success, its message and time on failure. */
export async function profiled<R extends Timed>(
  profiler: Pick<Profiler, "record">,
  call: () => Promise<R>,
  summary: (r: R) => string,
): Promise<R> {
  const t0 = performance.now();
  try {
    const r = await call();
    const { runId, elapsedMs, timings = [], logs = [] } = r;
    profiler.record({ runId, at: Date.now(), elapsedMs, timings, summary: summary(r), statements: statementsOf(logs) });
    return r;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const elapsedMs = performance.now() - t0;
    profiler.record({ runId: -Date.now(), at: Date.now(), elapsedMs, timings: [], summary: message, error: true });
    throw e;
  }
}
