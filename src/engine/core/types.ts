import type { DateTime } from "luxon";
import type { AnalyticsPath } from "./path.js";
import type { AnalyticsGranularity } from "./granularity.js";

/** What `getMatchingSeries` filters on. `start` does not filter: earlier series form the opening balance. */
export type AnalyticsSeriesQuery = {
  start: DateTime | null;
  end: DateTime | null;
  metrics: string[];
  /** Units to keep: the first segment's filters (`DAI` or `DAI,MKR`); absent or `*` keeps all. */
  currency?: AnalyticsPath;
  /** Per dimension, the paths whose subtrees to keep. A series lacking a selected dimension is left out. */
  select: Record<string, AnalyticsPath[]>;
};

export type AnalyticsQuery = AnalyticsSeriesQuery & {
  granularity: AnalyticsGranularity;
  /** Per selected dimension, how many path segments to group by; absent or null groups the dimension as one. */
  lod: Record<string, number | null>;
};

export type AnalyticsDimension = {
  path: AnalyticsPath;
  icon: string;
  label: string;
  description: string;
};

export type AnalyticsSeries<D = AnalyticsDimension> = {
  id?: number;
  source: AnalyticsPath;
  start: DateTime;
  end: DateTime | null;
  metric: string;
  value: number;
  unit: string | null;
  fn: string;
  params: Record<string, unknown> | null;
  dimensions: Record<string, D>;
};

/** Icon, label and description for one of the input's dimension paths. */
export type DimensionMetadataInput = {
  path: AnalyticsPath | string;
  icon?: string | null;
  label?: string | null;
  description?: string | null;
};

/** A point in time as inputs accept it: a luxon DateTime, a JS Date, or an ISO string (UTC unless it says otherwise). */
export type DateInput = DateTime | Date | string;

export type AnalyticsSeriesInput = {
  start: DateInput;
  end?: DateInput | null;
  source: AnalyticsPath | string;
  metric: string;
  value: number;
  unit?: string | null;
  /** `Single` (the default) or `DssVest`. */
  fn?: string | null;
  /** `DssVest` reads `cliff` (an ISO date inside start–end). */
  params?: Record<string, unknown> | null;
  dimensions: Record<string, AnalyticsPath | string>;
  dimensionMetadata?: DimensionMetadataInput | DimensionMetadataInput[] | null;
};

export type AnalyticsUpdateCallback = (source: AnalyticsPath) => void;

export type AnalyticsDimensionValue = { path: string; icon: string; label: string; description: string };
export type AnalyticsDimensionList = Array<{ name: string; values: AnalyticsDimensionValue[] }>;

export interface IAnalyticsStore {
  clearSeriesBySource(source: AnalyticsPath, cleanUpDimensions?: boolean): Promise<number>;
  clearEmptyAnalyticsDimensions(): Promise<number>;
  getMatchingSeries(query: AnalyticsSeriesQuery): Promise<AnalyticsSeries[]>;
  addSeriesValue(input: AnalyticsSeriesInput): Promise<void>;
  addSeriesValues(inputs: AnalyticsSeriesInput[]): Promise<void>;
  getDimensions(): Promise<AnalyticsDimensionList>;
  subscribeToSource(source: AnalyticsPath, callback: AnalyticsUpdateCallback): () => void;
}

/**
 * Series summed per (dimension groups at LOD, metric, unit, fn, start, end, cliff). Summing is
 * exact for the discretizer, whose value functions are linear in `value`, and leaves far fewer
 * rows than series. Times are epoch milliseconds.
 */
export type SeriesBucket = {
  /** Per selected dimension, the index of its group in `GroupedSeries.groups`. */
  groups: number[];
  metric: string;
  unit: string | null;
  fn: string;
  start: number;
  end: number | null;
  cliff: number | null;
  value: number;
};

export type GroupedSeries = {
  dimensions: string[];
  /** Per selected dimension, its groups: the path at LOD, with the metadata of the dimension at exactly that path if any. */
  groups: AnalyticsDimension[][];
  buckets: SeriesBucket[];
};

/** A store that can group and sum series itself (in SQL); the engine then skips fetching every series. */
export interface IGroupingAnalyticsStore extends IAnalyticsStore {
  getGroupedSeries(query: AnalyticsQuery): Promise<GroupedSeries>;
}

export type GroupedPeriodRow = {
  dimensions: Record<string, AnalyticsDimension>;
  metric: string;
  unit: string | null;
  /** The change over the period. */
  value: number;
  /** The running total at the period's end. */
  sum: number;
};

export type GroupedPeriodResult = {
  period: string;
  start: DateTime;
  end: DateTime;
  rows: GroupedPeriodRow[];
};

export type GroupedPeriodResults = GroupedPeriodResult[];

export enum CompoundOperator {
  VectorAdd = 0,
  VectorSubtract = 1,
  ScalarMultiply = 2,
  ScalarDivide = 3,
}

export type AnalyticsOperand = { metric: string; currency?: AnalyticsPath; useSum: boolean };

export type CompoundAnalyticsQuery = {
  start: DateTime | null;
  end: DateTime | null;
  granularity: AnalyticsGranularity;
  lod: Record<string, number | null>;
  select: Record<string, AnalyticsPath[]>;
  expression: {
    inputs: { metrics: string[]; currency?: AnalyticsPath };
    operator: CompoundOperator;
    operand: AnalyticsOperand;
    resultCurrency?: AnalyticsPath;
  };
};

export type ConversionMetric = { metric: string; currency?: AnalyticsPath };
export type MultiCurrencyConversion = { targetCurrency?: AnalyticsPath; conversions: ConversionMetric[] };
