import { useEffect, useState } from "react";
import { ResultNotes } from "../query/ResultNotes.js";
import { useQueryRun } from "../query/QueryContext.js";
import { marks } from "../testHook.js";
import { PinButtons } from "../dashboard/PinButtons.js";
import { ChartView, drawnKind, queryText, useChartModel } from "./ChartView.js";
import type { ChartKind, ChartSettings } from "../../playground/chartSettings.js";
import { useStore } from "../hooks/useStore.js";
import { useShare } from "../share/ShareContext.js";

const KINDS: { kind: ChartKind; label: string }[] = [
  { kind: "line", label: "Line" },
  { kind: "area", label: "Area" },
  { kind: "bar", label: "Bar" },
  { kind: "stacked", label: "Stacked bar" },
];

/** Retitles belong to the query they were made for: a new query gets its own made title. */
type Titles = { query: string; title?: string; subtitle?: string };

export function ChartPane() {
  const { result } = useQueryRun();
  // Kept with the view (not in this pane) so a shared link carries it and a tab switch keeps it.
  const { chart } = useShare();
  const base = useStore(chart);
  const [titles, setTitles] = useState<Titles>({ query: "" });
  // By series id, so a series hidden in one run stays hidden when the same one comes back.
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const model = useChartModel(result?.results ?? [], base);
  const queryKey = result ? JSON.stringify(result.query) : "";
  const settings: ChartSettings =
    titles.query === queryKey ? { ...base, title: titles.title, subtitle: titles.subtitle } : base;
  const set = (change: Partial<ChartSettings>) => chart.set(change);

  useEffect(() => {
    if (model.series.length > 0) requestAnimationFrame(() => (marks.firstChart ??= performance.now()));
  }, [model]);

  const toggle = (id: string) =>
    setHidden((h) => {
      const next = new Set(h);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const drawn = drawnKind(model, settings.kind);
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
            <button key={k.kind} aria-pressed={settings.kind === k.kind} onClick={() => set({ kind: k.kind })}>
              {k.label}
            </button>
          ))}
        </div>
        <div className="segmented" role="group" aria-label="Measure">
          <button
            aria-pressed={settings.measure === "value"}
            onClick={() => set({ measure: "value" })}
            title="The change over each period"
          >
            value
          </button>
          <button
            aria-pressed={settings.measure === "sum"}
            onClick={() => set({ measure: "sum" })}
            title="The running total at each period's end"
          >
            sum
          </button>
        </div>
        <label className="muted" title="Draw the largest series; the rest are left out or summed into one Other line">
          lines{" "}
          <select data-testid="chart-top" value={settings.top} onChange={(e) => set({ top: Number(e.target.value) })}>
            {[5, 10, 20, 60, 200].map((n) => (
              <option key={n} value={n}>
                top {n}
              </option>
            ))}
          </select>{" "}
          <input
            type="checkbox"
            data-testid="chart-other"
            checked={settings.other}
            onChange={(e) => set({ other: e.target.checked })}
          />{" "}
          + other
        </label>
        <span className="spacer" />
        <span className="muted" data-testid="chart-summary">
          {model.others > 0
            ? `largest ${model.total - model.others} of ${model.total} series${settings.other ? " + other" : ""}`
            : `${model.total} series`}{" "}
          · {model.data.length} period{model.data.length === 1 ? "" : "s"}
          {drawn !== settings.kind ? " · one period: drawn as bars" : ""}
        </span>
        {result && model.series.length > 0 && (
          <PinButtons
            query={result.query}
            settings={settings}
            title={settings.title || queryText(result.query, settings.measure).title}
          />
        )}
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
        <ChartView
          model={model}
          text={queryText(result.query, settings.measure)}
          settings={settings}
          onRetitle={(change) => setTitles((t) => ({ ...(t.query === queryKey ? t : { query: queryKey }), ...change }))}
          hidden={hidden}
          onToggle={toggle}
        />
      )}
    </section>
  );
}
