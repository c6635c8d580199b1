import type { ChartSeries, SeriesStyle } from "./seriesModel.js";

/** Bar fills by metric: solid, hatched, dotted, cross-hatched; read without colour and in print. */
const SHAPES = [
  null,
  <path key="h" d="M0,6 L6,0" strokeWidth="1.6" />,
  <circle key="d" cx="3" cy="3" r="1.3" />,
  <path key="x" d="M0,6 L6,0 M0,0 L6,6" strokeWidth="1.1" />,
];

const patternId = (uid: string, key: string) => `${uid}-fill-${key}`;

/** The fill of a bar series: its colour, or a pattern in it. */
export function fillOf(uid: string, key: string, styles: Map<string, SeriesStyle>): string {
  const { color, metricIndex } = styles.get(key)!;
  return SHAPES[metricIndex] ? `url(#${patternId(uid, key)})` : color;
}

/** The patterns `fillOf` refers to, inside the chart's SVG (so exported images keep them). */
export function FillPatterns({
  id,
  series,
  styles,
}: {
  id: string;
  series: ChartSeries[];
  styles: Map<string, SeriesStyle>;
}) {
  return (
    <defs>
      {series.map((s) => {
        const { color, metricIndex } = styles.get(s.key)!;
        const shape = SHAPES[metricIndex];
        if (!shape) return null;
        return (
          <pattern key={s.key} id={patternId(id, s.key)} width="6" height="6" patternUnits="userSpaceOnUse">
            <rect width="6" height="6" fill={color} fillOpacity="0.22" />
            <g stroke={color} fill={color}>
              {shape}
            </g>
          </pattern>
        );
      })}
    </defs>
  );
}
