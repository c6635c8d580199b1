import type { AnalyticsDimensionList, GroupedPeriodResults } from "../engine/index.js";
import type { BindingDto, DimensionListDto, JsonValue, PeriodDto } from "../rpc/protocol.js";

/** Engine results → plain JSON: DateTime → ISO string, AnalyticsPath → string. */
export function toResultsDto(results: GroupedPeriodResults): PeriodDto[] {
  return results.map((p) => ({
    period: p.period,
    start: p.start.toISO()!,
    end: p.end.toISO()!,
    rows: p.rows.map((r) => ({
      dimensions: Object.fromEntries(
        Object.entries(r.dimensions).map(([name, d]) => [
          name,
          { path: d.path.toString(), icon: d.icon, label: d.label, description: d.description },
        ]),
      ),
      metric: r.metric,
      unit: r.unit,
      value: r.value,
      sum: r.sum,
    })),
  }));
}

export function toDimensionsDto(list: AnalyticsDimensionList): DimensionListDto {
  return list.map((d) => ({ name: d.name, values: d.values.map((v) => ({ ...v })) }));
}

/** Any database value → JSON: dates as ISO strings, bigints and binary as strings, class instances via toString. */
function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array)
    return `\\x${Array.from(value.slice(0, 64), (b) => b.toString(16).padStart(2, "0")).join("")}${value.length > 64 ? "…" : ""}`;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return String(value);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
  }
  return String(value);
}

export function toRowsDto(rows: unknown, limit = Infinity): Record<string, JsonValue>[] {
  if (!Array.isArray(rows)) return [];
  return rows.slice(0, limit).map((r) => toJsonValue(r) as Record<string, JsonValue>);
}

/** Array bindings are cut to this many elements in the log: bulk writes bind whole columns. */
const MAX_LOGGED_ELEMENTS = 200;

const typeOf = (value: unknown): string => {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return "text";
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return typeof value;
  if (value instanceof Date) return "timestamptz";
  if (value instanceof Uint8Array) return "bytea";
  if (Array.isArray(value)) {
    const types = new Set(value.filter((v) => v !== null && v !== undefined).map(typeOf));
    return `${types.size === 1 ? [...types][0] : types.size === 0 ? "null" : "json"}[]`;
  }
  return "json";
};

/** Bound values → what the log shows: each value as JSON with its type; long arrays cut. */
export function toBindingsDto(bindings: readonly unknown[]): BindingDto[] {
  return bindings.map((b) => {
    const type = typeOf(b);
    if (!Array.isArray(b) || b.length <= MAX_LOGGED_ELEMENTS) return { type, value: toJsonValue(b) };
    return { type, value: toJsonValue(b.slice(0, MAX_LOGGED_ELEMENTS)), length: b.length };
  });
}
