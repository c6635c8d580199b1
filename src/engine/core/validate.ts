import { DateTime } from "luxon";
import { AnalyticsInputError, type Field } from "./errors.js";
import { AnalyticsGranularity } from "./granularity.js";
import { AnalyticsPath } from "./path.js";
import type { AnalyticsQuery, AnalyticsSeriesQuery } from "./types.js";

/** Dates the engine accepts: wide enough for any budget, narrow enough to catch typos like 20233. */
export const MIN_DATE = DateTime.utc(1970, 1, 1);
export const MAX_DATE = DateTime.utc(2100, 12, 31, 23, 59, 59, 999);
const MAX_NAME_LENGTH = 255;
const MAX_PATH_LENGTH = 2000;

const MIN_MS = MIN_DATE.toMillis();
const MAX_MS = MAX_DATE.toMillis();
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * Epoch milliseconds of a DateTime, Date or ISO string, checked like `toDateTime`. Plain ISO
 * dates and JS Dates take a fast path (ingest validates every series), anything else luxon.
 */
export function toMillis(value: unknown, field: Field): number {
  let t = NaN;
  if (value instanceof Date) t = value.getTime();
  else if (typeof value === "string") {
    const m = ISO.exec(value);
    if (m) {
      // Without an offset the time is UTC (luxon's zone here); JS would read it as local.
      t = Date.parse(m[4] !== undefined && m[8] === undefined ? value + "Z" : value);
      const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
      // Date.parse rolls 2023-02-30 over to March; a date that does not round-trip is invalid.
      if (d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) t = NaN;
    }
  }
  if (Number.isFinite(t) && t >= MIN_MS && t <= MAX_MS) return t;
  return toDateTime(value, field).toMillis();
}

/** Accepts a luxon DateTime, a JS Date or an ISO string (UTC unless it says otherwise). */
function toDateTime(value: unknown, field: Field): DateTime {
  let d: DateTime;
  if (DateTime.isDateTime(value)) d = value;
  else if (value instanceof Date) d = DateTime.fromJSDate(value, { zone: "utc" });
  else if (typeof value === "string") d = DateTime.fromISO(value, { zone: "utc" });
  else {
    throw new AnalyticsInputError(
      field,
      `expected an ISO date such as "2023-01-01", got ${typeof value === "object" ? JSON.stringify(value) : String(value)}`,
    );
  }
  if (!d.isValid) {
    throw new AnalyticsInputError(
      field,
      `"${String(value)}" is not a valid date (${d.invalidExplanation ?? d.invalidReason}); write an ISO date such as "2023-01-01"`,
    );
  }
  if (d < MIN_DATE || d > MAX_DATE) {
    throw new AnalyticsInputError(field, `${d.toISO()} is outside 1970-01-01 … 2100-12-31; check the year`);
  }
  return d.toUTC();
}

export function toPath(value: unknown, field: Field): AnalyticsPath {
  // A path built by the caller is checked like a parsed one: same length limit, no NUL.
  const text = value instanceof AnalyticsPath ? value.toString() : value;
  if (typeof text === "string") checkText(text, field, "path", MAX_PATH_LENGTH);
  return value instanceof AnalyticsPath ? value : AnalyticsPath.fromString(text as string, field);
}

/**
 * Postgres text cannot hold a NUL character (it fails with an encoding error and no field), and
 * a runaway length is almost always a paste gone wrong: both are refused here, by name.
 */
export function checkText(value: string, field: Field, what: string, limit: number): void {
  if (value.length > limit)
    throw new AnalyticsInputError(field, `${what} is ${value.length} characters long; the limit is ${limit}`);
  if (value.includes("\u0000"))
    throw new AnalyticsInputError(
      field,
      `${what} contains a NUL character (\\u0000), which the database cannot store; remove it`,
    );
}

export function checkName(value: unknown, field: Field, what: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new AnalyticsInputError(
      field,
      `${what} must be a non-empty string, got ${JSON.stringify(value) ?? String(value)}`,
    );
  }
  checkText(value, field, what, MAX_NAME_LENGTH);
  return value;
}

/** Metrics are stored PascalCase: each word's first letter upper-cased, white space removed (`budget` → `Budget`). */
export function toPascalCase(metric: string): string {
  return metric.replace(/[\p{L}\p{N}_]+/gu, (w) => w[0].toUpperCase() + w.slice(1)).replace(/\s+/g, "");
}

/** Checks a typed series query and returns it with metrics normalised. Throws AnalyticsInputError naming the field. */
export function validateSeriesQuery<Q extends AnalyticsSeriesQuery>(query: Q): Q {
  if (!query || typeof query !== "object") throw new AnalyticsInputError("query", "expected a query object");
  if (!Array.isArray(query.metrics) || query.metrics.length === 0) {
    throw new AnalyticsInputError("metrics", 'list at least one metric, e.g. ["Budget"]');
  }
  const metrics = query.metrics.map((m, i) => toPascalCase(checkName(m, `metrics[${i}]`, "a metric")));
  const start = query.start == null ? null : toDateTime(query.start, "start");
  const end = query.end == null ? null : toDateTime(query.end, "end");
  if (start && end && start >= end) {
    throw new AnalyticsInputError("end", `end (${end.toISODate()}) must be after start (${start.toISODate()})`);
  }
  if (!query.select || typeof query.select !== "object" || Array.isArray(query.select)) {
    throw new AnalyticsInputError("select", 'expected an object of dimension → paths, e.g. { "budget": ["atlas"] }');
  }
  const select: Record<string, AnalyticsPath[]> = {};
  for (const [dim, paths] of Object.entries(query.select)) {
    checkName(dim, `select.${dim}`, "a dimension name");
    if (!Array.isArray(paths)) {
      throw new AnalyticsInputError(`select.${dim}`, 'expected a list of paths, e.g. ["atlas/legacy"]');
    }
    select[dim] = paths.map((p, i) => toPath(p, `select.${dim}[${i}]`));
  }
  const currency = query.currency == null ? undefined : toPath(query.currency, "currency");
  return { ...query, metrics, start, end, select, currency };
}

export function validateQuery(query: AnalyticsQuery): AnalyticsQuery {
  const q = validateSeriesQuery(query);
  if (!Object.values(AnalyticsGranularity).includes(q.granularity)) {
    throw new AnalyticsInputError(
      "granularity",
      `unknown granularity ${JSON.stringify(q.granularity)}; use one of total, annual, semiAnnual, quarterly, monthly, weekly, daily, hourly`,
    );
  }
  const lod = q.lod ?? {};
  if (typeof lod !== "object" || Array.isArray(lod)) {
    throw new AnalyticsInputError("lod", 'expected an object of dimension → level, e.g. { "budget": 2 }');
  }
  for (const [dim, level] of Object.entries(lod)) {
    if (!(dim in q.select)) {
      throw new AnalyticsInputError(`lod.${dim}`, `"${dim}" is not in select; add it to select or remove its lod`);
    }
    if (level !== null && (typeof level !== "number" || !Number.isInteger(level) || level < 0 || level > 100)) {
      throw new AnalyticsInputError(
        `lod.${dim}`,
        `level of detail must be a whole number from 0 to 100 (or null), got ${JSON.stringify(level)}`,
      );
    }
  }
  return { ...q, lod };
}
