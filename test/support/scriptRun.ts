// A script run as the tests compare it: what it printed, in order, and how it ended. Timings
// (the `at` and `ms` of events) are left out: they differ from run to run.
import type { ScriptError, ScriptEvent, ScriptResult } from "../../src/rpc/script.js";

export type RecordedRun = {
  /** `level: text` per console line. */
  console: string[];
  /** The profiler's stage names, in order. */
  stages: string[];
  result: ScriptResult | null;
  error: ScriptError | null;
};

export function recordRun(events: readonly ScriptEvent[]): RecordedRun {
  const run: RecordedRun = { console: [], stages: [], result: null, error: null };
  for (const e of events) {
    if (e.type === "console") run.console.push(`${e.level}: ${e.text}`);
    else if (e.type === "profile") run.stages.push(e.metric);
    else if (e.type === "done") run.result = e.result;
    else if (e.type === "failed") run.error = e.error;
  }
  return run;
}
