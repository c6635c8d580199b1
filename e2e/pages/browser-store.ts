// A bare page for the e2e test of BrowserAnalyticsStore: the library alone, in a real browser,
// persisting through PGlite's IndexedDB file system.
import {
  AnalyticsGranularity,
  AnalyticsPath,
  AnalyticsQueryEngine,
  BrowserAnalyticsStore,
} from "../../src/engine/index.js";

async function write(databaseName: string, count: number): Promise<number> {
  const store = new BrowserAnalyticsStore({ databaseName });
  await store.init();
  await store.addSeriesValues(
    Array.from({ length: count }, (_, i) => ({
      start: `2023-${String((i % 12) + 1).padStart(2, "0")}-01`,
      source: `browser/${i % 7}`,
      metric: "Budget",
      value: i,
      unit: "DAI",
      dimensions: { budget: `atlas/team-${i % 5}` },
      dimensionMetadata: i < 5 ? { path: `atlas/team-${i % 5}`, label: `Team ${i % 5}` } : undefined,
    })),
  );
  const [{ n }] = (await store.raw(`select count(*)::int as n from "AnalyticsSeries"`)) as { n: number }[];
  await store.destroy();
  return n;
}

async function read(databaseName: string) {
  const store = new BrowserAnalyticsStore({ databaseName });
  await store.init();
  const [{ n, total }] = (await store.raw(
    `select count(*)::int as n, sum(value)::float8 as total from "AnalyticsSeries"`,
  )) as { n: number; total: number }[];
  const labels = (await store.getDimensions()).flatMap((d) => d.values.map((v) => v.label));
  const result = await new AnalyticsQueryEngine(store).execute({
    start: null,
    end: null,
    metrics: ["Budget"],
    granularity: AnalyticsGranularity.Total,
    select: { budget: [AnalyticsPath.fromString("atlas")] },
    lod: { budget: 1 },
  });
  await store.destroy();
  return { n, total, labels, sum: result[0]?.rows[0]?.sum ?? null };
}

Object.assign(window, { storeCheck: { write, read } });
document.getElementById("status")!.textContent = "ready";
