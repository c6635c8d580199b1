// Which statement of another run the plan pane shows beside the query run's own: a profiler stage
// of an SQL editor, Compare or GraphQL run (or an earlier query run) opens its statement there, to
// be explained, with timing off and side by side, like the shown query run's statements.
import { type ProfiledRun, type ProfiledStatement } from "./profiler.js";
import { createStore, type ReadableStore } from "./store.js";

type PlannedStatement = {
  statement: ProfiledStatement;
  /** Where it ran, e.g. `run #12 · SQL editor · 1 statement`: the section's heading. */
  from: string;
};

export type PlanStatementState = { shown: PlannedStatement | null };

export interface PlanStatement extends ReadableStore<PlanStatementState> {
  /** Shows the run's statement `logId`; false (and nothing changes) when the run has no such statement. */
  show(run: ProfiledRun, logId: number): boolean;
  close(): void;
}

export function createPlanStatement(): PlanStatement {
  const store = createStore<PlanStatementState>({ shown: null });
  return {
    get: store.get,
    subscribe: store.subscribe,
    show(run, logId) {
      const statement = run.statements?.find((s) => s.id === logId);
      if (!statement) return false;
      // The same statement again keeps its section (and the plans explained in it).
      if (store.get().shown?.statement !== statement)
        store.set({ shown: { statement, from: `run #${run.runId} · ${run.summary}` } });
      return true;
    },
    close: () => store.set({ shown: null }),
  };
}
