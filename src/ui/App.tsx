import { lazy, Suspense, useEffect, useState } from "react";
import { BootScreen } from "./boot/BootScreen.js";
import { ChartPane } from "./chart/ChartPane.js";
import { ComparePane } from "./compare/ComparePane.js";
import { DebugProviders } from "./debugProviders.js";
import { HistoryPane } from "./history/HistoryPane.js";
import { PlanPane } from "./plan/PlanPane.js";
import { TransferPane } from "./transfer/TransferPane.js";
import { DataPane } from "./data/DataPane.js";
import { DimensionsPane } from "./dimensions/DimensionsPane.js";
import { EngineProvider, useEngine } from "./connection/EngineContext.js";
import { HelpOverlay } from "./help/HelpOverlay.js";
import { ShortcutsProvider } from "./help/ShortcutsContext.js";
import { Header } from "./layout/Header.js";
import { PanesProvider, tabsOf, usePanes, type PaneId } from "./layout/PanesContext.js";
import { Splitter } from "./layout/Splitter.js";
import { Tabs } from "./layout/Tabs.js";
import { LogsPane } from "./logs/LogsPane.js";
import { LogsProvider } from "./logs/LogsContext.js";
import { LiveProvider } from "./live/LiveContext.js";
import { ProfilerPane } from "./profiler/ProfilerPane.js";
import { ProfilerProvider } from "./profiler/ProfilerContext.js";
import { QueryProvider, useQueryRun } from "./query/QueryContext.js";
import { SqlEditorProvider } from "./sql/SqlEditorContext.js";
import { JsonView } from "./table/JsonView.js";
import { TablePane } from "./table/TablePane.js";
import { ThemeProvider } from "./theme/ThemeContext.js";

// Monaco is the heaviest part of the page (4 MB of script to parse). It loads once the first
// chart is up: the boot screen hides the editors until then, and on a small machine parsing it
// would compete with the engine's boot for the CPU.
const EditorPane = lazy(() => import("./editor/EditorPane.js"));
const SqlPane = lazy(() => import("./sql/SqlPane.js"));

function Editor({ pane: Pane }: { pane: typeof EditorPane }) {
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

const RESULT_TABS = tabsOf("results", {
  chart: () => <ChartPane />,
  table: () => <TablePane />,
  json: () => <JsonView />,
  compare: () => <ComparePane />,
});
// Kept mounted: a half-filled form or SQL text survives a look at another tab.
const TOOL_TABS = tabsOf("tools", {
  logs: () => <LogsPane />,
  sql: () => <Editor pane={SqlPane} />,
  dimensions: () => <DimensionsPane />,
  data: () => <DataPane />,
  plan: () => <PlanPane />,
  history: () => <HistoryPane />,
  transfer: () => <TransferPane />,
});

export function App() {
  return (
    <ThemeProvider>
      <PanesProvider>
        <EngineProvider>
          <LogsProvider>
            <ProfilerProvider>
              <QueryProvider>
                <LiveProvider>
                  <SqlEditorProvider>
                    <ShortcutsProvider>
                      <DebugProviders>
                        <Shell />
                      </DebugProviders>
                    </ShortcutsProvider>
                  </SqlEditorProvider>
                </LiveProvider>
              </QueryProvider>
            </ProfilerProvider>
          </LogsProvider>
        </EngineProvider>
      </PanesProvider>
    </ThemeProvider>
  );
}

function Shell() {
  const { runs, status } = useQueryRun();
  const { active, show } = usePanes();
  const select = (id: string) => show(id as PaneId);
  const [top, setTop] = useState(0.62);
  const [left, setLeft] = useState(0.34);
  const [bottomLeft, setBottomLeft] = useState(0.6);
  return (
    // data-runs / data-run-status let tests (and screen readers' tooling) wait for a run to land.
    <div className="app" data-runs={runs} data-run-status={status}>
      <Header />
      <main className="workspace" style={{ gridTemplateRows: `${top}fr 5px ${1 - top}fr` }}>
        <div className="row" style={{ gridTemplateColumns: `${left}fr 5px ${1 - left}fr` }}>
          <Editor pane={EditorPane} />
          <Splitter orientation="vertical" onResize={setLeft} />
          <Tabs label="Results" tabs={RESULT_TABS} active={active.results} onSelect={select} />
        </div>
        <Splitter orientation="horizontal" onResize={setTop} />
        <div className="row" style={{ gridTemplateColumns: `${bottomLeft}fr 5px ${1 - bottomLeft}fr` }}>
          <Tabs label="Tools" tabs={TOOL_TABS} active={active.tools} onSelect={select} keepMounted />
          <Splitter orientation="vertical" onResize={setBottomLeft} />
          <ProfilerPane />
        </div>
      </main>
      {runs === 0 && <BootScreen />}
      <HelpOverlay />
    </div>
  );
}
