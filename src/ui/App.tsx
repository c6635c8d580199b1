import { useMemo, useState } from "react";
import { BootScreen } from "./boot/BootScreen.js";
import { DebugProviders } from "./debugProviders.js";
import { EngineProvider } from "./connection/EngineContext.js";
import { LazyEditor, QueryEditor } from "./editor/LazyEditor.js";
import { HelpOverlay } from "./help/HelpOverlay.js";
import { ShortcutsProvider } from "./help/ShortcutsContext.js";
import { Header } from "./layout/Header.js";
import { PanesProvider, tabsOf, usePanes } from "./layout/PanesContext.js";
import { PANES } from "./panes.js";
import { Splitter } from "./layout/Splitter.js";
import { Tabs } from "./layout/Tabs.js";
import { LogsProvider } from "./logs/LogsContext.js";
import { LiveProvider } from "./live/LiveContext.js";
import { ProfilerPane } from "./profiler/ProfilerPane.js";
import { ProfilerProvider } from "./profiler/ProfilerContext.js";
import { QueryProvider, useQueryRun } from "./query/QueryContext.js";
import { SqlEditorProvider } from "./sql/SqlEditorContext.js";
import { ThemeProvider } from "./theme/ThemeContext.js";

export function App() {
  return (
    <ThemeProvider>
      <PanesProvider panes={PANES}>
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
  const { panes, active, show } = usePanes();
  const [resultTabs, toolTabs] = useMemo(() => [tabsOf(panes, "results"), tabsOf(panes, "tools")], [panes]);
  const [top, setTop] = useState(0.62);
  const [left, setLeft] = useState(0.34);
  const [bottomLeft, setBottomLeft] = useState(0.6);
  return (
    // data-runs / data-run-status let tests (and screen readers' tooling) wait for a run to land.
    <div className="app" data-runs={runs} data-run-status={status}>
      <Header />
      <main className="workspace" style={{ gridTemplateRows: `${top}fr 5px ${1 - top}fr` }}>
        <div className="row" style={{ gridTemplateColumns: `${left}fr 5px ${1 - left}fr` }}>
          <LazyEditor pane={QueryEditor} />
          <Splitter orientation="vertical" onResize={setLeft} />
          <Tabs label="Results" tabs={resultTabs} active={active.results} onSelect={show} />
        </div>
        <Splitter orientation="horizontal" onResize={setTop} />
        <div className="row" style={{ gridTemplateColumns: `${bottomLeft}fr 5px ${1 - bottomLeft}fr` }}>
          <Tabs label="Tools" tabs={toolTabs} active={active.tools} onSelect={show} keepMounted />
          <Splitter orientation="vertical" onResize={setBottomLeft} />
          <ProfilerPane />
        </div>
      </main>
      {runs === 0 && <BootScreen />}
      <HelpOverlay />
    </div>
  );
}
