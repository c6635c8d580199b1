import { BackendSwitch } from "../connection/BackendSwitch.js";
import { useEngine } from "../connection/EngineContext.js";
import { HelpButton } from "../help/HelpOverlay.js";
import { DatasetPicker } from "./DatasetPicker.js";
import { useLayout } from "./LayoutContext.js";
import { LiveBadge } from "../live/LiveBadge.js";
import { useLive } from "../live/LiveContext.js";
import { PasteButton } from "../paste/PasteBox.js";
import { useQueryRun } from "../query/QueryContext.js";
import { ShareButton } from "../share/ShareButton.js";
import { useTheme } from "../theme/ThemeContext.js";
import { EngineActivity, EngineNotices } from "../store/EngineNotices.js";
import { StorePicker } from "../store/StorePicker.js";

export function Header() {
  const { boot, status, backend } = useEngine();
  const { result, status: runStatus } = useQueryRun();
  const { theme, toggle } = useTheme();
  const { view, setView } = useLayout();
  // After adds, clears and reseeds the stored count, not the booted one.
  const seriesCount = useLive().seriesCount ?? boot?.seriesCount ?? 0;
  return (
    <header className="header">
      <h1>Analytics Playground</h1>
      {boot && (
        <span className="stat" data-testid="series-count" data-count={seriesCount}>
          {seriesCount.toLocaleString("en-US")} series
        </span>
      )}
      {boot && (
        <span className="stat muted shrink" title="Time from page load to a ready engine">
          booted in {(boot.totalMs / 1000).toFixed(1)} s
        </span>
      )}
      {status === "booting" && <span className="stat muted">booting…</span>}
      {result && (
        <span className="stat muted shrink" data-testid="run-status" data-run-id={result.runId} data-status={runStatus}>
          run #{result.runId} · {result.elapsedMs.toFixed(0)} ms
        </span>
      )}
      <LiveBadge />
      <EngineActivity />
      <EngineNotices />
      <span className="spacer" />
      <div className="segmented" role="group" aria-label="View">
        <button aria-pressed={view === "workbench"} data-testid="view-workbench" onClick={() => setView("workbench")}>
          Workbench
        </button>
        <button aria-pressed={view === "dashboard"} data-testid="view-dashboard" onClick={() => setView("dashboard")}>
          Dashboard
        </button>
      </div>
      <PasteButton />
      <ShareButton />
      <BackendSwitch />
      {/* The tab's own databases and demo sizes; a server's data is whatever it holds. */}
      {backend === "tab" && <StorePicker />}
      {backend === "tab" && <DatasetPicker />}
      <HelpButton />
      <button onClick={toggle} aria-label="Toggle theme" title="Toggle dark/light theme">
        {theme === "dark" ? "☀" : "☾"}
      </button>
    </header>
  );
}
