// The engine's one public entry: everything a library user imports, under the upstream names.
export { AnalyticsPath, AnalyticsPathSegment } from "./core/path.js";
export { AnalyticsSerializerTypes } from "./core/serializerTypes.js";
export { reviver } from "./core/reviver.js";
export { AnalyticsPeriod, AnalyticsPeriodType } from "./core/period.js";
export { AnalyticsGranularity, granularityNames, granularityFromName } from "./core/granularity.js";
export {
  getPeriodSeriesArray,
  slicePeriods,
  periodLabel,
  MAX_PERIODS,
  type AnalyticsPeriodRange,
} from "./core/timeSlicer.js";
export {
  groupSeries,
  discretize,
  valueAt,
  bucketValueAt,
  DimensionGrouper,
  MAX_RESULT_ROWS,
  checkResultSize,
} from "./core/discretizer.js";
export { AnalyticsQueryEngine, combine, type AnalyticsQueryEngineOptions } from "./core/queryEngine.js";
export { AnalyticsSubscriptionManager, NotificationError } from "./core/subscriptions.js";
export {
  AnalyticsProfiler,
  PassthroughAnalyticsProfiler,
  type IAnalyticsProfiler,
  type ProfilerLogger,
} from "./core/profiler.js";
export { AnalyticsInputError } from "./core/errors.js";
export { toPascalCase, validateQuery, validateSeriesQuery, MIN_DATE, MAX_DATE } from "./core/validate.js";
export { CompoundOperator } from "./core/types.js";
export type {
  IAnalyticsStore,
  AnalyticsQuery,
  AnalyticsSeriesQuery,
  AnalyticsSeries,
  AnalyticsSeriesInput,
  DateInput,
  AnalyticsDimension,
  AnalyticsDimensionList,
  AnalyticsDimensionValue,
  AnalyticsUpdateCallback,
  DimensionMetadataInput,
  GroupedPeriodResult,
  GroupedPeriodResults,
  GroupedPeriodRow,
  GroupedSeries,
  SeriesBucket,
  IGroupingAnalyticsStore,
  CompoundAnalyticsQuery,
  AnalyticsOperand,
  MultiCurrencyConversion,
  ConversionMetric,
} from "./core/types.js";
export {
  defaultQueryLogger,
  defaultResultsLogger,
  type NativeStatement,
  type SqlQueryLogger,
  type SqlResultsLogger,
} from "./store/loggers.js";
export { KnexAnalyticsStore, type KnexAnalyticsStoreOptions } from "./store/KnexAnalyticsStore.js";
export { PGliteQueryExecutor, type IKnexQueryExecutor, type Statement } from "./store/executor.js";
export {
  MemoryAnalyticsStore,
  type MemoryAnalyticsStoreOptions,
  type RawResult,
} from "./store/MemoryAnalyticsStore.js";
export { BrowserAnalyticsStore, type BrowserAnalyticsStoreOptions } from "./store/BrowserAnalyticsStore.js";
// Node only: runs on a PostgreSQL server through knex's pg client (never imported by the browser build).
export { PostgresAnalyticsStore, type PostgresAnalyticsStoreOptions } from "./store/PostgresAnalyticsStore.js";
export { PgQueryExecutor } from "./store/PgQueryExecutor.js";
export { SCHEMA_SQL, TABLES, TABLE_LIST } from "./store/schema.js";
