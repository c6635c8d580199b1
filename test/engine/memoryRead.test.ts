import knexFactory from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_DEFAULT_MONTHLY, dashboardQueries, toQuery, type QuerySpec } from "../../bench/workload.js";
import { generateDemoSeries } from "../../src/demo/generator.js";
import { MemoryAnalyticsStore, PGliteQueryExecutor, PassthroughAnalyticsProfiler, validateQuery, type GroupedSeries } from "../../src/engine/index.js";
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
