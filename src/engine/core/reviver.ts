import { AnalyticsPath, AnalyticsPathSegment } from "./path.js";
import { AnalyticsPeriod } from "./period.js";
import { AnalyticsSerializerTypes } from "./serializerTypes.js";

/** `JSON.parse(text, reviver)` turns the engine's `{ "_t": n, "_v": "..." }` objects back into paths, segments and periods. */
export function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === "object" && "_t" in value && "_v" in value) {
    const { _t, _v } = value as { _t: unknown; _v: unknown };
    if (typeof _v === "string") {
      if (_t === AnalyticsSerializerTypes.AnalyticsPath) return AnalyticsPath.fromString(_v);
      if (_t === AnalyticsSerializerTypes.AnalyticsPathSegment) return AnalyticsPathSegment.fromString(_v);
      if (_t === AnalyticsSerializerTypes.AnalyticsPeriod) return AnalyticsPeriod.fromString(_v);
    }
  }
  return value;
}
