// Monaco's declaration of the module "playground" (src/hosts/script/playground.ts): the
// playground's own store, reached through the page.
export const PLAYGROUND_TYPES = `declare module "playground" {
  import type { AnalyticsPath, AnalyticsSeriesInput } from "analytics-engine";
  /** A query as the query editor writes it: ISO dates, paths as strings, granularity by name. */
  export type QueryJson = {
    metrics: string[];
    currency?: string | null;
    select: Record<string, string[]>;
    lod?: Record<string, number | null>;
    granularity: string;
    start?: string | null;
    end?: string | null;
  };
  export type PeriodJson = {
    period: string;
    start: string;
    end: string;
    rows: { dimensions: Record<string, { path: string; icon: string; label: string; description: string }>; metric: string; unit: string | null; value: number; sum: number }[];
  };
  /**
   * The store the playground shows (not a fresh one): writes go through its engine, so the SQL log
   * shows them and the shown query re-runs.
   */
  export const playground: {
    /** Adds series in one transaction; resolves to how many were added. */
    addSeriesValues(inputs: AnalyticsSeriesInput[]): Promise<number>;
    /** Deletes the series at or under the source (and dimensions left unused); resolves to how many. */
    clearSeriesBySource(source: AnalyticsPath | string): Promise<number>;
    /** Runs a query on the playground's data. */
    execute(query: QueryJson): Promise<PeriodJson[]>;
    getDimensions(): Promise<{ name: string; values: { path: string; icon: string; label: string; description: string }[] }[]>;
    /** Any SQL on the playground's database; each statement's fields and rows. */
    raw(sql: string): Promise<{ statements: { fields: { name: string }[]; rows: Record<string, unknown>[] }[] }>;
  };
}
`;
