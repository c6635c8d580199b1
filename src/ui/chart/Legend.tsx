import type { ChartSeries, SeriesStyle } from "./seriesModel.js";

type Props = {
  series: ChartSeries[];
  styles: Map<string, SeriesStyle>;
  hidden: Set<string>;
  onToggle: (id: string) => void;
  onHover: (id: string | null) => void;
};

const total = new Intl.NumberFormat(undefined, { notation: "compact", maximumSignificantDigits: 3 });

/** The swatch draws the series as the chart does: its dash, and its bar pattern's idea (solid or light). */
function Swatch({ style }: { style: SeriesStyle }) {
  return (
    <svg width="22" height="10" aria-hidden>
      <rect x="0" y="1" width="22" height="8" fill={style.color} fillOpacity={style.metricIndex === 0 ? 0.35 : 0.1} />
      <line x1="0" y1="5" x2="22" y2="5" stroke={style.color} strokeWidth="2.5" strokeDasharray={style.dash} />
    </svg>
  );
}

/**
 * One row per series with its total, in columns that wrap and a box that scrolls: never clipped.
 * Click hides or shows a series; hovering one fades the others.
 */
export function Legend({ series, styles, hidden, onToggle, onHover }: Props) {
  return (
    <ul className="legend" aria-label="Series (click to hide or show)" data-testid="legend">
      {series.map((s) => {
        const style = styles.get(s.key)!;
        return (
          <li key={s.key}>
            <button
              className={hidden.has(s.id) ? "off" : ""}
              onClick={() => onToggle(s.id)}
              onMouseEnter={() => onHover(s.id)}
              onMouseLeave={() => onHover(null)}
              title={s.dimensions.map((d) => `${d.name}: ${d.path}${d.label ? ` (${d.label})` : ""}`).join("\n")}
              data-name={s.name}
              data-color={style.color}
              data-dash={style.dash ?? ""}
              data-total={s.total}
            >
              <Swatch style={style} />
              <span className="legend-name">{s.name}</span>
              <span className="legend-total num">{total.format(s.total)}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
