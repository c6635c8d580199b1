import type { PeriodDto, RowDto } from "../../rpc/protocol.js";

export type Measure = "value" | "sum";

/** One line: a dimension group × metric × unit, across periods. */
export type ChartSeries = {
  /** Recharts data key: `s0`, `s1`…; paths contain `/` and `.`, which Recharts would read as nesting. */
  key: string;
  /** Dimension paths, metric, unit: identifies the series across runs (for the hidden set). */
  id: string;
  name: string;
  dimensions: { name: string; path: string; label: string }[];
  metric: string;
  unit: string | null;
  /** Largest absolute value over the periods, to keep the biggest series when capping. */
  peak: number;
  /** What the legend's table shows: the sum of the changes, or the last running total. */
  total: number;
};

export type ChartModel = {
  series: ChartSeries[];
  data: Record<string, number | string>[];
  total: number;
  others: number;
};

/** More lines than this are unreadable and slow to draw: keep the largest. */
const MAX_LINES = 60;

/** How many lines to draw: the `top` largest (by peak), and optionally one more summing the rest. */
export type LineLimit = { top: number; other: boolean };
const DEFAULT_LIMIT: LineLimit = { top: MAX_LINES, other: true };

export const seriesId = (r: RowDto) =>
  JSON.stringify([Object.entries(r.dimensions).map(([n, d]) => [n, d.path]), r.metric, r.unit]);

/** Labels the store knows for paths the result left unlabelled (a level of detail above the described leaves). */
export type LabelLookup = (dimension: string, path: string) => string | undefined;

/** A path's readable name: its label, or its last segment (the full path is in the legend's tooltip). */
function pathName(dimension: string, path: string, label: string, lookup?: LabelLookup): string {
  return label || lookup?.(dimension, path) || path.split("/").filter(Boolean).pop() || path;
}

function seriesName(r: RowDto, lookup?: LabelLookup): string {
  // A dimension grouped to level 0 has an empty path: it names nothing, so it adds no "·" to the name.
  const dims = Object.entries(r.dimensions)
    .filter(([, d]) => d.path !== "" || d.label !== "")
    .map(([name, d]) => pathName(name, d.path, d.label, lookup));
  return [...dims, `${r.metric}${r.unit ? ` (${r.unit})` : ""}`].join(" · ");
}

const OTHER_ID = "__other__";
const otherId = (unit: string | null) => `${OTHER_ID}${unit ?? ""}`;

/**
 * Results → one row per period with a number per series, the shape every Recharts chart takes.
 * Beyond `limit.top` series, the smallest are dropped or, with `limit.other`, summed into one
 * "Other" line, so the chart's total still adds up.
 */
export function buildChart(
  results: PeriodDto[],
  measure: Measure,
  limit: LineLimit = DEFAULT_LIMIT,
  lookup?: LabelLookup,
): ChartModel {
  const byId = new Map<string, ChartSeries>();
  for (const p of results) {
    for (const r of p.rows) {
      const id = seriesId(r);
      let s = byId.get(id);
      if (!s) {
        s = {
          key: "",
          id,
          name: seriesName(r, lookup),
          dimensions: Object.entries(r.dimensions).map(([name, d]) => ({ name, path: d.path, label: d.label })),
          metric: r.metric,
          unit: r.unit,
          peak: 0,
          total: 0,
        };
        byId.set(id, s);
      }
      s.peak = Math.max(s.peak, Math.abs(r[measure]));
      s.total = measure === "sum" ? r.sum : s.total + r.value;
    }
  }
  const all = [...byId.values()];
  const top = Math.max(1, limit.top);
  const kept = all.length > top ? [...all].sort((a, b) => b.peak - a.peak).slice(0, top) : all;
  const keep = new Set(kept.map((s) => s.id));
  const series = all.filter((s) => keep.has(s.id));
  const others = all.length - series.length;
  // One Other per unit: DAI and MKR never add up.
  const otherOf = new Map<string, ChartSeries>();
  if (others > 0 && limit.other) {
    for (const s of all) {
      if (keep.has(s.id)) continue;
      const id = otherId(s.unit);
      let o = otherOf.get(id);
      if (!o) {
        o = { key: "", id, name: "", dimensions: [], metric: "", unit: s.unit, peak: 0, total: 0 };
        otherOf.set(id, o);
      }
      o.peak += 1;
      o.total += s.total;
    }
    for (const o of otherOf.values()) {
      o.name = `Other (${o.peak} series${otherOf.size > 1 && o.unit ? `, ${o.unit}` : ""})`;
      series.push(o);
    }
  }
  series.forEach((s, i) => (s.key = `s${i}`));
  const keyOf = new Map(series.map((s) => [s.id, s.key]));
  const data = results.map((p) => {
    const row: Record<string, number | string> = { period: p.period };
    for (const o of otherOf.values()) row[o.key] = 0;
    for (const r of p.rows) {
      const own = keyOf.get(seriesId(r));
      const other = keyOf.get(otherId(r.unit));
      if (own) row[own] = r[measure];
      else if (other) row[other] = (row[other] as number) + r[measure];
    }
    return row;
  });
  return { series, data, total: all.length, others };
}

const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#59a14f",
  "#e15759",
  "#76b7b2",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#8cd17d",
  "#86bcb6",
  "#d37295",
];
const DASHES = [undefined, "6 3", "2 3", "10 3 2 3"];

/**
 * How a series is drawn. Colour tells dimension groups apart; the metric's index picks a dash
 * (lines), a fill pattern (bars: solid, hatched, dotted, cross-hatched) and a fill opacity
 * (areas), so Budget and Actuals differ without relying on colour.
 */
export type SeriesStyle = { color: string; dash?: string; metricIndex: number };

export function styleSeries(series: ChartSeries[]): Map<string, SeriesStyle> {
  const groups = new Map<string, number>();
  const metrics = new Map<string, number>();
  const out = new Map<string, SeriesStyle>();
  for (const s of series) {
    const group = JSON.stringify([s.dimensions.map((d) => d.path), s.unit]);
    if (!groups.has(group)) groups.set(group, groups.size);
    if (!metrics.has(s.metric)) metrics.set(s.metric, metrics.size);
    out.set(s.key, {
      color: PALETTE[groups.get(group)! % PALETTE.length],
      dash: DASHES[metrics.get(s.metric)! % DASHES.length],
      metricIndex: metrics.get(s.metric)! % DASHES.length,
    });
  }
  return out;
}

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
/** The compare pane's axis labels (the chart's own axes use round ticks, ticks.ts). */
export const formatCompact = (n: number) => compact.format(n);
const full = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
export const formatNumber = (n: number) => full.format(n);
