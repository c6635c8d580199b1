import { useId, useMemo, useState } from "react";
import { Area, Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { PeriodDto, QueryJson } from "../../rpc/protocol.js";
import { useEngine } from "../connection/EngineContext.js";
import { ChartTooltip } from "./ChartTooltip.js";
import { chartTitle, xAxisTitle, yAxisTitle } from "./chartText.js";
import { EditableText } from "./EditableText.js";
import { Legend } from "./Legend.js";
import { FillPatterns, fillOf } from "./patterns.js";
import { buildChart, styleSeries, type ChartModel, type ChartSeries, type LabelLookup } from "./seriesModel.js";
import type { ChartKind, ChartSettings } from "../../playground/chartSettings.js";
import { formatTick, niceTicks } from "./ticks.js";

/** What the chart says about itself: the made title and subtitle (the settings' own win), and the x axis's title. */
export type ChartText = { title: string; subtitle: string; x: string; y?: string };

/** The text a series query's chart gets. */
export function queryText(query: QueryJson, measure: ChartSettings["measure"]): ChartText {
  return { ...chartTitle(query, measure), x: xAxisTitle(query.granularity) };
}

type Props = {
  model: ChartModel;
  text: ChartText;
  settings: ChartSettings;
  /** Given, the title and subtitle are editable (click to edit; an empty text goes back to the made one). */
  onRetitle?: (change: Pick<ChartSettings, "title" | "subtitle">) => void;
  hidden: Set<string>;
  onToggle: (id: string) => void;
};

const AREA_OPACITY = [0.3, 0.1, 0.04, 0.18];

/** Labels from the store's dimension list, for paths the result carries unlabelled. */
function useLabelLookup(): LabelLookup | undefined {
  const { catalog } = useEngine();
  return useMemo(() => {
    if (!catalog) return undefined;
    const labels = new Map<string, string>();
    for (const d of catalog.dimensions)
      for (const v of d.values) if (v.label) labels.set(`${d.name}\n${v.path}`, v.label);
    return (dimension: string, path: string) => labels.get(`${dimension}\n${path}`);
  }, [catalog]);
}

/** Results → the chart's series and rows, with labels the store knows. */
export function useChartModel(results: PeriodDto[], settings: ChartSettings): ChartModel {
  const lookup = useLabelLookup();
  return useMemo(
    () => buildChart(results, settings.measure, { top: settings.top, other: settings.other }, lookup),
    [results, settings.measure, settings.top, settings.other, lookup],
  );
}

/** A lone period has no segment to draw (Recharts renders no curve for one point): use bars. */
export function drawnKind(model: ChartModel, kind: ChartKind): ChartKind {
  return model.data.length === 1 && (kind === "line" || kind === "area") ? "bar" : kind;
}

/** The largest and smallest value a panel shows: per series, or per stack when bars are stacked. */
function extent(data: Record<string, number | string>[], series: ChartSeries[], stacked: boolean): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const row of data) {
    const stacks = new Map<string, { pos: number; neg: number }>();
    for (const s of series) {
      const v = Number(row[s.key] ?? 0);
      if (!stacked) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
        continue;
      }
      const st = stacks.get(s.metric) ?? { pos: 0, neg: 0 };
      if (v >= 0) st.pos += v;
      else st.neg += v;
      stacks.set(s.metric, st);
    }
    for (const st of stacks.values()) {
      lo = Math.min(lo, st.neg);
      hi = Math.max(hi, st.pos);
    }
  }
  return [lo, hi];
}

/**
 * A chart that reads on its own: title and subtitle from the query, axis titles with units,
 * round ticks, one panel per unit (DAI and MKR never share an axis), and a legend that scrolls.
 */
export function ChartView({ model, text: made, settings, onRetitle, hidden, onToggle }: Props) {
  const uid = useId().replace(/:/g, "");
  const styles = useMemo(() => styleSeries(model.series), [model]);
  const panels = useMemo(() => {
    const byUnit = new Map<string, ChartSeries[]>();
    for (const s of model.series) byUnit.set(s.unit ?? "", [...(byUnit.get(s.unit ?? "") ?? []), s]);
    return [...byUnit.entries()].map(([unit, series]) => ({ unit: unit || null, series }));
  }, [model]);
  const drawn = drawnKind(model, settings.kind);
  const dots = model.data.length <= 36 ? { r: 2.5 } : false;
  const [hover, setHover] = useState<string | null>(null);

  return (
    <div
      className="chart-view"
      data-series={model.series.length}
      data-periods={model.data.length}
      data-drawn={drawn}
      data-panels={panels.length}
    >
      <div className="chart-titles">
        <EditableText
          className="chart-title"
          testId="chart-title"
          value={settings.title || made.title}
          onChange={onRetitle && ((title) => onRetitle({ title: title === made.title ? undefined : title }))}
        />
        <EditableText
          className="chart-subtitle"
          testId="chart-subtitle"
          value={settings.subtitle || made.subtitle}
          onChange={
            onRetitle && ((subtitle) => onRetitle({ subtitle: subtitle === made.subtitle ? undefined : subtitle }))
          }
        />
      </div>
      <div className={`chart-panels n${Math.min(panels.length, 3)}`}>
        {panels.map(({ unit, series }) => {
          const visible = series.filter((s) => !hidden.has(s.id));
          const [lo, hi] = extent(model.data, visible, drawn === "stacked");
          const { ticks, step } = niceTicks(lo, hi);
          const yTitle = made.y ?? yAxisTitle(unit);
          return (
            <div key={unit ?? ""} className="chart-host" data-testid="chart" data-unit={unit ?? ""}>
              <ResponsiveContainer width="100%" height="100%">
                <ComposedChart data={model.data} margin={{ top: 8, right: 16, bottom: 14, left: 14 }}>
                  <FillPatterns id={uid} series={series} styles={styles} />
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis
                    dataKey="period"
                    minTickGap={16}
                    label={{ value: made.x, position: "insideBottom", offset: -10 }}
                  />
                  <YAxis
                    ticks={ticks}
                    domain={[ticks[0], ticks[ticks.length - 1]]}
                    interval={0}
                    tickFormatter={(v: number) => formatTick(v, step)}
                    width={64}
                    label={{
                      value: yTitle,
                      angle: -90,
                      position: "insideLeft",
                      offset: -6,
                      style: { textAnchor: "middle" },
                    }}
                  />
                  <Tooltip
                    content={(props) => (
                      <ChartTooltip
                        active={props.active}
                        payload={props.payload}
                        label={props.label}
                        series={series}
                        colors={styles}
                      />
                    )}
                  />
                  {series.map((s) => {
                    const { color, dash, metricIndex } = styles.get(s.key)!;
                    const faded = hover !== null && hover !== s.id;
                    const common = {
                      dataKey: s.key,
                      name: s.name,
                      hide: hidden.has(s.id),
                      isAnimationActive: false,
                      opacity: faded ? 0.25 : 1,
                    };
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
                          fillOpacity={AREA_OPACITY[metricIndex]}
                          dot={dots}
                        />
                      );
                    return (
                      <Bar
                        key={s.key}
                        {...common}
                        fill={fillOf(uid, s.key, styles)}
                        stroke={color}
                        strokeWidth={metricIndex === 0 ? 0 : 1}
                        stackId={drawn === "stacked" ? `${s.metric}|${s.unit}` : undefined}
                      />
                    );
                  })}
                </ComposedChart>
              </ResponsiveContainer>
            </div>
          );
        })}
      </div>
      <Legend series={model.series} styles={styles} hidden={hidden} onToggle={onToggle} onHover={setHover} />
    </div>
  );
}
