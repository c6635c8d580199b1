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
export const DEFAULT_LIMIT: LineLimit = { top: MAX_LINES, other: true };

export const seriesId = (r: RowDto) =>
  JSON.stringify([Object.entries(r.dimensions).map(([n, d]) => [n, d.path]), r.metric, r.unit]);

function seriesName(r: RowDto): string {
  const dims = Object.values(r.dimensions).map((d) => d.label || d.path);
  return [...dims, `${r.metric}${r.unit ? ` (${r.unit})` : ""}`].join(" · ");
}

const OTHER_ID = "__other__";

/**
 * Results → one row per period with a number per series, the shape every Recharts chart takes.
 * Beyond `limit.top` series, the smallest are dropped or, with `limit.other`, summed into one
 * "Other" line, so the chart's total still adds up.
 */
export function buildChart(results: PeriodDto[], measure: Measure, limit: LineLimit = DEFAULT_LIMIT): ChartModel {
  const byId = new Map<string, ChartSeries>();
  for (const p of results) {
    for (const r of p.rows) {
      const id = seriesId(r);
      let s = byId.get(id);
      if (!s) {
        s = {
          key: "",
          id,
          name: seriesName(r),
          dimensions: Object.entries(r.dimensions).map(([name, d]) => ({ name, path: d.path, label: d.label })),
          metric: r.metric,
          unit: r.unit,
          peak: 0,
        };
        byId.set(id, s);
      }
      s.peak = Math.max(s.peak, Math.abs(r[measure]));
    }
  }
  const all = [...byId.values()];
  const top = Math.max(1, limit.top);
  const kept = all.length > top ? [...all].sort((a, b) => b.peak - a.peak).slice(0, top) : all;
  const keep = new Set(kept.map((s) => s.id));
  const series = all.filter((s) => keep.has(s.id));
  const others = all.length - series.length;
  if (others > 0 && limit.other) {
    series.push({
      key: "",
      id: OTHER_ID,
      name: `Other (${others} series)`,
      dimensions: [],
      metric: "",
      unit: null,
      peak: 0,
    });
  }
  series.forEach((s, i) => (s.key = `s${i}`));
  const keyOf = new Map(series.map((s) => [s.id, s.key]));
  const otherKey = keyOf.get(OTHER_ID);
  const data = results.map((p) => {
    const row: Record<string, number | string> = { period: p.period };
    if (otherKey) row[otherKey] = 0;
    for (const r of p.rows) {
      const key = keyOf.get(seriesId(r));
      if (key) row[key] = r[measure];
      else if (otherKey) row[otherKey] = (row[otherKey] as number) + r[measure];
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

/** Colour by dimension group, dash by metric: Budget and Actuals of one team share a colour. */
export function styleSeries(series: ChartSeries[]): Map<string, { color: string; dash?: string }> {
  const groups = new Map<string, number>();
  const metrics = new Map<string, number>();
  const out = new Map<string, { color: string; dash?: string }>();
  for (const s of series) {
    const group = JSON.stringify([s.dimensions.map((d) => d.path), s.unit]);
    if (!groups.has(group)) groups.set(group, groups.size);
    if (!metrics.has(s.metric)) metrics.set(s.metric, metrics.size);
    out.set(s.key, {
      color: PALETTE[groups.get(group)! % PALETTE.length],
      dash: DASHES[metrics.get(s.metric)! % DASHES.length],
    });
  }
  return out;
}

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const full = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
export const formatCompact = (n: number) => compact.format(n);
export const formatNumber = (n: number) => full.format(n);
