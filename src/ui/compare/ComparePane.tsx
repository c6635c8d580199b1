import { useMemo, useState } from "react";
import { CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ExecuteResult, QueryJson } from "../../rpc/protocol.js";
import {
  buildChart,
  formatCompact,
  formatNumber,
  styleSeries,
  type ChartModel,
  type Measure,
} from "../chart/seriesModel.js";
import { Legend } from "../chart/Legend.js";
import { serverRpcPath, type Backend } from "../../client/connect.js";
import { useEngine } from "../connection/EngineContext.js";
import { useLive } from "../live/LiveContext.js";
import { useQueryRun } from "../query/QueryContext.js";
import { alignGranularity, alignPeriods, differs, diffRows, onAxis, type DiffRow } from "./compareModel.js";
import { useCompare } from "./CompareContext.js";
import { CompareBEditor, LazyEditor } from "../editor/LazyEditor.js";
import { DataGrid, type GridColumn } from "../grid/DataGrid.js";
import "./compare.css";

const GRANULARITIES = ["total", "annual", "semiAnnual", "quarterly", "monthly", "weekly", "daily", "hourly"];
const BACKEND_LABELS: Record<Backend, string> = { tab: "tab (PGlite)", server: "server (Postgres)" };

/** Two queries side by side: A is the shown run, B a variant (another LOD, granularity, …). */
export function ComparePane() {
  const { result: a } = useQueryRun();
  const cmp = useCompare();
  const { backend, boot, params } = useEngine();
  const hereCount = useLive().seriesCount ?? boot?.seriesCount ?? null;
  // Compared across backends, both must hold the same series for the diff to mean anything.
  const dataDiffers =
    cmp.backendB !== backend && cmp.otherCount !== null && hereCount !== null && cmp.otherCount !== hereCount;
  const otherBackend: Backend = backend === "tab" ? "server" : "tab";
  // Both backends exist only on a page served by `npm run serve`.
  const bothBackends = serverRpcPath() !== null;
  const [measure, setMeasure] = useState<Measure>("value");
  const [onlyDiff, setOnlyDiff] = useState(true);
  const b = cmp.result;
  const axis = useMemo(() => alignPeriods(a?.results ?? [], b?.results ?? []), [a, b]);
  const aligned = useMemo(
    () => (a && b ? alignGranularity({ ...a.query, results: a.results }, { ...b.query, results: b.results }) : null),
    [a, b],
  );
  const rows = useMemo(() => (aligned?.comparable ? diffRows(aligned.a, aligned.b, measure) : []), [aligned, measure]);
  const modelA = useMemo(() => (a ? buildChart(a.results, measure) : null), [a, measure]);
  const modelB = useMemo(() => (b ? buildChart(b.results, measure) : null), [b, measure]);
  // One y scale for both charts: the same height means the same amount.
  const yDomain = useMemo(() => sharedDomain([modelA, modelB]), [modelA, modelB]);
  const differing = useMemo(() => rows.filter(differs), [rows]);
  const diffColumns = useMemo(() => diffGridColumns(measure), [measure]);
  if (!a || !modelA) return <div className="placeholder">Waiting for the first run…</div>;

  const base = a.query;
  const variant = (patch: Partial<QueryJson>) => JSON.stringify({ ...base, ...patch }, null, 2);
  const dims = [...new Set([...Object.keys(base.select), ...Object.keys(base.lod ?? {})])];
  const shown = onlyDiff ? differing : rows;

  return (
    <section className="pane compare-pane" aria-label="Compare two queries" data-runs={cmp.runs}>
      <div className="toolbar">
        <strong>B =</strong> A with
        <select
          aria-label="Granularity of B"
          data-testid="compare-granularity"
          value=""
          onChange={(e) => e.target.value && void cmp.run(variant({ granularity: e.target.value }))}
        >
          <option value="">granularity…</option>
          {GRANULARITIES.filter((g) => g !== base.granularity).map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
        {dims.map((d) => (
          <select
            key={d}
            aria-label={`LOD of ${d} in B`}
            data-testid={`compare-lod-${d}`}
            value=""
            onChange={(e) =>
              e.target.value !== "" && void cmp.run(variant({ lod: { ...base.lod, [d]: Number(e.target.value) } }))
            }
          >
            <option value="">lod {d}…</option>
            {[0, 1, 2, 3, 4, 5, 6]
              .filter((n) => n !== base.lod?.[d])
              .map((n) => (
                <option key={n} value={n}>
                  {d}: {n}
                </option>
              ))}
          </select>
        ))}
        <button onClick={() => cmp.setText(JSON.stringify(base, null, 2))}>edit B from A</button>
        {bothBackends && (
          <>
            <select
              aria-label="Backend of B"
              data-testid="compare-backend"
              value={cmp.backendB}
              onChange={(e) => cmp.setBackendB(e.target.value as Backend)}
            >
              {(["tab", "server"] as const).map((b) => (
                <option key={b} value={b}>
                  B on {BACKEND_LABELS[b]}
                </option>
              ))}
            </select>
            <button
              data-testid="compare-backends"
              title={`Runs A's query on ${BACKEND_LABELS[otherBackend]} as B: both backends must agree`}
              onClick={() => void cmp.run(JSON.stringify(base, null, 2), otherBackend)}
            >
              A on both backends
            </button>
          </>
        )}
        <span className="spacer" />
        <div className="segmented" role="group" aria-label="Measure">
          <button aria-pressed={measure === "value"} onClick={() => setMeasure("value")}>
            value
          </button>
          <button aria-pressed={measure === "sum"} onClick={() => setMeasure("sum")}>
            sum
          </button>
        </div>
      </div>
      <div className="compare-body scroll">
        <div className="compare-b">
          <LazyEditor pane={CompareBEditor} />
          <div className="compare-b-actions">
            <button
              className="primary"
              data-testid="compare-run"
              disabled={cmp.status === "running" || cmp.text.trim() === ""}
              onClick={() => void cmp.run()}
            >
              {cmp.status === "running" ? "Running B…" : "Run B"}
            </button>
            {cmp.text.trim() === "" && (
              <span className="muted">Query B as JSON — or pick a granularity or LOD above to derive it from A</span>
            )}
            {cmp.error && (
              <span className="error-text" data-testid="compare-error">
                {cmp.error}
              </span>
            )}
          </div>
        </div>
        <div className="compare-charts">
          <CompareChart
            side="a"
            title={`A · run #${a.runId}${bothBackends ? ` · ${BACKEND_LABELS[backend]}` : ""}`}
            result={a}
            model={modelA}
            axis={axis}
            yDomain={yDomain}
          />
          {b && modelB ? (
            <CompareChart
              side="b"
              title={`B · run #${b.runId}${bothBackends ? ` · ${BACKEND_LABELS[cmp.backendB]}` : ""}`}
              result={b}
              model={modelB}
              axis={axis}
              yDomain={yDomain}
            />
          ) : (
            <div className="placeholder">Run B to compare.</div>
          )}
        </div>
        {b && (
          <div className="compare-diff">
            <div className="toolbar">
              <strong>Differences</strong>
              {/* Across backends any difference is a fault; between two queries it is the point. */}
              {aligned?.comparable === false ? (
                <strong data-testid="compare-verdict">not comparable period by period</strong>
              ) : (
                <strong
                  data-testid="compare-verdict"
                  className={differing.length === 0 ? "ok-text" : cmp.backendB !== backend ? "error-text" : undefined}
                >
                  {differing.length === 0 ? "identical" : `${differing.length} differ`}
                </strong>
              )}
              {aligned?.note && <span data-testid="compare-granularity-note">{aligned.note}</span>}
              <span
                className="muted"
                data-testid="compare-summary"
                data-keys={rows.length}
                data-differing={differing.length}
              >
                {rows.length} period × row keys · {differing.length} differ · {axis.length} periods on the shared axis
              </span>
              {dataDiffers && (
                <>
                  <span className="error-text" data-testid="compare-data-warning">
                    the backends hold different data: {hereCount!.toLocaleString("en-US")} series here,{" "}
                    {cmp.otherCount!.toLocaleString("en-US")} on {BACKEND_LABELS[cmp.backendB]}
                  </span>
                  <button
                    data-testid="compare-load-demo"
                    disabled={cmp.status === "running"}
                    title="Reseeds the server's database with this page's demo; refused by a read-only server"
                    onClick={() => void cmp.loadDemoIntoServer()}
                  >
                    load the demo ({params.count.toLocaleString("en-US")} series, seed {params.seed}) into the server
                  </button>
                </>
              )}
              <span className="spacer" />
              <label>
                <input
                  type="checkbox"
                  checked={onlyDiff}
                  onChange={(e) => setOnlyDiff(e.target.checked)}
                  data-testid="compare-only-diff"
                />{" "}
                only differences
              </label>
            </div>
            <DataGrid
              rows={shown}
              columns={diffColumns}
              rowAttributes={diffRowAttributes}
              scrollClassName="compare-grid"
            />
          </div>
        )}
      </div>
    </section>
  );
}

function CompareChart({
  side,
  title,
  result,
  model,
  axis,
  yDomain,
}: {
  side: "a" | "b";
  title: string;
  result: ExecuteResult;
  model: ChartModel;
  axis: { period: string }[];
  yDomain: [number, number];
}) {
  const styles = useMemo(() => styleSeries(model.series), [model]);
  const data = useMemo(() => onAxis(axis, model.data), [axis, model]);
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setHidden((h) => {
      const next = new Set(h);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <div
      className="compare-chart"
      data-testid="compare-chart"
      data-side={side}
      data-series={model.series.length}
      data-periods={result.results.length}
      data-axis={axis.length}
      data-y-domain={yDomain.join(",")}
    >
      <div className="compare-chart-title">
        <strong>{title}</strong>
        <span className="muted">
          {" "}
          {result.query.granularity} · {model.total} series · {result.results.length} periods
        </span>
      </div>
      <div className="compare-chart-host">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 6, right: 12, bottom: 2, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="period" minTickGap={12} />
            <YAxis tickFormatter={formatCompact} width={52} domain={yDomain} allowDataOverflow />
            <Tooltip formatter={(v) => formatNumber(Number(v))} />
            {model.series.map((s) => {
              const { color, dash } = styles.get(s.key)!;
              return (
                <Line
                  key={s.key}
                  dataKey={s.key}
                  name={s.name}
                  type="linear"
                  stroke={color}
                  strokeDasharray={dash}
                  strokeWidth={1.5}
                  dot={data.length <= 36 ? { r: 2 } : false}
                  hide={hidden.has(s.id)}
                  connectNulls
                  isAnimationActive={false}
                />
              );
            })}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <Legend series={model.series} styles={styles} hidden={hidden} onToggle={toggle} onHover={() => undefined} />
    </div>
  );
}

/** The lowest and highest point of both charts, with zero in view. */
function sharedDomain(models: (ChartModel | null)[]): [number, number] {
  let [lo, hi] = [0, 0];
  for (const m of models)
    for (const row of m?.data ?? [])
      for (const [k, v] of Object.entries(row))
        if (k !== "period" && typeof v === "number") [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  return [lo, hi === lo ? lo + 1 : hi];
}
const diffRowAttributes = (r: DiffRow) => ({
  "data-testid": "compare-diff-row",
  "data-period": r.period,
  className: differs(r) ? "differs" : "",
});

const formatOrDash = (v: number | null) => (v === null ? "—" : formatNumber(v));

function diffGridColumns(measure: Measure): GridColumn<DiffRow>[] {
  return [
    { label: "period", value: (r) => r.period },
    { label: "row", value: (r) => r.name },
    { label: `A ${measure}`, numeric: true, value: (r) => r.a, render: (r) => formatOrDash(r.a) },
    { label: `B ${measure}`, numeric: true, value: (r) => r.b, render: (r) => formatOrDash(r.b) },
    {
      label: "B − A",
      numeric: true,
      value: (r) => r.delta,
      render: (r) => (r.delta === null ? "only in " + (r.a === null ? "B" : "A") : formatNumber(r.delta)),
    },
  ];
}
