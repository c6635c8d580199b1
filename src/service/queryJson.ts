import { parse as parseJsonc, type ParseError } from "jsonc-parser";
import { DateTime } from "luxon";
import {
  AnalyticsInputError,
  AnalyticsPath,
  granularityFromName,
  granularityNames,
  validateQuery,
  type AnalyticsGranularity,
  type AnalyticsQuery,
} from "../engine/index.js";
import type { QueryJson } from "../rpc/protocol.js";

const KEYS = ["metrics", "currency", "select", "lod", "granularity", "start", "end", "conversions"] as const;
const NAMES = Object.values(granularityNames);

/** Where a JSON syntax error is: the message and the 0-based offset V8 reports. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number | undefined,
  ) {
    super(message);
    this.name = "JsonSyntaxError";
  }
}

/** Parses editor text; a syntax error keeps its character offset so the editor can mark it. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /position (\d+)/.exec(message);
    const line = /line (\d+) column (\d+)/.exec(message);
    let position = at ? Number(at[1]) : undefined;
    if (position === undefined && line) position = offsetOf(text, Number(line[1]), Number(line[2]));
    // Newer V8 messages quote the text instead of giving a position ("Unexpected token '}', ...").
    if (position === undefined) position = firstSyntaxError(text);
    if (position === undefined && text.trim() === "") position = 0;
    throw new JsonSyntaxError(`Invalid JSON: ${message}`, position);
  }
}

function firstSyntaxError(text: string): number | undefined {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return errors[0]?.offset;
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) offset = text.indexOf("\n", offset) + 1;
  return offset + column - 1;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const show = (v: unknown) => (v === undefined ? "nothing" : JSON.stringify(v));

function date(value: unknown, field: string): DateTime | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "string")
    throw new AnalyticsInputError(field, `expected an ISO date string such as "2023-01-01", got ${show(value)}`);
  const d = DateTime.fromISO(value, { zone: "utc" });
  if (!d.isValid)
    throw new AnalyticsInputError(
      field,
      `"${value}" is not a valid ISO date (${d.invalidExplanation ?? d.invalidReason}); write e.g. "2023-01-01"`,
    );
  return d;
}

/** The engine checks a path's length only when it gets text; the paths made here get the same limit. */
const MAX_PATH_LENGTH = 2000;
function path(value: unknown, field: string): AnalyticsPath {
  if (typeof value === "string" && value.length > MAX_PATH_LENGTH)
    throw new AnalyticsInputError(field, `path is ${value.length} characters long; the limit is ${MAX_PATH_LENGTH}`);
  return AnalyticsPath.fromString(value as string, field);
}

function granularity(value: unknown): AnalyticsGranularity {
  const found = typeof value === "string" ? granularityFromName(value) : undefined;
  if (found === undefined)
    throw new AnalyticsInputError("granularity", `unknown granularity ${show(value)}; use one of ${NAMES.join(", ")}`);
  return found;
}

/** Longer lists reach Postgres as more bind parameters than one statement takes (65,535): refused here, by name. */
const MAX_LIST = 1000;
function checkLength(list: unknown[], field: string): void {
  if (list.length > MAX_LIST)
    throw new AnalyticsInputError(
      field,
      `has ${list.length.toLocaleString("en-US")} entries, over the ${MAX_LIST.toLocaleString("en-US")} a query takes: ask for fewer`,
    );
}

/**
 * The editor's JSON → a validated engine query. Errors are AnalyticsInputError with `field`
 * in the engine's notation (`select.budget[0]`, `lod.budget`, `end`), for editor markers.
 */
