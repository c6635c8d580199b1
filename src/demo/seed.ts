import { demoSeriesChunks, generateDemoSeries } from "./generator.js";
import { TABLE_LIST, type AnalyticsSeriesInput, type IAnalyticsStore } from "../engine/index.js";

/** Batches small enough to report progress often, large enough that each transaction pays off. */
const seedBatchSize = (count: number) => Math.max(500, Math.min(50_000, Math.ceil(count / 20)));

export const demoSeries = (count: number, seed: number): AnalyticsSeriesInput[] => generateDemoSeries({ seed, count });

/**
 * Loads series in batches, reporting how many are stored after each. The worker and the e2e
 * tests' Node-side expectations both seed with the same batches, so both databases hold the
 * same rows with the same ids.
 */
export async function seedStore(
  store: IAnalyticsStore,
  series: AnalyticsSeriesInput[],
  onBatch?: (done: number) => void,
): Promise<void> {
  const batch = seedBatchSize(series.length);
  for (let i = 0; i < series.length; i += batch) {
    await store.addSeriesValues(series.slice(i, i + batch));
    onBatch?.(Math.min(series.length, i + batch));
  }
}

/** `seedStore(store, demoSeries(count, seed))` generating each batch just before storing it: a million series never sit in memory at once. */
export async function seedDemo(
  store: IAnalyticsStore,
  count: number,
  seed: number,
  onBatch?: (done: number) => void,
): Promise<void> {
  let done = 0;
  for (const chunk of demoSeriesChunks({ count, seed }, seedBatchSize(count))) {
    await store.addSeriesValues(chunk);
    done += chunk.length;
    onBatch?.(done);
  }
}

/** The raw SQL the seed marks need: both playground stores have it. */
type RawStore = IAnalyticsStore & { raw(sql: string): Promise<Record<string, unknown>[]> };

const SEEDING = "playground: demo seed in progress";

/**
 * `seedDemo` for a database that outlives the tab (IndexedDB, a server): while it runs, the
 * series table says so (a table comment, which persists like any row), so a boot that finds the
 * mark knows the last seed was cut short (a tab closed, a cancel) and starts the demo over
 * (`restart` empties the tables first) rather than keeping half of it.
 */
export async function seedDemoMarked(
  store: RawStore,
  count: number,
  seed: number,
  restart: boolean,
  onBatch?: (done: number) => void,
): Promise<void> {
  await store.raw(`comment on table "AnalyticsSeries" is '${SEEDING}'`);
  if (restart) await store.raw(`truncate ${TABLE_LIST} restart identity`);
  await seedDemo(store, count, seed, onBatch);
  await store.raw(`comment on table "AnalyticsSeries" is null`);
}

/** Whether the last `seedDemoMarked` on this database did not finish. */
export async function seedInterrupted(store: RawStore): Promise<boolean> {
  const [row] = await store.raw(`select obj_description('"AnalyticsSeries"'::regclass, 'pg_class') as note`);
  return row?.note === SEEDING;
}
