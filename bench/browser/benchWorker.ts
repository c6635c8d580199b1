/// <reference lib="webworker" />
// The bench's engine: the same store and queries as `npm run bench`, in a browser worker.
import { AnalyticsQueryEngine, MemoryAnalyticsStore } from "../../src/engine/index.js";
import { seedDemo } from "../../src/demo/seed.js";
import { DEMO_DEFAULT_MONTHLY, dashboardQueries, percentile, toQuery } from "../workload.js";
import type { BenchMessage, BenchRequest, BenchSizeResult } from "./protocol.js";

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: BenchMessage) => scope.postMessage(m);

async function runSize(size: number, queryCount: number): Promise<BenchSizeResult> {
  const t0 = performance.now();
  const store = new MemoryAnalyticsStore();
  await store.init();
  const initMs = performance.now() - t0;
  post({ type: "progress", text: `${size.toLocaleString("en-US")} series: seeding…` });
  const t1 = performance.now();
  await seedDemo(store, size, 42);
  const ingestMs = performance.now() - t1;
  const engine = new AnalyticsQueryEngine(store);
  // One untimed run: statistics, plan and JIT warm-up, as in the Node bench.
  await engine.execute(toQuery(DEMO_DEFAULT_MONTHLY));
  // The median of five, as the Node bench reports it: one sample swings with the machine's load.
  const demoMonthlySamples: number[] = [];
  let demo: Awaited<ReturnType<typeof engine.execute>> = [];
  for (let i = 0; i < 5; i++) {
    const t2 = performance.now();
    demo = await engine.execute(toQuery(DEMO_DEFAULT_MONTHLY));
    demoMonthlySamples.push(performance.now() - t2);
  }
  const demoMonthlyMs = percentile(demoMonthlySamples, 50);
  const times: number[] = [];
  let rows = demo.reduce((n, p) => n + p.rows.length, 0);
  for (const [i, spec] of dashboardQueries(queryCount).entries()) {
    post({ type: "progress", text: `${size.toLocaleString("en-US")} series: query ${i + 1}/${queryCount}` });
    const t = performance.now();
    const r = await engine.execute(toQuery(spec));
    times.push(performance.now() - t);
    rows += r.reduce((n, p) => n + p.rows.length, 0);
  }
  await store.destroy();
  return {
    size,
    initMs,
    ingestMs,
    ingestPerSecond: size / (ingestMs / 1000),
    demoMonthlyMs,
    demoMonthlySamples,
    queries: queryCount,
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
    rows,
  };
}

scope.onmessage = async (event: MessageEvent<BenchRequest>) => {
  try {
    for (const size of event.data.sizes) post({ type: "size", result: await runSize(size, event.data.queries) });
    post({ type: "done" });
  } catch (e) {
    post({ type: "error", message: e instanceof Error ? e.message : String(e) });
  }
};
