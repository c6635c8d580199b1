import { AnalyticsInputError, fieldName, type Field } from "./errors.js";
import type { AnalyticsPath } from "./path.js";
import type { AnalyticsSeriesInput, DimensionMetadataInput } from "./types.js";
import { checkName, checkText, toMillis, toPascalCase, toPath } from "./validate.js";

const SERIES_FUNCTIONS = ["Single", "DssVest"] as const;
type SeriesFunction = (typeof SERIES_FUNCTIONS)[number];

const MAX_TEXT_LENGTH = 10_000;

/** A series input checked and put in the form the tables store (paths with a trailing `/`). */
export type NormalizedSeries = {
  sourcePath: AnalyticsPath;
  source: string;
  /** Epoch ms. */
  start: number;
  end: number | null;
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
  checkText(value, field, "text", MAX_TEXT_LENGTH);
  return value;
}

/**
 * Checks each distinct value once per batch: a batch repeats a few hundred paths, dates, metric
 * and dimension names over thousands of series, and re-parsing them was most of validation time.
 */
export class InputCache {
  private readonly parsed = new Map<unknown, { path: AnalyticsPath; stored: string }>();
  private readonly metrics = new Map<unknown, string>();
  private readonly dates = new Map<string, number>();

  /** Epoch ms of a date; ISO strings are parsed once per distinct text. */
  millis(value: unknown, field: Field): number {
    if (typeof value !== "string") return toMillis(value, field);
    let t = this.dates.get(value);
    if (t === undefined) this.dates.set(value, (t = toMillis(value, field)));
    return t;
  }

  private readonly dimensions = new Map<string, Map<unknown, { name: string; path: string }>>();

  /**
   * A dimension's name and stored path, checked once per distinct value. Series share the
   * returned object: it must not be changed.
   */
  dimension(name: string, path: unknown): { name: string; path: string } {
    let byPath = this.dimensions.get(name);
    if (byPath === undefined) {
      checkName(name, `dimensions.${name}`, "a dimension name");
      this.dimensions.set(name, (byPath = new Map()));
    }
    let out = byPath.get(path);
    if (out === undefined) {
      const field = `dimensions.${name}`;
      const p = this.get(path, field);
      if (p.path.segments.length === 0)
        throw new AnalyticsInputError(field, 'path must have at least one segment, e.g. "atlas"');
      byPath.set(path, (out = { name, path: p.stored }));
    }
    return out;
  }

  private readonly units = new Set<unknown>();

  /** A unit, checked once per distinct value. */
  unit(value: unknown, field: Field): string {
    if (!this.units.has(value)) {
      checkName(value, field, "unit");
      this.units.add(value);
    }
    return value as string;
  }

  /** The stored (PascalCase) form of a metric, checked once per distinct name. */
  metric(value: unknown, field: Field): string {
    let out = this.metrics.get(value);
    if (out === undefined) this.metrics.set(value, (out = toPascalCase(checkName(value, field, "metric"))));
    return out;
  }

  get(value: unknown, field: Field): { path: AnalyticsPath; stored: string } {
    let hit = this.parsed.get(value);
    if (!hit) {
      const path = toPath(value, field);
      hit = { path, stored: path.toString("/") };
      this.parsed.set(value, hit);
    }
    return hit;
  }
}

const isoOf = (t: number) => new Date(t).toISOString();

function functionNamed(name: unknown): SeriesFunction {
  const fn = SERIES_FUNCTIONS.find((f) => f.toLowerCase() === String(name).toLowerCase());
  if (!fn) throw new AnalyticsInputError("fn", `unknown function "${String(name)}"; use "Single" or "DssVest"`);
  return fn;
}

/**
 * Validates one input; `at` prefixes field names (`inputs[3]`) so a batch error says which
 * input. Checks use field names relative to the input and get the prefix only when they fail:
 * ingest validates every series, and building names for the happy path cost a third of it.
 */
export function normalizeSeriesInput(
  input: AnalyticsSeriesInput,
  at: Field,
  cache = new InputCache(),
): NormalizedSeries {
  try {
    return normalize(input, cache);
  } catch (e) {
    if (e instanceof AnalyticsInputError) throw e.under(fieldName(at));
    throw e;
  }
}

