import pg from "pg";
import { describe } from "vitest";
import { PostgresAnalyticsStore } from "../../src/engine/index.js";
import { startPostgres } from "../support/postgres.js";
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
