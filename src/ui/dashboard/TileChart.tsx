import { useState } from "react";
import { ChartView, queryText, useChartModel, type ChartText } from "../chart/ChartView.js";
import type { ChartModel } from "../chart/seriesModel.js";
import type { Tile } from "../../playground/dashboardFile.js";
import { sqlChart } from "./sqlChart.js";
import type { TileState } from "./useTileResult.js";

type Props = {
  tile: Tile;
  state: TileState;
  /** Given, the title and subtitle are editable in place. */
  onRetitle?: (change: { title?: string; subtitle?: string }) => void;
};

const EMPTY: ChartModel = { series: [], data: [], total: 0, others: 0 };

/** A tile's chart: its query's result drawn with the tile's settings, or why there is none. */
export function TileChart({ tile, state, onRetitle }: Props) {
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const outcome = state.outcome;
  const seriesModel = useChartModel(outcome?.kind === "series" ? outcome.result.results : [], tile.chart);
  const sql = outcome?.kind === "sql" ? sqlChart(outcome.result) : null;
  let model = EMPTY;
  let text: ChartText = { title: tile.title, subtitle: "", x: "" };
  if (outcome?.kind === "series") {
    model = seriesModel;
    text = queryText(outcome.result.query, tile.chart.measure);
  } else if (sql && "model" in sql) {
    model = sql.model;
    text = { title: tile.title, subtitle: "SQL", x: sql.x, y: "value" };
  }
  const problem =
    state.error ??
    (sql && "problem" in sql ? sql.problem : null) ??
    (outcome && model.series.length === 0 ? "No series match this tile's query." : null);
  if (problem)
    return (
      <div className="placeholder tile-problem" data-testid="tile-problem">
        {problem}
      </div>
    );
  if (!outcome) return <div className="placeholder">Running…</div>;
  const toggle = (id: string) =>
    setHidden((h) => {
      const next = new Set(h);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <ChartView
      model={model}
      text={text}
      settings={{ ...tile.chart, title: tile.title }}
      onRetitle={onRetitle && ((c) => onRetitle("title" in c ? { ...c, title: c.title ?? text.title } : c))}
      hidden={hidden}
      onToggle={toggle}
    />
  );
}
