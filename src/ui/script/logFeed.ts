// What scripts print, for the log pane (src/ui/logs): each run's console lines (its own console.*
// and the engine's, e.g. the default loggers) as they arrive. Kept apart from the Script pane's
// session, which is loaded with the pane, so the log pane imports nothing else of the script's.
import { useSyncExternalStore } from "react";

export type ScriptLogLine = { level: string; text: string };
export type ScriptLogRun = {
  /** The Script pane's run number. */
  run: number;
  /** `Date.now()` when it started: the log pane places it among the SQL runs by it. */
  startedAt: number;
  status: string;
  lines: readonly ScriptLogLine[];
};

/** Older runs are dropped, like the log pane's older statements. */
const KEEP_RUNS = 20;
let runs: readonly ScriptLogRun[] = [];
const listeners = new Set<() => void>();

function update(run: number, change: (r: ScriptLogRun) => ScriptLogRun): void {
  runs = runs.map((r) => (r.run === run ? change(r) : r));
  for (const l of listeners) l();
}

export const scriptLog = {
  start(run: number): void {
    runs = [...runs, { run, startedAt: Date.now(), status: "running", lines: [] }].slice(-KEEP_RUNS);
    for (const l of listeners) l();
  },
  append: (run: number, lines: readonly ScriptLogLine[]) =>
    update(run, (r) => ({ ...r, lines: [...r.lines, ...lines] })),
  end: (run: number, status: string) => update(run, (r) => ({ ...r, status })),
  clear(): void {
    runs = [];
    for (const l of listeners) l();
  },
};

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function useScriptLog(): readonly ScriptLogRun[] {
  return useSyncExternalStore(subscribe, () => runs);
}
