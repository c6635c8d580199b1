import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalyticsPath, PostgresAnalyticsStore } from "../../src/engine/index.js";
import { startPostgres, type PostgresServer } from "../support/postgres.js";
import { describeStore } from "./storeSuite.js";

// The same suite on a real PostgreSQL server (a throwaway cluster, or TEST_PG_URL).
describe("PostgresAnalyticsStore on PostgreSQL", () => {
  describeStore(async () => {
    const server = await startPostgres();
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    return {
      name: "postgres",
      store: async ({ queryLogger, resultsLogger, profiler }) =>
        new PostgresAnalyticsStore({ connectionString: server.url }, queryLogger, resultsLogger, profiler),
      exec: async (sql) => void (await client.query(sql)),
      query: async <T>(sql: string) => (await client.query(sql)).rows as T[],
      close: async () => {
        await client.end();
        await server.stop();
      },
    };
  });
});

describe("clearing dimensions beside a writer on PostgreSQL", () => {
  let server: PostgresServer;
  let store: PostgresAnalyticsStore;
  let writer: pg.Client;
  beforeAll(async () => {
    server = await startPostgres();
    store = new PostgresAnalyticsStore({ connectionString: server.url });
    await store.init();
    writer = new pg.Client({ connectionString: server.url });
    await writer.connect();
  });
  afterAll(async () => {
    await writer.end();
    await store.destroy();
    await server.stop();
  });

  it("waits for a write that found a dimension row and its set, and then keeps both", async () => {
    await store.addSeriesValue({
      start: "2023-01-01",
      source: AnalyticsPath.fromString("s/old"),
      metric: "Budget",
      value: 1,
      unit: "DAI",
      dimensions: { budget: AnalyticsPath.fromString("atlas/x") },
    });
    await store.clearSeriesBySource(AnalyticsPath.fromString("s/old"));
    const [{ id: found, path: stored }] = (await writer.query(`select id, path from "AnalyticsDimension"`)).rows as {
      id: number;
      path: string;
    }[];
    // Another writer, in the middle of its transaction: it found the unlinked row and its set
    // (the upserts inserted nothing), and is about to write a series naming both.
    await writer.query("begin");
    const [{ id: row }] = (
      await writer.query(
        `insert into "AnalyticsDimension" (dimension, path) values ('budget', $1)
         on conflict (dimension, path) do update set path = excluded.path returning id`,
        [stored],
      )
    ).rows as { id: number }[];
    expect(row).toBe(found);
    const [{ id: set }] = (
      await writer.query(
        `insert into "AnalyticsDimensionSet" ("dimensionIds") values (array[$1::int])
         on conflict ("dimensionIds") do update set "dimensionIds" = excluded."dimensionIds" returning id`,
        [row],
      )
    ).rows as { id: number }[];
    const cleared = store.clearEmptyAnalyticsDimensions();
    // The clear waits on its lock while the writer's transaction is open. (The waiting backend's
    // `query` may still show its previous statement: count waiters, on this cluster of its own.)
    const waiting = async () =>
      (await writer.query(`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock'`)).rows[0]
        .n as number;
    for (let i = 0; i < 100 && (await waiting()) === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await waiting()).toBe(1);
    const [{ id: series }] = (
      await writer.query(
        `insert into "AnalyticsSeries" (source, start, metric, value, unit, "dimensionSet")
         values ('s/new', '2023-01-01', 'Budget', 5, 'DAI', $1) returning id`,
        [set],
      )
    ).rows as { id: number }[];
    await writer.query(`insert into "AnalyticsSeries_AnalyticsDimension" values ($1, $2)`, [series, row]);
    await writer.query("commit");
    expect(await cleared).toBe(0);
    const kept = await writer.query(
      `select (select count(*)::int from "AnalyticsDimension" where id = $1) as rows,
              (select count(*)::int from "AnalyticsDimensionSet" where id = $2) as sets`,
      [row, set],
    );
    expect(kept.rows).toEqual([{ rows: 1, sets: 1 }]);
  });
});
