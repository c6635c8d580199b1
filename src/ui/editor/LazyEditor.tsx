import { lazy, Suspense, useEffect, useState } from "react";
import { useEngine } from "../connection/EngineContext.js";
import { useQueryRun } from "../query/QueryContext.js";

// Monaco is the heaviest part of the page (4 MB of script to parse). It loads once the first
// chart is up: the boot screen hides the editors until then, and on a small machine parsing it
// would compete with the engine's boot for the CPU.
export const QueryEditor = lazy(() => import("./EditorPane.js"));
export const SqlEditor = lazy(() => import("../sql/SqlPane.js"));
export const GraphqlEditor = lazy(() => import("../graphql/GraphqlPane.js"));
export const ScriptEditor = lazy(() => import("../script/ScriptPane.js"));
export const CompareBEditor = lazy(() => import("../compare/CompareEditor.js"));

/** A Monaco pane, loaded when the page is idle after the first result (or a boot error). */
export function LazyEditor({ pane: Pane }: { pane: typeof QueryEditor }) {
  const { runs } = useQueryRun();
  const { status } = useEngine();
  const [load, setLoad] = useState(false);
  const due = runs > 0 || status === "error";
  // Once the page is idle after the first result: the chart's own second render (Recharts
  // measures its container first) must not wait behind Monaco's script.
  useEffect(() => {
    if (!due || load) return;
    // Safari has no requestIdleCallback: a short timer stands in.
    if (typeof requestIdleCallback !== "function") {
      const timer = setTimeout(() => setLoad(true), 300);
      return () => clearTimeout(timer);
    }
    const id = requestIdleCallback(() => setLoad(true), { timeout: 1000 });
    return () => cancelIdleCallback(id);
  }, [due, load]);
  const placeholder = <div className="pane placeholder">Loading editor…</div>;
  if (!load) return placeholder;
  return (
    <Suspense fallback={placeholder}>
      <Pane />
    </Suspense>
  );
}
