import knexFactory from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_DEFAULT_MONTHLY, dashboardQueries, toQuery, type QuerySpec } from "../../bench/workload.js";
import { generateDemoSeries } from "../../src/demo/generator.js";
import {
  MemoryAnalyticsStore,
  PGliteQueryExecutor,
  PassthroughAnalyticsProfiler,
  validateQuery,
  type AnalyticsSeriesInput,
  type GroupedSeries,
} from "../../src/engine/index.js";
import { readGroupedSeries } from "../../src/engine/store/groupedRead.js";
import { buildMemoryIndex } from "../../src/engine/store/memoryIndex.js";
import { groupInMemory } from "../../src/engine/store/memoryRead.js";

// The grouped read from memory must give exactly the buckets the SQL read gives, also on rows
// written behind the store's back: links to missing series or dimensions, a series with two
// paths of one dimension, a unit of NULL, instants with microseconds.

let store: MemoryAnalyticsStore;
const knex = knexFactory({ client: "pg", useNullAsDefault: true });

beforeAll(async () => {
  store = new MemoryAnalyticsStore();
  await store.init();
  await store.addSeriesValues(generateDemoSeries({ seed: 5, count: 1500 }));
  await store.raw(`
    insert into "AnalyticsSeries" (id, source, start, metric, value, unit, fn, params) values
      (100001, 'raw/', '2022-03-04 05:06:07.891234+00', 'Budget', 7.25, null, 'Single', null),
      (100002, 'raw/', '2022-05-01', 'Actuals', 3, 'DAI', 'Other', null),
      (100003, 'raw/', '2021-07-01', 'Budget', 11, 'DAI', 'DssVest', '{"cliff": 5}');
    update "AnalyticsSeries" set "end" = '2023-07-01' where id = 100003;
    insert into "AnalyticsSeries_AnalyticsDimension" ("seriesId", "dimensionId")
      select 100001, id from "AnalyticsDimension" where dimension = 'budget' order by id limit 2;
    insert into "AnalyticsSeries_AnalyticsDimension" ("seriesId", "dimensionId")
      select s, (select min(id) from "AnalyticsDimension" where dimension = 'category') from unnest(array[100001, 100002, 100003, 999999]) s;
    insert into "AnalyticsSeries_AnalyticsDimension" ("seriesId", "dimensionId") values (100002, 999999), (100003, 1);
  `);
});
afterAll(async () => {
  await store.destroy();
  await knex.destroy();
});

/** Buckets in a stable order, with group paths in place of group indexes. */
function view(g: GroupedSeries) {
  return g.buckets
    .map((b) => ({ ...b, groups: b.groups.map((x, i) => g.groups[i][x].path.toString()) }))
    .sort((a, b) => (JSON.stringify({ ...a, value: 0 }) < JSON.stringify({ ...b, value: 0 }) ? -1 : 1));
}

describe("grouped read from memory", () => {
  it("equals the SQL grouped read, with and without a range", async () => {
    const executor = new PGliteQueryExecutor(() => store.db, { profiler: new PassthroughAnalyticsProfiler() });
    const built = await buildMemoryIndex(executor);
    expect(built).not.toBeNull();
    const specs: QuerySpec[] = [DEMO_DEFAULT_MONTHLY, ...dashboardQueries(20), { ...DEMO_DEFAULT_MONTHLY, start: null, end: null }];
    specs.push({ ...DEMO_DEFAULT_MONTHLY, currency: null, metrics: ["Budget", "Actuals"], select: { budget: ["atlas"] }, lod: { budget: 1 } });
    specs.push({ ...DEMO_DEFAULT_MONTHLY, currency: null, select: {}, lod: {} });
    let buckets = 0;
    for (const spec of specs) {
      const q = validateQuery(toQuery(spec));
      const [sql, memory] = [view(await readGroupedSeries({ executor, knex }, q, false)), view(groupInMemory(built!.index, q))];
      expect(memory.map((b) => ({ ...b, value: 0 }))).toEqual(sql.map((b) => ({ ...b, value: 0 })));
      memory.forEach((b, i) => expect(b.value).toBeCloseTo(sql[i].value, 6));
      buckets += sql.length;
    }
    expect(buckets).toBeGreaterThan(1000);
  });
});

describe("the memory index", () => {
  it("follows the store's own writes without reading the tables again, and still equals the SQL read", async () => {
    const log: string[] = [];
    const own = new MemoryAnalyticsStore({ queryLogger: (_, sql) => log.push(sql) });
    await own.init();
    await own.addSeriesValues(generateDemoSeries({ seed: 6, count: 300 }));
    const executor = new PGliteQueryExecutor(() => own.db, { profiler: new PassthroughAnalyticsProfiler() });
    const q = validateQuery(toQuery({ ...DEMO_DEFAULT_MONTHLY, currency: null, select: { budget: ["atlas"], category: ["atlas"] }, lod: { budget: 3, category: 3 } }));
    await own.getGroupedSeries(q); // builds the index
    const series = (over: Partial<AnalyticsSeriesInput>): AnalyticsSeriesInput => ({
      start: "2022-02-03",
      source: "test/own",
      metric: "Budget",
      value: 5,
      unit: "DAI",
      dimensions: { budget: "atlas/new/team", category: "atlas/headcount/new" },
      ...over,
    });
    const writes: AnalyticsSeriesInput[][] = [
      [series({ dimensionMetadata: { path: "atlas/new/team", label: "New team", icon: "n.png", description: "added" } })],
      [series({ fn: "DssVest", end: "2023-06-01", params: { cliff: "2022-08-01" }, unit: "MKR", value: 1200 }), series({ unit: null })],
      generateDemoSeries({ seed: 7, count: 150 }),
      [series({ dimensions: { budget: "atlas/legacy/core-units/SES-001" }, value: 0.1 })],
    ];
    for (const batch of writes) {
      await own.addSeriesValues(batch);
      log.length = 0;
      const memory = view(await own.getGroupedSeries(q));
      expect(log).toHaveLength(1);
      expect(log[0]).toContain("pg_snapshot_xmax");
      const sql = view(await readGroupedSeries({ executor, knex }, q, false));
      expect(memory.map((b) => ({ ...b, value: 0 }))).toEqual(sql.map((b) => ({ ...b, value: 0 })));
      memory.forEach((b, i) => expect(b.value).toBeCloseTo(sql[i].value, 6));
    }
    const labels = (await own.getGroupedSeries(q)).groups[0].filter((g) => g.label === "New team");
    expect(labels).toEqual([{ path: expect.anything(), label: "New team", icon: "n.png", description: "added" }]);
    await own.destroy();
  });

  it("is read again after a write behind the store's back", async () => {
    const own = new MemoryAnalyticsStore();
    await own.init();
    await own.addSeriesValues(generateDemoSeries({ seed: 8, count: 100 }));
    const q = validateQuery(toQuery({ ...DEMO_DEFAULT_MONTHLY, currency: null, select: {}, lod: {} }));
    const total = async () => (await own.getGroupedSeries(q)).buckets.reduce((n, b) => n + b.value, 0);
    const before = await total();
    await own.raw(`update "AnalyticsSeries" set value = value + 1 where id = (select min(id) from "AnalyticsSeries" where metric = 'Budget')`);
    expect(await total()).toBeCloseTo(before + 1, 6); // in SQL
    expect(await total()).toBeCloseTo(before + 1, 6); // from the index built again
    await own.destroy();
  });
});
