import { useMemo } from "react";
import { useQueryRun } from "../query/QueryContext.js";
import { formatNumber } from "../chart/seriesModel.js";

/** Rendering tens of thousands of <tr> freezes the tab; the JSON view has everything. */
const MAX_ROWS = 2000;

export function TablePane() {
  const { result } = useQueryRun();
  const rows = useMemo(() => (result?.results ?? []).flatMap((p) => p.rows.map((r) => ({ period: p.period, start: p.start, ...r }))), [result]);
  const dims = useMemo(() => [...new Set(rows.flatMap((r) => Object.keys(r.dimensions)))], [rows]);
  if (!result) return <div className="placeholder">Waiting for the first run…</div>;
  return (
    <section className="pane table-pane" aria-label="Results table" data-rows={rows.length}>
      <div className="toolbar">
        <span className="muted" data-testid="table-summary">
          {rows.length} rows · {result.results.length} period{result.results.length === 1 ? "" : "s"}{rows.length > MAX_ROWS ? ` · showing the first ${MAX_ROWS}` : ""}
        </span>
      </div>
      <div className="scroll">
        <table className="results">
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
            {rows.slice(0, MAX_ROWS).map((r, i) => (
              <tr key={i} data-testid="table-row">
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
          </tbody>
        </table>
      </div>
    </section>
  );
}
