import { useMemo, useState, type ReactNode } from "react";
import { createPlanStatement, type PlanStatementState } from "../../playground/planStatement.js";
import type { ProfiledRun } from "../../playground/profiler.js";
import { makeContext } from "../hooks/context.js";
import { useStore } from "../hooks/useStore.js";
import { usePanes } from "../layout/PanesContext.js";

type Value = PlanStatementState & {
  /** Brings the plan pane forward with statement `logId` marked and scrolled to (the query run's own). */
  focus(logId: number): void;
  /** The same for a statement of another run: the pane shows it in its own section. */
  show(run: ProfiledRun, logId: number): void;
  close(): void;
};

const [PlanStatementContextProvider, usePlanStatement] = makeContext<Value>("PlanStatement");

/** Marks a statement of the plan pane and scrolls to it, once the pane has rendered. */
function markStatement(logId: number): void {
  requestAnimationFrame(() => {
    for (const el of document.querySelectorAll(".plan-statement.focused")) el.classList.remove("focused");
    const el = document.querySelector(`.plan-pane [data-log-id="${logId}"]`);
    el?.classList.add("focused");
    el?.scrollIntoView({ block: "nearest" });
  });
}

/** Which other run's statement the plan pane shows (src/playground/planStatement.ts), for the panes. */
export function PlanStatementProvider({ children }: { children: ReactNode }) {
  const [planned] = useState(createPlanStatement);
  const state = useStore(planned);
  const { show: showPane } = usePanes();
  const value = useMemo(() => {
    const focus = (logId: number) => {
      showPane("plan");
      markStatement(logId);
    };
    return {
      ...state,
      focus,
      show: (run: ProfiledRun, logId: number) => {
        if (planned.show(run, logId)) focus(logId);
      },
      close: planned.close,
    };
  }, [state, planned, showPane]);
  return <PlanStatementContextProvider value={value}>{children}</PlanStatementContextProvider>;
}

export { usePlanStatement };