export function queryFromJson(json: unknown): AnalyticsQuery {
  if (!isObject(json))
    throw new AnalyticsInputError(
      "",
      `the query must be a JSON object, got ${Array.isArray(json) ? "an array" : show(json)}`,
    );
  for (const key of Object.keys(json)) {
    if (!(KEYS as readonly string[]).includes(key))
      throw new AnalyticsInputError(key, `unknown field "${key}"; the query has ${KEYS.join(", ")}`);
  }
  if (!Array.isArray(json.metrics))
    throw new AnalyticsInputError(
      "metrics",
      `expected a list of metric names such as ["Budget"], got ${show(json.metrics)}`,
    );
  checkLength(json.metrics, "metrics");
  if (!isObject(json.select))
    throw new AnalyticsInputError(
      "select",
      `expected an object of dimension → paths such as { "budget": ["atlas"] }, got ${show(json.select)}`,
    );
  const select: Record<string, AnalyticsPath[]> = {};
  for (const [dim, paths] of Object.entries(json.select)) {
    if (!Array.isArray(paths))
      throw new AnalyticsInputError(
        `select.${dim}`,
        `expected a list of paths such as ["atlas/legacy"], got ${show(paths)}`,
      );
    checkLength(paths, `select.${dim}`);
    select[dim] = paths.map((p, i) => path(p, `select.${dim}[${i}]`));
  }
  if (json.lod !== undefined && json.lod !== null && !isObject(json.lod)) {
    throw new AnalyticsInputError(
      "lod",
      `expected an object of dimension → level such as { "budget": 3 }, got ${show(json.lod)}`,
    );
  }
  const currency = json.currency === undefined || json.currency === null ? undefined : path(json.currency, "currency");
  const query: AnalyticsQuery = {
    metrics: json.metrics as string[],
    currency,
    select,
    lod: (json.lod ?? {}) as Record<string, number | null>,
    granularity: granularity(json.granularity),
    start: date(json.start, "start"),
    end: date(json.end, "end"),
  };
  return validateQuery(query);
}

/** A validated query back in the editor's notation. */
export function queryToJson(q: AnalyticsQuery): QueryJson {
  return {
    metrics: q.metrics,
    currency: q.currency?.toString() ?? null,
    select: Object.fromEntries(Object.entries(q.select).map(([d, paths]) => [d, paths.map((p) => p.toString())])),
    lod: q.lod,
    granularity: granularityNames[q.granularity],
    start: q.start?.toISODate() ?? null,
    end: q.end?.toISODate() ?? null,
  };
}

/**
 * The query's optional `conversions` (multi-currency), checked: each names a price metric and the
 * currency it converts from; the query's `currency` is the target. Undefined when there are none.
 */
export function conversionsFromJson(json: unknown): { metric: string; currency: AnalyticsPath }[] | undefined {
  if (!isObject(json) || json.conversions === undefined || json.conversions === null) return undefined;
  const list = json.conversions;
  if (!Array.isArray(list))
    throw new AnalyticsInputError(
      "conversions",
      `expected a list such as [{ "metric": "MKR-DAI", "currency": "MKR" }], got ${show(list)}`,
    );
  if (list.length === 0) return undefined;
  if (typeof json.currency !== "string" || json.currency === "")
    throw new AnalyticsInputError("currency", 'conversions convert into the query\'s currency: name one, e.g. "DAI"');
  return list.map((c: unknown, i) => {
    if (!isObject(c) || typeof c.metric !== "string" || c.metric === "")
      throw new AnalyticsInputError(
        `conversions[${i}].metric`,
        `expected a price metric name such as "MKR-DAI", got ${show(isObject(c) ? c.metric : c)}`,
      );
    if (typeof c.currency !== "string" || c.currency === "")
      throw new AnalyticsInputError(
        `conversions[${i}].currency`,
        `expected the currency converted from, such as "MKR", got ${show(c.currency)}`,
      );
    return { metric: c.metric, currency: path(c.currency, `conversions[${i}].currency`) };
  });
}

/** Conversions back in the editor's notation. */
export const conversionsToJson = (
  list: { metric: string; currency?: AnalyticsPath }[],
): NonNullable<QueryJson["conversions"]> =>
  list.map((c) => ({ metric: c.metric, currency: c.currency?.toString() ?? "" }));
