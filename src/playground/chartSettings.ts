export type ChartKind = "line" | "area" | "bar" | "stacked";

/** How a chart is drawn: what the chart pane's toolbar sets and a dashboard tile keeps. */
export type ChartSettings = {
  kind: ChartKind;
  measure: "value" | "sum";
  top: number;
  other: boolean;
  /** The user's title and subtitle; absent, they are made from the query. */
  title?: string;
  subtitle?: string;
};

export const DEFAULT_SETTINGS: ChartSettings = { kind: "line", measure: "value", top: 60, other: true };
