import type { TooltipContentProps } from "recharts";
import type { NameType, ValueType } from "recharts/types/component/DefaultTooltipContent";
import type { ChartSeries } from "./seriesModel.js";
import { formatNumber } from "./seriesModel.js";

type Props = Pick<TooltipContentProps<ValueType, NameType>, "active" | "payload" | "label"> & {
  series: ChartSeries[];
  colors: Map<string, { color: string }>;
};

/** Full dimension paths and labels per series, largest first: the legend's short names are not enough. */
export function ChartTooltip({ active, payload, label, series, colors }: Props) {
  if (!active || !payload?.length) return null;
  const byKey = new Map(series.map((s) => [s.key, s]));
  const items = payload
    .map((p) => ({ s: byKey.get(String(p.dataKey)), value: Number(p.value) }))
    .filter((x): x is { s: ChartSeries; value: number } => x.s !== undefined)
    .sort((a, b) => b.value - a.value);
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">{label}</div>
      {items.slice(0, 16).map(({ s, value }) => (
        <div key={s.key} className="chart-tooltip-row">
          <span className="swatch" style={{ background: colors.get(s.key)?.color }} />
          <span className="chart-tooltip-dims">
            {s.dimensions.map((d) => (
              <span key={d.name}>
                <code>{d.path}</code>
                {d.label && <em> {d.label}</em>}
              </span>
            ))}
            <span className="muted">
              {s.metric}
              {s.unit ? ` (${s.unit})` : ""}
            </span>
          </span>
          <span className="num">{formatNumber(value)}</span>
        </div>
      ))}
      {items.length > 16 && <div className="muted">… and {items.length - 16} more</div>}
    </div>
  );
}