/** Validates a batch; the first invalid input fails it, its fields named under `inputs[i]`. */
export function normalizeSeriesInputs(inputs: AnalyticsSeriesInput[], cache = new InputCache()): NormalizedSeries[] {
  const out = new Array<NormalizedSeries>(inputs.length);
  let i = 0;
  try {
    for (; i < inputs.length; i++) out[i] = normalize(inputs[i], cache);
  } catch (e) {
    if (e instanceof AnalyticsInputError) throw e.under(`inputs[${i}]`);
    throw e;
  }
  return out;
}

/** Most series carry no metadata: they share this (never changed) empty list. */
const NO_METADATA: NormalizedSeries["metadata"] = [];

function normalize(input: AnalyticsSeriesInput, paths: InputCache): NormalizedSeries {
  if (!input || typeof input !== "object") throw new AnalyticsInputError("", "expected a series object");
  const start = paths.millis(input.start, "start");
  const end = input.end == null ? null : paths.millis(input.end, "end");
  if (end !== null && end <= start) {
    throw new AnalyticsInputError("end", `end (${isoOf(end)}) must be after start (${isoOf(start)})`);
  }
  const { path: sourcePath, stored: source } = paths.get(input.source, "source");
  if (sourcePath.segments.length === 0)
    throw new AnalyticsInputError("source", 'source must be a non-empty path such as "powerhouse/budgets"');
  const metric = paths.metric(input.metric, "metric");
  if (typeof input.value !== "number" || !Number.isFinite(input.value)) {
    throw new AnalyticsInputError("value", `value must be a finite number, got ${String(input.value)}`);
  }
  const unit = input.unit == null ? null : paths.unit(input.unit, "unit");
  const fn = input.fn == null || input.fn === "Single" ? "Single" : functionNamed(input.fn);
  // A copy: the cliff is rewritten to canonical ISO below, and the caller's object stays theirs.
  const params =
    input.params == null
      ? null
      : typeof input.params === "object" && !Array.isArray(input.params)
        ? { ...input.params }
        : input.params;
  if (params !== null && (typeof params !== "object" || Array.isArray(params))) {
    throw new AnalyticsInputError("params", 'params must be an object such as { "cliff": "2023-06-01" } or null');
  }
  if (fn === "DssVest") {
    if (end === null) throw new AnalyticsInputError("end", "a DssVest series vests from start to end; give an end");
    if (params?.cliff != null) {
      const cliff = toMillis(params.cliff, "params.cliff");
      if (cliff < start || cliff > end) {
        throw new AnalyticsInputError(
          "params.cliff",
          `cliff (${isoOf(cliff)}) must lie between start (${isoOf(start)}) and end (${isoOf(end)})`,
        );
      }
      params.cliff = isoOf(cliff);
    }
  }
  if (!input.dimensions || typeof input.dimensions !== "object" || Array.isArray(input.dimensions)) {
    throw new AnalyticsInputError(
      "dimensions",
      'expected an object of dimension → path, e.g. { "budget": "atlas/legacy" }',
    );
  }
  const dimensions: { name: string; path: string }[] = [];
  for (const name in input.dimensions) dimensions.push(paths.dimension(name, input.dimensions[name]));
  const metadata = input.dimensionMetadata == null ? NO_METADATA : normalizeMetadata(input, dimensions, paths);
  return {
    sourcePath,
    source,
    start,
    end,
    metric,
    value: input.value,
    unit,
    fn,
    params: params as Record<string, unknown> | null,
    dimensions,
    metadata,
  };
}

function normalizeMetadata(
  input: AnalyticsSeriesInput,
  dimensions: NormalizedSeries["dimensions"],
  paths: InputCache,
): NormalizedSeries["metadata"] {
  const metaInputs = ([] as DimensionMetadataInput[]).concat(input.dimensionMetadata ?? []);
  return metaInputs.flatMap((m, i) => {
    const field = `dimensionMetadata${Array.isArray(input.dimensionMetadata) ? `[${i}]` : ""}`;
    if (!m || typeof m !== "object")
      throw new AnalyticsInputError(field, "expected { path, icon, label, description }");
    const path = paths.get(m.path, `${field}.path`).stored;
    const owners = dimensions.filter((d) => d.path === path);
    if (owners.length === 0) {
      throw new AnalyticsInputError(
        `${field}.path`,
        `"${path.slice(0, -1)}" is not one of this series' dimension paths; metadata describes a path the series uses`,
      );
    }
    const icon = optionalText(m.icon, `${field}.icon`);
    const label = optionalText(m.label, `${field}.label`);
    const description = optionalText(m.description, `${field}.description`);
    return owners.map((d) => ({ name: d.name, path, icon, label, description }));
  });
}
