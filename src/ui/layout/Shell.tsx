import { useMemo, type ReactNode } from "react";
import { BootScreen } from "../boot/BootScreen.js";
import { DashboardView } from "../dashboard/DashboardPane.js";
import { LazyEditor, QueryEditor } from "../editor/LazyEditor.js";
import { HelpOverlay } from "../help/HelpOverlay.js";
import { PresentOverlay } from "../present/PresentOverlay.js";
import { ProfilerPane } from "../profiler/ProfilerPane.js";
import { useQueryRun } from "../query/QueryContext.js";
import { Header } from "./Header.js";
import { MaximizeButton, useLayout, type Region } from "./LayoutContext.js";
import { tabsOf, usePanes } from "./PanesContext.js";
import { Splitter } from "./Splitter.js";
import { Tabs } from "./Tabs.js";

/** A grid cell of the workspace; hidden (not unmounted: editors and forms keep their state) while another is maximized. */
function Cell({ region, children }: { region: Region; children: ReactNode }) {
  const { maximized } = useLayout();
  return (
    <div className={`cell${maximized && maximized !== region ? " gone" : ""}`} data-region={region}>
      {children}
    </div>
  );
}

/** The page: header, then the workbench (four resizable regions, any one maximizable) or the dashboard. */
export function Shell() {
  const { runs, status } = useQueryRun();
  const { panes, active, show } = usePanes();
  const { view, maximized, sizes, setSize } = useLayout();
  const [resultTabs, toolTabs] = useMemo(() => [tabsOf(panes, "results"), tabsOf(panes, "tools")], [panes]);
  const { top, left, bottomLeft } = sizes;
  const inTop = maximized === "editor" || maximized === "results";
  const rows = !maximized ? `${top}fr 5px ${1 - top}fr` : "1fr";
  const columns = (share: number) => (maximized ? "1fr" : `${share}fr 5px ${1 - share}fr`);
  const gone = (hide: boolean) => (hide ? " gone" : "");
  return (
    // data-runs / data-run-status let tests (and screen readers' tooling) wait for a run to land.
    <div className="app" data-runs={runs} data-run-status={status} data-view={view} data-maximized={maximized ?? ""}>
      <Header />
      {view === "dashboard" && <DashboardView />}
      <main className={`workspace${gone(view !== "workbench")}`} style={{ gridTemplateRows: rows }}>
        <div className={`row${gone(!!maximized && !inTop)}`} style={{ gridTemplateColumns: columns(left) }}>
          <Cell region="editor">
            <LazyEditor pane={QueryEditor} />
            <MaximizeButton region="editor" className="corner" />
          </Cell>
          <Splitter orientation="vertical" onResize={(f) => setSize("left", f)} hidden={!!maximized} />
          <Cell region="results">
            <Tabs
              label="Results"
              tabs={resultTabs}
              active={active.results}
              onSelect={show}
              actions={<MaximizeButton region="results" />}
            />
          </Cell>
        </div>
        <Splitter orientation="horizontal" onResize={(f) => setSize("top", f)} hidden={!!maximized} />
        <div className={`row${gone(!!maximized && inTop)}`} style={{ gridTemplateColumns: columns(bottomLeft) }}>
          <Cell region="tools">
            <Tabs
              label="Tools"
              tabs={toolTabs}
              active={active.tools}
              onSelect={show}
              keepMounted
              actions={<MaximizeButton region="tools" />}
            />
          </Cell>
          <Splitter orientation="vertical" onResize={(f) => setSize("bottomLeft", f)} hidden={!!maximized} />
          <Cell region="profiler">
            <ProfilerPane />
            <MaximizeButton region="profiler" className="corner" />
          </Cell>
        </div>
      </main>
      {runs === 0 && <BootScreen />}
      <PresentOverlay />
      <HelpOverlay />
    </div>
  );
}
