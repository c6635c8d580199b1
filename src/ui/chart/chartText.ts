import type { QueryJson } from "../../rpc/protocol.js";

export type ChartMeasure = "value" | "sum";

const GRANULARITY: Record<string, { adverb: string; noun: string }> = {
  hourly: { adverb: "hourly", noun: "Hour" },
  daily: { adverb: "daily", noun: "Day" },
  weekly: { adverb: "weekly", noun: "Week" },
  monthly: { adverb: "monthly", noun: "Month" },
  quarterly: { adverb: "quarterly", noun: "Quarter" },
  semiAnnual: { adverb: "half-yearly", noun: "Half-year" },
  annual: { adverb: "yearly", noun: "Year" },
  total: { adverb: "in total", noun: "Period" },
};

const granularityOf = (g: string) => GRANULARITY[g] ?? { adverb: g, noun: "Period" };

/** "Budget", "Budget vs Actuals", "Budget, Actuals and Forecast". */
function listMetrics(metrics: string[]): string {
  const named = metrics.map((m) => m.replace(/([a-z])([A-Z])/g, "$1 $2"));
  if (named.length <= 2) return named.join(" vs ") || "All metrics";
  return `${named.slice(0, -1).join(", ")} and ${named[named.length - 1]}`;
}

const month = (iso: string) =>
  new Date(iso).toLocaleDateString("en-US", { month: "short", year: "numeric", timeZone: "UTC" });

/** The query's date range as a reader says it; the end is exclusive, so the last month shown is the one before. */
function rangeText(start?: string | null, end?: string | null): string {
  if (!start && !end) return "all dates";
  const last = end ? new Date(new Date(end).getTime() - 1).toISOString() : null;
  if (start && last) return `${month(start)} – ${month(last)}`;
  return start ? `from ${month(start)}` : `until ${month(last!)}`;
}

/** The dimensions the query breaks down by: those selected with a level of detail above zero. */
function breakdown(query: QueryJson): string[] {
  return Object.keys(query.select ?? {}).filter((d) => (query.lod?.[d] ?? 0) > 0);
}

/** A title and subtitle that say what the chart shows: metrics, breakdown, currency, granularity, range. */
export function chartTitle(query: QueryJson, measure: ChartMeasure): { title: string; subtitle: string } {
  const by = breakdown(query);
  const title = `${listMetrics(query.metrics)}${by.length ? ` by ${by.join(" and ")}` : ""}`;
  const currency = query.currency ? query.currency.split(",").join(" & ") : "every unit";
  const what =
    measure === "sum" ? "running total" : `change per ${granularityOf(query.granularity).noun.toLowerCase()}`;
  const granularity = granularityOf(query.granularity).adverb;
  return {
    title,
    subtitle: [currency, granularity, rangeText(query.start, query.end), what].join(" · "),
  };
}

/** The x axis's title: the period's name. */
export const xAxisTitle = (granularity: string) => granularityOf(granularity).noun;

/** The y axis's title: the unit (what each point is, change or running total, is in the subtitle). */
export const yAxisTitle = (unit: string | null) => unit ?? "no unit";
