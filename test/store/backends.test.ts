import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_DEFAULT_MONTHLY, dashboardQueries, toQuery } from "../../bench/workload.js";
import {
  AnalyticsQueryEngine,
  MemoryAnalyticsStore,
  PostgresAnalyticsStore,
  type GroupedPeriodResults,
} from "../../src/engine/index.js";
import { seedDemo } from "../../src/demo/seed.js";
import { startPostgres, type PostgresServer } from "../support/postgres.js";

// PGlite in the tab and PostgreSQL on a server run the same statements: on the same demo data
// every query must give the same periods, rows, values and sums.

let server: PostgresServer;
let pglite: MemoryAnalyticsStore;
let postgres: PostgresAnalyticsStore;

beforeAll(async () => {
  server = await startPostgres();
  pglite = new MemoryAnalyticsStore();
  postgres = new PostgresAnalyticsStore({ connectionString: server.url });
  await Promise.all([pglite.init(), postgres.init()]);
  await seedDemo(pglite, 3000, 42);
  await seedDemo(postgres, 3000, 42);
});
afterAll(async () => {
  await pglite?.destroy();
  await postgres?.destroy();
  await server?.stop();
});

const view = (r: GroupedPeriodResults) =>
  r.map((p) => ({
    period: p.period,
    start: p.start.toISO(),
    end: p.end.toISO(),
    rows: p.rows.map((row) => ({
      dims: Object.entries(row.dimensions).map(([k, d]) => [k, d.path.toString(), d.label, d.icon]),
      metric: row.metric,
      unit: row.unit,
      value: row.value,
      sum: row.sum,
    })),
  }));

describe("PGlite and PostgreSQL agree", () => {
  it("on the demo default and 30 dashboard queries, also without a range", async () => {
    const specs = [DEMO_DEFAULT_MONTHLY, ...dashboardQueries(30), { ...DEMO_DEFAULT_MONTHLY, start: null, end: null }];
    let rows = 0;
    for (const spec of specs) {
      const [a, b] = [
        view(await new AnalyticsQueryEngine(pglite).execute(toQuery(spec))),
        view(await new AnalyticsQueryEngine(postgres).execute(toQuery(spec))),
      ];
      expect(a.map((p) => [p.period, p.start, p.end, p.rows.map((r) => [r.dims, r.metric, r.unit])])).toEqual(
        b.map((p) => [p.period, p.start, p.end, p.rows.map((r) => [r.dims, r.metric, r.unit])]),
      );
      a.forEach((p, i) =>
        p.rows.forEach((r, j) => {
          expect(r.value).toBeCloseTo(b[i].rows[j].value, 6);
          expect(r.sum).toBeCloseTo(b[i].rows[j].sum, 6);
        }),
      );
      rows += a.reduce((n, p) => n + p.rows.length, 0);
    }
    expect(rows).toBeGreaterThan(1000);
  });

  it("on the dimension lists and counts", async () => {
    expect(await postgres.getDimensions()).toEqual(await pglite.getDimensions());
    expect(
      await postgres.raw(`select metric, unit, count(*)::int as n from "AnalyticsSeries" group by 1, 2 order by 1, 2`),
    ).toEqual(
      await pglite.raw(`select metric, unit, count(*)::int as n from "AnalyticsSeries" group by 1, 2 order by 1, 2`),
    );
  });
});

describe("PostgresAnalyticsStore.cancel", () => {
  it("stops the statements the store is running, and only those", async () => {
    const other = new PostgresAnalyticsStore({ connectionString: server.url });
    // Handlers attach now: the cancel's answer and the statement's failure can arrive in
    // separate turns, and a rejection nobody is listening to yet counts as unhandled.
    const slow = postgres.raw("select pg_sleep(30) as slept").then(
      () => "answered",
      (e: Error) => e.message,
    );
    const bystander = other.raw("select pg_sleep(0.5) as slept").catch((e: Error) => e.message);
    const sleeping = async () =>
      Number(
        (
          await other.raw(
            `select count(*)::int as n from pg_stat_activity where query = 'select pg_sleep(30) as slept' and state = 'active'`,
          )
        )[0].n,
      );
    for (let i = 0; (await sleeping()) === 0; i++) if (i > 200) throw new Error("the slow statement never started");
    expect(await postgres.cancel()).toBe(1);
    // Without the cancel it would answer in 30 s; with it, it fails now with Postgres' message.
    expect(await slow).toBe("canceling statement due to user request");
    expect(await bystander).toEqual([{ slept: "" }]);
    expect(await postgres.cancel()).toBe(0);
    // The store still works afterwards.
    expect(await postgres.raw("select 1 as one")).toEqual([{ one: 1 }]);
    await other.destroy();
  });
});
