import "./live.css";
import { useQueryRun } from "../query/QueryContext.js";
import { useLive } from "./LiveContext.js";

const describe = (sources: string[]) => (sources.includes("") ? "everything" : sources.join(", "));

/** Says that the shown result was re-run because the data changed, not because anyone pressed Run. */
export function LiveBadge() {
  const { live, result } = useQueryRun();
  const { lastChange } = useLive();
  if (!live || !result || !lastChange) return null;
  return (
    <span
      className="live-badge"
      data-testid="live-badge"
      data-run-id={result.runId}
      title={`Re-run after ${lastChange.method} changed ${describe(lastChange.sources)} at ${new Date(lastChange.at).toLocaleTimeString()}`}
    >
      ● updated live
    </span>
  );
}
