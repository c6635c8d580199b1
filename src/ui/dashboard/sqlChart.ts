import type { RawResultDto } from "../../rpc/protocol.js";
import type { ChartModel, ChartSeries } from "../chart/seriesModel.js";

/**
 * A SQL result as a chart: the first column names the points (x), every numeric column is a
 * series. Postgres sends bigint and numeric as text, so a column counts as numeric when all its
 * values parse as numbers.
 */
export function sqlChart(result: RawResultDto): { model: ChartModel; x: string } | { problem: string } {
  const statement = [...result.statements].reverse().find((s) => s.fields.length > 0);
  if (!statement) return { problem: "The SQL returned no rows to draw (end it with a SELECT)." };
  const [first, ...rest] = statement.fields.map((f) => f.name);
  const numeric = rest.filter((name) =>
    statement.rows.every((r) => r[name] === null || Number.isFinite(Number(r[name]))),
  );
  if (numeric.length === 0)
    return {
      problem: `No numeric column to draw: select a label column, then numbers (got ${statement.fields.map((f) => f.name).join(", ")}).`,
    };
  const series: ChartSeries[] = numeric.map((name, i) => ({
    key: `s${i}`,
    id: name,
    name,
    dimensions: [],
    metric: name,
    unit: null,
    peak: 0,
    total: 0,
  }));
  const data = statement.rows.map((r) => {
    const row: Record<string, number | string> = { period: String(r[first] ?? "") };
    series.forEach((s) => {
      const v = Number(r[s.id] ?? 0);
      row[s.key] = v;
      s.peak = Math.max(s.peak, Math.abs(v));
      s.total += v;
    });
    return row;
  });
  return { model: { series, data, total: series.length, others: 0 }, x: first };
}
