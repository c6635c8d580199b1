import { useEffect } from "react";
import { usePanes } from "../layout/PanesContext.js";
import { useLive } from "../live/LiveContext.js";

const NO_UNIT = "—";

/** Series per metric (rows) and unit (columns), re-read after every change. */
export function SeriesCounts() {
  const { counts: rows, wantCounts } = useLive();
  const shown = usePanes().active.tools === "data";
  useEffect(() => {
    if (shown) wantCounts();
  }, [shown, wantCounts]);
  if (!rows) return <div className="muted">Counting…</div>;
  const units = [...new Set(rows.map((r) => r.unit ?? NO_UNIT))];
  const metrics = [...new Set(rows.map((r) => r.metric))];
  const at = new Map(rows.map((r) => [`${r.metric}\u0000${r.unit ?? NO_UNIT}`, r.count]));
  const total = rows.reduce((t, r) => t + r.count, 0);
  return (
    <table className="results data-counts" data-testid="series-counts" data-total={total}>
      <thead>
        <tr>
          <th>metric</th>
          {units.map((u) => (
            <th key={u} className="num">
              {u}
            </th>
          ))}
          <th className="num">total</th>
        </tr>
      </thead>
      <tbody>
        {metrics.map((m) => (
          <tr key={m} data-metric={m}>
            <td>{m}</td>
            {units.map((u) => (
              <td key={u} className="num" data-unit={u}>
                {(at.get(`${m}\u0000${u}`) ?? 0).toLocaleString("en-US")}
              </td>
            ))}
            <td className="num">
              {rows
                .filter((r) => r.metric === m)
                .reduce((t, r) => t + r.count, 0)
                .toLocaleString("en-US")}
            </td>
          </tr>
        ))}
        <tr className="data-total">
          <td>all</td>
          {units.map((u) => (
            <td key={u} className="num">
              {rows
                .filter((r) => (r.unit ?? NO_UNIT) === u)
                .reduce((t, r) => t + r.count, 0)
                .toLocaleString("en-US")}
            </td>
          ))}
          <td className="num" data-testid="series-total">
            {total.toLocaleString("en-US")}
          </td>
        </tr>
      </tbody>
    </table>
  );
}
