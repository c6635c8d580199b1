import { lazy, Suspense, useState } from "react";
import { BootScreen } from "./boot/BootScreen.js";
import { ChartPane } from "./chart/ChartPane.js";
import { EngineProvider } from "./engine/EngineContext.js";
import { Header } from "./layout/Header.js";
import { Splitter } from "./layout/Splitter.js";
import { Tabs } from "./layout/Tabs.js";
import { LogsPane } from "./logs/LogsPane.js";
import { LogsProvider } from "./logs/LogsContext.js";
import { ProfilerPane } from "./profiler/ProfilerPane.js";
import { ProfilerProvider } from "./profiler/ProfilerContext.js";
import { QueryProvider, useQueryRun } from "./query/QueryContext.js";
import { JsonView } from "./table/JsonView.js";
import { TablePane } from "./table/TablePane.js";
import { ThemeProvider } from "./theme/ThemeContext.js";

// Monaco is the heaviest part of the page: load it after the shell, while PGlite boots.
const EditorPane = lazy(() => import("./editor/EditorPane.js"));

const RESULT_TABS = [
  { id: "chart", label: "Chart", render: () => <ChartPane /> },
  { id: "table", label: "Table", render: () => <TablePane /> },
  { id: "json", label: "JSON", render: () => <JsonView /> },
];

export function App() {
  return (
    <ThemeProvider>
      <EngineProvider>
        <LogsProvider>
          <ProfilerProvider>
            <QueryProvider>
              <Shell />
            </QueryProvider>
          </ProfilerProvider>
        </LogsProvider>
      </EngineProvider>
    </ThemeProvider>
  );
}

function Shell() {
  const { runs, status } = useQueryRun();
  const [top, setTop] = useState(0.62);
  const [left, setLeft] = useState(0.34);
  const [bottomLeft, setBottomLeft] = useState(0.6);
  return (
    // data-runs / data-run-status let tests (and screen readers' tooling) wait for a run to land.
    <div className="app" data-runs={runs} data-run-status={status}>
      <Header />
      <main className="workspace" style={{ gridTemplateRows: `${top}fr 5px ${1 - top}fr` }}>
        <div className="row" style={{ gridTemplateColumns: `${left}fr 5px ${1 - left}fr` }}>
          <Suspense fallback={<div className="pane placeholder">Loading editor…</div>}>
            <EditorPane />
          </Suspense>
          <Splitter orientation="vertical" onResize={setLeft} />
          <Tabs label="Results" tabs={RESULT_TABS} />
        </div>
        <Splitter orientation="horizontal" onResize={setTop} />
        <div className="row" style={{ gridTemplateColumns: `${bottomLeft}fr 5px ${1 - bottomLeft}fr` }}>
          <LogsPane />
          <Splitter orientation="vertical" onResize={setBottomLeft} />
          <ProfilerPane />
        </div>
      </main>
      {runs === 0 && <BootScreen />}
    </div>
  );
}
