/** The `_t` tags of the engine's JSON form: `{ "_t": 0, "_v": "atlas/legacy" }`. */
export enum AnalyticsSerializerTypes {
  AnalyticsPath = 0,
  AnalyticsPathSegment = 1,
  AnalyticsPeriod = 2,
}
