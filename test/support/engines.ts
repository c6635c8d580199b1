/**
 * Both engines behind one small interface, for the differential test and the benchmark.
 *
 * A query is written once as a `QuerySpec` (ISO strings, plain path strings, granularity
 * number) and converted for each engine; results are normalised to `NormalizedPeriod`s
 * (period label, rows sorted by dimension paths, metric, unit) so that they compare directly.
 * The reference (@powerhousedao/analytics-engine-*@0.6.4) is only called, never copied.
 */
import {
  AnalyticsPath as RefAnalyticsPath,
  AnalyticsQueryEngine as RefAnalyticsQueryEngine,
  type AnalyticsQuery as RefAnalyticsQuery,
  type AnalyticsSeriesInput as RefAnalyticsSeriesInput,
} from "@powerhousedao/analytics-engine-core";
import { MemoryAnalyticsStore as RefMemoryAnalyticsStore } from "@powerhousedao/analytics-engine-browser";
import { DateTime } from "luxon";
import { PGlite as RefPGlite } from "pglite-ref";
import { toQuery, type QuerySpec } from "../../bench/workload.js";
import {
  AnalyticsQueryEngine,
  MemoryAnalyticsStore,
  type AnalyticsSeriesInput,
  type DateInput,
} from "../../src/engine/index.js";

/** One query for either engine. Dates are ISO strings (UTC); paths are plain strings. */
export type { QuerySpec };

type NormalizedRow = { dimensions: string[]; metric: string; unit: string | null; value: number; sum: number };
export type NormalizedPeriod = { period: string; rows: NormalizedRow[] };

/** What both engines can do, as the test and the bench use them. */
export type EngineHandle = {
  name: "ours" | "reference";
  /** One `addSeriesValues` call (the reference's inputs are converted before the call). */
  ingest(inputs: AnalyticsSeriesInput[]): Promise<void>;
  /** Converts the inputs to what `ingest` passes on, so that a benchmark can leave conversion out of the timing. */
  prepare(inputs: AnalyticsSeriesInput[]): () => Promise<void>;
  query(spec: QuerySpec): Promise<NormalizedPeriod[]>;
  /** `execute` alone, without normalising the result: what a benchmark times. */
  execute(spec: QuerySpec): Promise<unknown>;
  destroy(): Promise<void>;
  /** ANALYZE every table (the reference never does, and PGlite runs no autovacuum). */
  analyze?(): Promise<void>;
};

const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });

function isoOf(d: DateInput): string {
  if (typeof d === "string") return d;
  if (d instanceof Date) return d.toISOString();
  return d.toUTC().toISO()!;
}

/** Rows in a stable order: dimension paths, then metric, then unit. */
function sortRows(rows: NormalizedRow[]): NormalizedRow[] {
  const key = (r: NormalizedRow) => JSON.stringify([r.dimensions, r.metric, r.unit]);
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

type AnyResult = {
  period: string;
  rows: Array<{
    dimensions: Record<string, { path: unknown }>;
    metric: string;
    unit: string | null;
    value: number;
    sum: number;
  }>;
};

/** Only the compared fields: labels, dimension paths (as strings), metric, unit, value, sum. */
export function normalize(results: AnyResult[], dimensions: string[]): NormalizedPeriod[] {
  return results.map((p) => ({
    period: p.period,
    rows: sortRows(
      p.rows.map((r) => ({
        // The reference puts a plain string where its type says AnalyticsPath; String() reads both.
        dimensions: dimensions.map((d) => String(r.dimensions[d]?.path)),
        metric: r.metric,
        unit: r.unit,
        value: r.value,
        sum: r.sum,
      })),
    ),
  }));
}

export const toOurQuery = toQuery;

function toRefQuery(spec: QuerySpec): RefAnalyticsQuery {
  return {
    start: spec.start ? utc(spec.start) : null,
    end: spec.end ? utc(spec.end) : null,
    // Same numbering in both enums (Total = 0 … Hourly = 7).
    granularity: spec.granularity as number as RefAnalyticsQuery["granularity"],
    metrics: spec.metrics,
    currency: spec.currency ? RefAnalyticsPath.fromString(spec.currency) : undefined,
    select: Object.fromEntries(
      Object.entries(spec.select).map(([d, paths]) => [d, paths.map((p) => RefAnalyticsPath.fromString(p))]),
    ),
    lod: { ...spec.lod },
  };
}

/** The reference wants its own AnalyticsPath and luxon DateTimes; metadata is left out (never compared). */
function toRefInput(input: AnalyticsSeriesInput): RefAnalyticsSeriesInput {
  return {
    start: utc(isoOf(input.start)),
    end: input.end == null ? null : utc(isoOf(input.end)),
    source: RefAnalyticsPath.fromString(String(input.source)),
    metric: input.metric,
    value: input.value,
    unit: input.unit ?? null,
    fn: input.fn ?? "Single",
    params: input.params ?? null,
    dimensions: Object.fromEntries(
      Object.entries(input.dimensions).map(([d, p]) => [d, RefAnalyticsPath.fromString(String(p))]),
    ),
  };
}

export async function createOurs(): Promise<
  EngineHandle & { store: MemoryAnalyticsStore; engine: AnalyticsQueryEngine }
> {
  const store = new MemoryAnalyticsStore();
  await store.init();
  const engine = new AnalyticsQueryEngine(store);
  return {
    name: "ours",
    store,
    engine,
    ingest: (inputs) => store.addSeriesValues(inputs),
    prepare: (inputs) => () => store.addSeriesValues(inputs),
    query: async (spec) => normalize(await engine.execute(toOurQuery(spec)), Object.keys(spec.select)),
    execute: (spec) => engine.execute(toOurQuery(spec)),
    destroy: () => store.destroy(),
  };
}

export async function createReference(): Promise<
  EngineHandle & { store: RefMemoryAnalyticsStore; engine: RefAnalyticsQueryEngine }
> {
  // pglite-ref is the same PGlite release the reference bundles (0.3.15), installed under another
  // path: TypeScript sees two declarations of one class, hence the cast.
  let db: RefPGlite | null = null;
  const create = async () => (db = await RefPGlite.create());
  const pgLiteFactory = create as unknown as NonNullable<
    ConstructorParameters<typeof RefMemoryAnalyticsStore>[0]
  >["pgLiteFactory"];
  const store = new RefMemoryAnalyticsStore({ pgLiteFactory });
  await store.init();
  const engine = new RefAnalyticsQueryEngine(store);
  return {
    name: "reference",
    store,
    engine,
    ingest: (inputs) => store.addSeriesValues(inputs.map(toRefInput)),
    prepare: (inputs) => {
      const converted = inputs.map(toRefInput);
      return () => store.addSeriesValues(converted);
    },
    query: async (spec) => normalize((await engine.execute(toRefQuery(spec))) as AnyResult[], Object.keys(spec.select)),
    execute: (spec) => engine.execute(toRefQuery(spec)),
    destroy: () => store.destroy(),
    analyze: async () => void (await db!.exec("analyze")),
  };
}
