import { useMemo, useState } from "react";
import { useQueryRun } from "../query/QueryContext.js";
import { ResultNotes } from "../query/ResultNotes.js";
import { formatNumber } from "../chart/seriesModel.js";

/**
 * Up to this many rows the table renders whole (the browser's find works). Above it, only the
 * rows in view are rendered, each one line high: tens of thousands of <tr> freeze the tab.
 */
const WINDOW_ABOVE = 2000;
const ROW_HEIGHT = 26;
const OVERSCAN = 20;

export function TablePane() {
  const { result } = useQueryRun();
  const rows = useMemo(
    () => (result?.results ?? []).flatMap((p) => p.rows.map((r) => ({ period: p.period, start: p.start, ...r }))),
    [result],
  );
  const dims = useMemo(() => [...new Set(rows.flatMap((r) => Object.keys(r.dimensions)))], [rows]);
  const [view, setView] = useState({ top: 0, height: 800 });
  if (!result) return <div className="placeholder">Waiting for the first run…</div>;
  const windowed = rows.length > WINDOW_ABOVE;
  const first = windowed ? Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN) : 0;
  const last = windowed
    ? Math.min(rows.length, Math.ceil((view.top + view.height) / ROW_HEIGHT) + OVERSCAN)
    : rows.length;
  return (
    <section className="pane table-pane" aria-label="Results table" data-rows={rows.length}>
      <div className="toolbar">
        <span className="muted" data-testid="table-summary">
          {rows.length} rows · {result.results.length} period{result.results.length === 1 ? "" : "s"}
          {windowed ? ` · rows ${first + 1}–${last} rendered as you scroll` : ""}
        </span>
      </div>
      <ResultNotes />
      <div
        className="scroll"
        data-testid="table-scroll"
        onScroll={(e) => windowed && setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}
      >
        <table className={windowed ? "results windowed" : "results"}>
          <thead>
            <tr>
              <th>period</th>
              {dims.map((d) => (
                <th key={d}>{d}</th>
              ))}
              <th>metric</th>
              <th>unit</th>
              <th className="num">value</th>
              <th className="num">sum</th>
            </tr>
          </thead>
          <tbody>
            {first > 0 && <tr style={{ height: first * ROW_HEIGHT }} aria-hidden="true" />}
            {rows.slice(first, last).map((r, i) => (
              <tr key={first + i} data-testid="table-row" data-index={first + i}>
                <td title={r.start}>{r.period}</td>
                {dims.map((d) => {
                  const dim = r.dimensions[d];
                  return (
                    <td key={d} title={dim?.description || undefined}>
                      <code>{dim?.path}</code>
                      {dim?.label && <span className="muted"> {dim.label}</span>}
                    </td>
                  );
                })}
                <td>{r.metric}</td>
                <td>{r.unit ?? "—"}</td>
                <td className="num">{formatNumber(r.value)}</td>
                <td className="num">{formatNumber(r.sum)}</td>
              </tr>
            ))}
            {last < rows.length && <tr style={{ height: (rows.length - last) * ROW_HEIGHT }} aria-hidden="true" />}
          </tbody>
        </table>
      </div>
    </section>
  );
}
