import { AnalyticsInputError } from "./errors.js";
import type { AnalyticsPath } from "./path.js";
import type { AnalyticsSeriesInput, DimensionMetadataInput } from "./types.js";
import { checkName, toMillis, toPascalCase, toPath } from "./validate.js";

export const SERIES_FUNCTIONS = ["Single", "DssVest"] as const;
export type SeriesFunction = (typeof SERIES_FUNCTIONS)[number];

const MAX_TEXT_LENGTH = 10_000;

/** A series input checked and put in the form the tables store (paths with a trailing `/`). */
export type NormalizedSeries = {
  sourcePath: AnalyticsPath;
  source: string;
  start: Date;
  end: Date | null;
  metric: string;
  value: number;
  unit: string | null;
  fn: SeriesFunction;
  params: Record<string, unknown> | null;
  dimensions: Array<{ name: string; path: string }>;
  metadata: Array<{ name: string; path: string; icon: string; label: string; description: string }>;
};

function optionalText(value: unknown, field: string): string {
  if (value == null) return "";
  if (typeof value !== "string") throw new AnalyticsInputError(field, `expected text, got ${typeof value}`);
  if (value.length > MAX_TEXT_LENGTH) {
    throw new AnalyticsInputError(field, `text is ${value.length} characters long; the limit is ${MAX_TEXT_LENGTH}`);
  }
  return value;
}

/**
 * Parses paths once per batch: a batch repeats a few hundred distinct paths over thousands of
 * series, and parsing was most of the validation time.
 */
export class PathCache {
  private readonly parsed = new Map<unknown, { path: AnalyticsPath; stored: string }>();
  private readonly metrics = new Map<unknown, string>();

  /** The stored (PascalCase) form of a metric, checked once per distinct name. */
  metric(value: unknown, field: string): string {
    let out = this.metrics.get(value);
    if (out === undefined) this.metrics.set(value, (out = toPascalCase(checkName(value, field, "metric"))));
    return out;
  }

  get(value: unknown, field: string): { path: AnalyticsPath; stored: string } {
    let hit = this.parsed.get(value);
    if (!hit) {
      const path = toPath(value, field);
      hit = { path, stored: path.toString("/") };
      this.parsed.set(value, hit);
    }
    return hit;
  }
}

/** Validates one input; `at` prefixes field names (`inputs[3]`) so a batch error says which input. */
export function normalizeSeriesInput(input: AnalyticsSeriesInput, at: string, paths = new PathCache()): NormalizedSeries {
  if (!input || typeof input !== "object") throw new AnalyticsInputError(at, "expected a series object");
  const start = toMillis(input.start, `${at}.start`);
  const end = input.end == null ? null : toMillis(input.end, `${at}.end`);
  const isoOf = (t: number) => new Date(t).toISOString();
  if (end !== null && end <= start) {
    throw new AnalyticsInputError(`${at}.end`, `end (${isoOf(end)}) must be after start (${isoOf(start)})`);
  }
  const { path: sourcePath, stored: source } = paths.get(input.source, `${at}.source`);
  if (sourcePath.segments.length === 0) throw new AnalyticsInputError(`${at}.source`, 'source must be a non-empty path such as "powerhouse/budgets"');
  const metric = paths.metric(input.metric, `${at}.metric`);
  if (typeof input.value !== "number" || !Number.isFinite(input.value)) {
    throw new AnalyticsInputError(`${at}.value`, `value must be a finite number, got ${String(input.value)}`);
  }
  const unit = input.unit == null ? null : checkName(input.unit, `${at}.unit`, "unit");
  const fnName = input.fn == null ? "Single" : String(input.fn);
  const fn = SERIES_FUNCTIONS.find((f) => f.toLowerCase() === fnName.toLowerCase());
  if (!fn) throw new AnalyticsInputError(`${at}.fn`, `unknown function "${fnName}"; use "Single" or "DssVest"`);
  // A copy: the cliff is rewritten to canonical ISO below, and the caller's object stays theirs.
  const params = input.params == null ? null : typeof input.params === "object" && !Array.isArray(input.params) ? { ...input.params } : input.params;
  if (params !== null && (typeof params !== "object" || Array.isArray(params))) {
    throw new AnalyticsInputError(`${at}.params`, 'params must be an object such as { "cliff": "2023-06-01" } or null');
  }
  if (fn === "DssVest") {
    if (end === null) throw new AnalyticsInputError(`${at}.end`, "a DssVest series vests from start to end; give an end");
    if (params?.cliff != null) {
      const cliff = toMillis(params.cliff, `${at}.params.cliff`);
      if (cliff < start || cliff > end) {
        throw new AnalyticsInputError(`${at}.params.cliff`, `cliff (${isoOf(cliff)}) must lie between start (${isoOf(start)}) and end (${isoOf(end)})`);
      }
      params.cliff = isoOf(cliff);
    }
  }
  if (!input.dimensions || typeof input.dimensions !== "object" || Array.isArray(input.dimensions)) {
    throw new AnalyticsInputError(`${at}.dimensions`, 'expected an object of dimension → path, e.g. { "budget": "atlas/legacy" }');
  }
  const dimensions = Object.entries(input.dimensions).map(([name, path]) => {
    const field = `${at}.dimensions.${name}`;
    checkName(name, field, "a dimension name");
    const p = paths.get(path, field);
    if (p.path.segments.length === 0) throw new AnalyticsInputError(field, 'path must have at least one segment, e.g. "atlas"');
    return { name, path: p.stored };
  });
  const metaInputs: DimensionMetadataInput[] = input.dimensionMetadata == null ? [] : ([] as DimensionMetadataInput[]).concat(input.dimensionMetadata);
  const metadata = metaInputs.flatMap((m, i) => {
    const field = `${at}.dimensionMetadata${Array.isArray(input.dimensionMetadata) ? `[${i}]` : ""}`;
    if (!m || typeof m !== "object") throw new AnalyticsInputError(field, "expected { path, icon, label, description }");
    const path = paths.get(m.path, `${field}.path`).stored;
    const owners = dimensions.filter((d) => d.path === path);
    if (owners.length === 0) {
      throw new AnalyticsInputError(`${field}.path`, `"${path.slice(0, -1)}" is not one of this series' dimension paths; metadata describes a path the series uses`);
    }
    const icon = optionalText(m.icon, `${field}.icon`);
    const label = optionalText(m.label, `${field}.label`);
    const description = optionalText(m.description, `${field}.description`);
    return owners.map((d) => ({ name: d.name, path, icon, label, description }));
  });
  return {
    sourcePath,
    source,
    start: new Date(start),
    end: end === null ? null : new Date(end),
    metric,
    value: input.value,
    unit,
    fn,
    params: params as Record<string, unknown> | null,
    dimensions,
    metadata,
  };
}
