// The engine in Node, seeded like the page and then changed the same way (add, clear), so a
// test can say exactly what the page must show after each change.
import {
  AnalyticsPath,
  AnalyticsQueryEngine,
  MemoryAnalyticsStore,
  type AnalyticsSeriesInput,
} from "../../src/engine/index.js";
import { toResultsDto } from "../../src/service/dto.js";
import type { PeriodDto, QueryJson } from "../../src/rpc/protocol.js";
import { queryFromJson } from "../../src/service/queryJson.js";
import { demoSeries, seedStore } from "../../src/demo/seed.js";

export type NodeStore = {
  /** The store and engine themselves, for what the helpers below do not cover. */
  store: MemoryAnalyticsStore;
  engine: AnalyticsQueryEngine;
  run: (query: QueryJson) => Promise<PeriodDto[]>;
  add: (inputs: AnalyticsSeriesInput[]) => Promise<void>;
  /** Deletes by source (with the dimension rows left unused, as the data pane does); returns how many series. */
  clear: (source: string) => Promise<number>;
  destroy: () => Promise<void>;
};

export async function nodeStore(count: number, seed: number): Promise<NodeStore> {
  const store = new MemoryAnalyticsStore();
  await store.init();
  await seedStore(store, demoSeries(count, seed));
  const engine = new AnalyticsQueryEngine(store);
  return {
    store,
    engine,
    run: async (query) => toResultsDto(await engine.execute(queryFromJson(query))),
    add: (inputs) => store.addSeriesValues(inputs),
    clear: (source) => store.clearSeriesBySource(AnalyticsPath.fromString(source), true),
    destroy: () => store.destroy(),
  };
}
