/**
 * The bench's small-work scenarios, each run in a child process of bench/run.ts: writes of 1, 10,
 * 100 and 1,000 series per `addSeriesValues` call, and queries on small and real-shaped stores.
 */
import { generateDemoSeries } from "../src/demo/generator.js";
import { createOurs, createReference, type EngineHandle } from "../test/support/engines.js";
import { generateRealShapedSeries, realShapedQueries } from "./realShaped.js";
import { DEMO_DEFAULT_MONTHLY, dashboardQueries, percentile, type QuerySpec } from "./workload.js";

export type Engine = "ours" | "reference" | "reference-analyzed";

/** Series already in the store before the timed writes. */
const WRITE_BASE = 2_000;
const WRITE_SIZES = [1, 10, 100, 1_000];

type WriteRow = { perCall: number; calls: number; medianMs: number; seriesPerSecond: number };
export type WritesResult = { engine: Engine; rows: WriteRow[] };

export type StoreQueriesResult = {
  engine: Engine;
  workload: "demo" | "real-shaped";
  size: number;
  paths: number;
  queries: number;
  /** Over every timed query (two passes over the list). */
  p50: number;
  p95: number;
  max: number;
  /** The largest of the two passes alone: the first query after the load (a cold start) left out. */
  maxAfterFirst: number;
  /** The first query after the load, and the median of queries right after a one-series write. */
  firstMs: number;
  afterWriteMs: number;
};

const create = (engine: Engine) => (engine === "ours" ? createOurs() : createReference());

/** Calls per write size: fewer for the reference's large calls, which take seconds. */
function callsFor(engine: Engine, perCall: number): number {
  const calls = perCall === 1 ? 200 : perCall === 10 ? 100 : perCall === 100 ? 30 : 10;
  return engine === "ours" ? calls : Math.max(4, Math.floor(calls / 3));
}

export async function runWrites(engine: Engine): Promise<WritesResult> {
  const handle = await create(engine);
  await handle.ingest(generateDemoSeries({ seed: 42, count: WRITE_BASE }));
  const total = WRITE_SIZES.reduce((n, k) => n + k * callsFor(engine, k), 0);
  const pool = generateDemoSeries({ seed: 43, count: total });
  let at = 0;
  const rows: WriteRow[] = [];
  for (const perCall of WRITE_SIZES) {
    const calls = callsFor(engine, perCall);
    const batches = Array.from({ length: calls }, () => handle.prepare(pool.slice(at, (at += perCall))));
    const ms: number[] = [];
    for (const write of batches) {
      const t0 = performance.now();
      await write();
      ms.push(performance.now() - t0);
    }
    const medianMs = percentile(ms, 50);
    rows.push({ perCall, calls, medianMs, seriesPerSecond: perCall / (medianMs / 1000) });
  }
  await handle.destroy();
  return { engine, rows };
}

async function timeAll(handle: EngineHandle, specs: QuerySpec[]): Promise<number[]> {
  const ms: number[] = [];
  for (const spec of specs) {
    const t0 = performance.now();
    await handle.execute(spec);
    ms.push(performance.now() - t0);
  }
  return ms;
}

/** Loads a store, then times its queries: the first one, two passes over all, and queries right after a write. */
export async function runStoreQueries(
  engine: Engine,
  workload: StoreQueriesResult["workload"],
  size: number,
): Promise<StoreQueriesResult> {
  const handle = await create(engine);
  const inputs = workload === "demo" ? generateDemoSeries({ seed: 42, count: size }) : generateRealShapedSeries(size);
  const specs = workload === "demo" ? [DEMO_DEFAULT_MONTHLY, ...dashboardQueries(36)] : realShapedQueries(40);
  await handle.ingest(inputs);
  if (engine === "reference-analyzed") await handle.analyze!();
  const [firstMs] = await timeAll(handle, specs.slice(0, 1));
  const ms = [...(await timeAll(handle, specs)), ...(await timeAll(handle, specs))];
  const extra = workload === "demo" ? generateDemoSeries({ seed: 44, count: 5 }) : generateRealShapedSeries(5, 12);
  const afterWrite: number[] = [];
  for (const [i, input] of extra.entries()) {
    await handle.ingest([input]);
    afterWrite.push(...(await timeAll(handle, [specs[(i * 7) % specs.length]])));
  }
  await handle.destroy();
  const maxAfterFirst = ms.reduce((a, b) => Math.max(a, b), 0);
  const paths = new Set(inputs.flatMap((s) => Object.entries(s.dimensions).map(([d, p]) => `${d}:${String(p)}`))).size;
  return {
    engine,
    workload,
    size,
    paths,
    queries: specs.length,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    max: Math.max(firstMs, maxAfterFirst),
    maxAfterFirst,
    firstMs,
    afterWriteMs: percentile(afterWrite, 50),
  };
}
