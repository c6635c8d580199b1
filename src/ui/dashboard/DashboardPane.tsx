import { useRef, useState } from "react";
import { chartViewSvg, svgToPng } from "../transfer/chartImage.js";
import { download } from "../transfer/exportFiles.js";
import { useLayout } from "../layout/LayoutContext.js";
import { usePresent } from "../present/PresentContext.js";
import type { ChartKind } from "../../playground/chartSettings.js";
import { useDashboards } from "./DashboardContext.js";
import { dashboardExport, dashboardFileName, TILE_SIZES, type Tile } from "../../playground/dashboardFile.js";
import { TileChart } from "./TileChart.js";
import { useTileResult } from "./useTileResult.js";
import "./dashboard.css";

const KINDS: ChartKind[] = ["line", "area", "bar", "stacked"];
function TileCard({ tile, index, count }: { tile: Tile; index: number; count: number }) {
  const { dashboard, updateTile, removeTile, moveTile } = useDashboards();
  const { present } = usePresent();
  const state = useTileResult(tile.query);
  const card = useRef<HTMLElement>(null);
  const exportPng = async () => {
    const view = card.current?.querySelector(".chart-view");
    const image = view && chartViewSvg(view);
    if (!image) return;
    download(await svgToPng(image.svg, image.width, image.height), dashboardFileName(tile.title, ".png"));
  };
  return (
    <article
      ref={card}
      className={`tile size-${tile.size}`}
      data-testid="tile"
      data-tile={tile.id}
      data-runs={state.runs}
      data-running={state.running}
      aria-label={tile.title}
    >
      <div className="tile-bar">
        <span
          className="tile-kind"
          title={tile.query.kind === "sql" ? tile.query.sql : JSON.stringify(tile.query.query, null, 2)}
        >
          {tile.query.kind === "sql" ? "SQL" : "series"}
        </span>
        {state.running && (
          <span className="tile-live" title="Re-running: the data changed">
            ●
          </span>
        )}
        <span className="spacer" />
        <select
          aria-label="Chart type"
          value={tile.chart.kind}
          onChange={(e) => updateTile(tile.id, { chart: { ...tile.chart, kind: e.target.value as ChartKind } })}
        >
          {KINDS.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
        <select
          aria-label="Tile size"
          value={tile.size}
          onChange={(e) => updateTile(tile.id, { size: e.target.value as Tile["size"] })}
        >
          {TILE_SIZES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <button
          title="Move earlier"
          aria-label="Move tile earlier"
          disabled={index === 0}
          onClick={() => moveTile(tile.id, -1)}
        >
          ↑
        </button>
        <button
          title="Move later"
          aria-label="Move tile later"
          disabled={index === count - 1}
          onClick={() => moveTile(tile.id, 1)}
        >
          ↓
        </button>
        <button title="Save as PNG (title and legend included)" onClick={() => void exportPng()}>
          PNG
        </button>
        <button
          data-testid="tile-present"
          title="Present this tile full screen (← → for the others, Esc to leave)"
          onClick={() => present(dashboard.title, dashboard.tiles, index)}
        >
          ⤢
        </button>
        <button title="Remove this tile" aria-label="Remove tile" onClick={() => removeTile(tile.id)}>
          ✕
        </button>
      </div>
      <TileChart
        tile={tile}
        state={state}
        onRetitle={(c) =>
          updateTile(tile.id, {
            ...(c.title !== undefined ? { title: c.title } : {}),
            ...("subtitle" in c ? { chart: { ...tile.chart, subtitle: c.subtitle } } : {}),
          })
        }
      />
      {tile.note && <p className="tile-note">{tile.note}</p>}
    </article>
  );
}

function SqlTileForm({ onDone }: { onDone: () => void }) {
  const { pin } = useDashboards();
  const [title, setTitle] = useState("Series per metric");
  const [sql, setSql] = useState(
    'select metric, count(*)::int as series\nfrom "AnalyticsSeries"\ngroup by metric\norder by metric',
  );
  return (
    <form
      className="sql-tile-form"
      data-testid="sql-tile-form"
      onSubmit={(e) => {
        e.preventDefault();
        pin({
          title,
          query: { kind: "sql", sql },
          chart: { kind: "bar", measure: "value", top: 20, other: false },
          size: "medium",
        });
        onDone();
      }}
    >
      <input aria-label="Tile title" value={title} onChange={(e) => setTitle(e.target.value)} />
      <textarea aria-label="Tile SQL" rows={4} value={sql} onChange={(e) => setSql(e.target.value)} />
      <span className="hint">First column: the labels; the numeric columns: one series each.</span>
      <button type="submit" className="primary" disabled={!title.trim() || !sql.trim()}>
        Add SQL tile
      </button>
    </form>
  );
}

/** The dashboard: pick, rename, share, export, import, present; its tiles in a 12-column grid. */
export function DashboardPane({ full = false }: { full?: boolean }) {
  const { dashboards, dashboard, select, create, removeCurrent, rename, resetDemo, notice, setNotice } =
    useDashboards();
  const { importFile, shareLink } = useDashboards();
  const { view, setView } = useLayout();
  const { present } = usePresent();
  const [link, setLink] = useState<string | null>(null);
  const [addingSql, setAddingSql] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  if (!full && view === "dashboard")
    return (
      <div className="placeholder">The dashboard is shown full size (switch back with “Workbench” in the header).</div>
    );

  const share = async () => {
    const url = await shareLink(location.href);
    setLink(url);
    await navigator.clipboard?.writeText(url).catch(() => undefined);
  };

  return (
    <section
      className={`pane dashboard-pane${full ? " full" : ""}`}
      aria-label="Dashboard"
      data-testid="dashboard"
      data-dashboard={dashboard.id}
      data-tiles={dashboard.tiles.length}
    >
      <div className="toolbar dashboard-toolbar">
        <select
          aria-label="Dashboard"
          data-testid="dashboard-select"
          value={dashboard.id}
          onChange={(e) => select(e.target.value)}
        >
          {dashboards.map((d) => (
            <option key={d.id} value={d.id}>
              {d.title}
            </option>
          ))}
        </select>
        <button
          className="primary"
          data-testid="dashboard-present"
          disabled={dashboard.tiles.length === 0}
          title="Full screen, one tile at a time: ← → to move, Esc to leave"
          onClick={() => present(dashboard.title, dashboard.tiles)}
        >
          ▶ Present
        </button>
        <button
          data-testid="dashboard-share"
          onClick={() => void share()}
          title="Copy a link that holds this dashboard"
        >
          Share link
        </button>
        <button
          data-testid="dashboard-export"
          onClick={() => {
            const { name, text } = dashboardExport(dashboard);
            download(new Blob([text], { type: "application/json" }), name);
          }}
        >
          Export
        </button>
        <button data-testid="dashboard-import" onClick={() => file.current?.click()}>
          Import…
        </button>
        <input
          ref={file}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="dashboard-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = "";
            if (f) void f.text().then((text) => importFile(f.name, text));
          }}
        />
        <button onClick={() => setAddingSql((a) => !a)} aria-pressed={addingSql}>
          + SQL tile
        </button>
        <details className="dashboard-more">
          <summary>More</summary>
          <div className="dashboard-menu">
            <button
              onClick={() => {
                const t = prompt("Rename the dashboard", dashboard.title);
                if (t?.trim()) rename(t.trim());
              }}
            >
              Rename…
            </button>
            <button onClick={() => create(`Dashboard ${dashboards.length + 1}`)}>New dashboard</button>
            <button onClick={resetDemo}>Reset the demo dashboard</button>
            <button onClick={() => confirm(`Delete “${dashboard.title}”?`) && removeCurrent()}>
              Delete this dashboard
            </button>
          </div>
        </details>
        <span className="spacer" />
        {full ? (
          <button onClick={() => setView("workbench")} title="Back to the editors and tools">
            Workbench
          </button>
        ) : (
          <button onClick={() => setView("dashboard")} title="The dashboard alone, full size">
            Full size
          </button>
        )}
      </div>
      {notice && (
        <div
          className={`dashboard-notice ${notice.ok ? "ok" : "error"}`}
          role={notice.ok ? "status" : "alert"}
          data-testid="dashboard-notice"
        >
          {notice.text}
          <button aria-label="Dismiss" onClick={() => setNotice(null)}>
            ✕
          </button>
        </div>
      )}
      {link && (
        <input
          className="dashboard-link"
          readOnly
          value={link}
          data-testid="dashboard-link"
          aria-label="Share link"
          onFocus={(e) => e.target.select()}
        />
      )}
      {addingSql && <SqlTileForm onDone={() => setAddingSql(false)} />}
      {dashboard.description && <p className="dashboard-description">{dashboard.description}</p>}
      {dashboard.tiles.length === 0 ? (
        <div className="placeholder">No tiles yet: run a query and press “Pin” on its chart, or add a SQL tile.</div>
      ) : (
        <div className="tile-grid">
          {dashboard.tiles.map((t, i) => (
            <TileCard key={t.id} tile={t} index={i} count={dashboard.tiles.length} />
          ))}
        </div>
      )}
    </section>
  );
}

/** The dashboard as the page's whole view (the header's Dashboard switch). */
export function DashboardView() {
  return (
    <main className="dashboard-view">
      <DashboardPane full />
    </main>
  );
}
