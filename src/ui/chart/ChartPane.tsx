import { useEffect, useMemo, useState } from "react";
import { ResultNotes } from "../query/ResultNotes.js";
import { Area, Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useQueryRun } from "../query/QueryContext.js";
import { marks } from "../testHook.js";
import { ChartTooltip } from "./ChartTooltip.js";
import { buildChart, DEFAULT_LIMIT, formatCompact, styleSeries, type LineLimit, type Measure } from "./seriesModel.js";

type Kind = "line" | "area" | "bar" | "stacked";
const KINDS: { kind: Kind; label: string }[] = [
  { kind: "line", label: "Line" },
  { kind: "area", label: "Area" },
  { kind: "bar", label: "Bar" },
  { kind: "stacked", label: "Stacked bar" },
];

export function ChartPane() {
  const { result } = useQueryRun();
  const [kind, setKind] = useState<Kind>("line");
  const [measure, setMeasure] = useState<Measure>("value");
  // By series id, so a series hidden in one run stays hidden when the same one comes back.
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [limit, setLimit] = useState<LineLimit>(DEFAULT_LIMIT);
  const model = useMemo(() => buildChart(result?.results ?? [], measure, limit), [result, measure, limit]);
  const styles = useMemo(() => styleSeries(model.series), [model]);

  useEffect(() => {
    if (model.series.length > 0) requestAnimationFrame(() => (marks.firstChart ??= performance.now()));
  }, [model]);

  const toggle = (id: string) =>
    setHidden((h) => {
      const next = new Set(h);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  // A lone period has no segment to draw (Recharts renders no curve for one point): use bars.
  const single = model.data.length === 1;
  const drawn: Kind = single && (kind === "line" || kind === "area") ? "bar" : kind;
  const dots = model.data.length <= 36 ? { r: 2.5 } : false;

  return (
    <section
      className="pane chart-pane"
      aria-label="Chart"
      data-series={model.series.length}
      data-periods={model.data.length}
      data-drawn={drawn}
    >
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="Chart type">
          {KINDS.map((k) => (
            <button key={k.kind} aria-pressed={kind === k.kind} onClick={() => setKind(k.kind)}>
              {k.label}
            </button>
          ))}
        </div>
        <div className="segmented" role="group" aria-label="Measure">
          <button
            aria-pressed={measure === "value"}
            onClick={() => setMeasure("value")}
            title="The change over each period"
          >
            value
          </button>
          <button
            aria-pressed={measure === "sum"}
            onClick={() => setMeasure("sum")}
            title="The running total at each period's end"
          >
            sum
          </button>
        </div>
        <label className="muted" title="Draw the largest series; the rest are left out or summed into one Other line">
          lines{" "}
          <select
            data-testid="chart-top"
            value={limit.top}
            onChange={(e) => setLimit({ ...limit, top: Number(e.target.value) })}
          >
            {[5, 10, 20, 60, 200].map((n) => (
              <option key={n} value={n}>
                top {n}
              </option>
            ))}
          </select>{" "}
          <input
            type="checkbox"
            data-testid="chart-other"
            checked={limit.other}
            onChange={(e) => setLimit({ ...limit, other: e.target.checked })}
          />{" "}
          + other
        </label>
        <span className="spacer" />
        <span className="muted" data-testid="chart-summary">
          {model.others > 0
            ? `largest ${model.total - model.others} of ${model.total} series${limit.other ? " + other" : ""}`
            : `${model.total} series`}{" "}
          · {model.data.length} period{model.data.length === 1 ? "" : "s"}
          {single && drawn !== kind ? " · one period: drawn as bars" : ""}
        </span>
      </div>
      <ResultNotes />
      {!result ? (
        <div className="placeholder">Waiting for the first run…</div>
      ) : model.series.length === 0 ? (
        <div className="placeholder" data-testid="chart-empty">
          No series match this query{result.results.length > 0 ? ` (${result.results.length} empty periods)` : ""}.
          Widen select, metrics, currency or dates.
        </div>
      ) : (
        <>
          <div className="chart-host" data-testid="chart">
            <ResponsiveContainer width="100%" height="100%">
              <ComposedChart data={model.data} margin={{ top: 8, right: 16, bottom: 4, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="period" minTickGap={16} />
                <YAxis tickFormatter={formatCompact} width={56} />
                <Tooltip
                  content={(props) => (
                    <ChartTooltip
                      active={props.active}
                      payload={props.payload}
                      label={props.label}
                      series={model.series}
                      colors={styles}
                    />
                  )}
                />
                {model.series.map((s) => {
                  const { color, dash } = styles.get(s.key)!;
                  const common = { dataKey: s.key, name: s.name, hide: hidden.has(s.id), isAnimationActive: false };
                  if (drawn === "line")
                    return (
                      <Line
                        key={s.key}
                        {...common}
                        type="linear"
                        stroke={color}
                        strokeDasharray={dash}
                        strokeWidth={1.75}
                        dot={dots}
                      />
                    );
                  if (drawn === "area")
                    return (
                      <Area
                        key={s.key}
                        {...common}
                        type="linear"
                        stroke={color}
                        strokeDasharray={dash}
                        fill={color}
                        fillOpacity={0.12}
                        dot={dots}
                      />
                    );
                  return (
                    <Bar
                      key={s.key}
                      {...common}
                      fill={color}
                      stackId={drawn === "stacked" ? `${s.metric}|${s.unit}` : undefined}
                    />
                  );
                })}
              </ComposedChart>
            </ResponsiveContainer>
          </div>
          <ul className="legend" aria-label="Series (click to hide or show)">
            {model.series.map((s) => {
              const { color, dash } = styles.get(s.key)!;
              return (
                <li key={s.key}>
                  <button
                    className={hidden.has(s.id) ? "off" : ""}
                    onClick={() => toggle(s.id)}
                    title={s.dimensions.map((d) => `${d.name}: ${d.path}${d.label ? ` (${d.label})` : ""}`).join("\n")}
                  >
                    <svg width="18" height="8" aria-hidden>
                      <line x1="0" y1="4" x2="18" y2="4" stroke={color} strokeWidth="2" strokeDasharray={dash} />
                    </svg>
                    {s.name}
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
