// The same engine, seeded the same way, in Node: what the page must show, computed independently
// of the browser, the worker RPC and the UI.
import { AnalyticsProfiler, AnalyticsQueryEngine, MemoryAnalyticsStore } from "../../src/engine/index.js";
import { toResultsDto } from "../../src/service/dto.js";
import type { PeriodDto, QueryJson } from "../../src/rpc/protocol.js";
import { queryFromJson } from "../../src/service/queryJson.js";
import { demoSeries, seedStore } from "../../src/demo/seed.js";

export type Expected = {
  results: PeriodDto[];
  /** Distinct (dimension group, metric, unit) series: the chart's line count. */
  seriesCount: number;
  /** Rows over all periods: the table's row count. */
  rowCount: number;
  /** Every statement the query issued, with the number of rows it returned. */
  statements: { sql: string; rows: number }[];
  /** Profiler stages the query went through (namespace stripped). */
  stages: Set<string>;
};

export type NodeEngine = { run: (query: QueryJson) => Promise<Expected>; destroy: () => Promise<void> };

export async function nodeEngine(count: number, seed: number): Promise<NodeEngine> {
  let statements = new Map<number, { sql: string; rows: number }>();
  let stages = new Set<string>();
  const profiler = new AnalyticsProfiler("Playground", (metric) => stages.add(metric.replace(/^Playground\./, "")));
  const store = new MemoryAnalyticsStore({
    queryLogger: (index, sql) => statements.set(index, { sql, rows: -1 }),
    resultsLogger: (index, rows) => {
      const s = statements.get(index);
      if (s) s.rows = Array.isArray(rows) ? rows.length : 0;
    },
    profiler,
  });
  await store.init();
  await seedStore(store, demoSeries(count, seed));
  const engine = new AnalyticsQueryEngine(store, profiler);
  return {
    async run(query) {
      statements = new Map();
      stages = new Set();
      const results = toResultsDto(await engine.execute(queryFromJson(query)));
      return {
        results,
        seriesCount: results[0]?.rows.length ?? 0,
        rowCount: results.reduce((n, p) => n + p.rows.length, 0),
        statements: [...statements.values()],
        stages,
      };
    },
    destroy: () => store.destroy(),
  };
}

/** What one query answers on a fresh demo of `count` series; the engine is gone afterwards. */
export async function expectedOf(count: number, seed: number, query: QueryJson): Promise<Expected> {
  const engine = await nodeEngine(count, seed);
  try {
    return await engine.run(query);
  } finally {
    await engine.destroy();
  }
}
