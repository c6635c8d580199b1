// npm run db:init -- <connection string>: creates the three tables and their indexes on a
// PostgreSQL server; running it again changes nothing.
import { PostgresAnalyticsStore } from "../src/engine/index.js";

const url = process.argv[2] ?? process.env.DATABASE_URL;
if (!url) {
  console.error("usage: npm run db:init -- postgres://user:password@host:5432/database");
  process.exit(2);
}
const store = new PostgresAnalyticsStore({ connectionString: url });
try {
  await store.init();
  const [row] = (await store.raw(
    `select (select count(*) from "AnalyticsSeries")::int as series, (select count(*) from "AnalyticsDimension")::int as dimensions`,
  )) as { series: number; dimensions: number }[];
  console.log(
    `schema ready on ${new URL(url).host}${new URL(url).pathname}: ${row.series} series, ${row.dimensions} dimension paths`,
  );
} catch (e) {
  console.error(`db:init failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  await store.destroy();
}
