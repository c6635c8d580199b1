// The playground against `npm run serve` on a real PostgreSQL, in Chromium: the backend switch,
// loggers and profiler on the server, and Compare showing both backends agree on the demo queries.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_DEFAULT_MONTHLY, dashboardQueries, toQueryJson } from "../bench/workload.js";
import { AnalyticsQueryEngine, PostgresAnalyticsStore } from "../src/engine/index.js";
import { startServer, type RunningServer } from "../src/hosts/server/server.js";
import type { QueryJson } from "../src/rpc/protocol.js";
import { queryFromJson } from "../src/service/queryJson.js";
import { startPostgres, type PostgresServer } from "../test/support/postgres.js";
import { afterRun, setQuery, showTab } from "./debugSupport.js";
import { ROOT, screenshot, useApp } from "./harness.js";
import { join } from "node:path";
import { Client as PgClient } from "pg";
import { MAX_IMPORT_CHUNK } from "../src/rpc/limits.js";

const COUNT = 2000;
const SEED = 42;

let pg: PostgresServer;
let server: RunningServer;
let page: Page;
let errors: string[];

const app = useApp({
  node: startPostgres,
  serve: (pg) => startServer({ pg: pg.url, port: 0, allowWrites: true, dist: join(ROOT, "dist") }),
  page: { viewport: { width: 1440, height: 900 } },
});
beforeAll(() => ({ node: pg, server, page, errors } = app));

/** The demo default, a quarterly and an annual dashboard query, and the default over all time. */
const DEMO_QUERIES = [
  toQueryJson(DEMO_DEFAULT_MONTHLY),
  ...dashboardQueries(3).slice(1).map(toQueryJson),
  { ...toQueryJson(DEMO_DEFAULT_MONTHLY), start: null, end: null },
];

/** Puts `query` in the editor and runs it; resolves when the page shows the outcome. */
async function runQuery(query: QueryJson): Promise<void> {
  await setQuery(page, JSON.stringify(query, null, 2));
  await afterRun(page, () => page.evaluate(() => window.__playground!.run!()));
}

async function open(search: string): Promise<void> {
  await page.goto(`${server.url}${search}`);
  await page.waitForSelector(".app[data-run-status=done]", { timeout: 120_000 });
}

/** Runs `query` in the editor, then "A on both backends"; returns the verdict and the diff summary. */
async function compareBackends(query: QueryJson): Promise<{ verdict: string; keys: number; differing: number }> {
  await runQuery(query);
  await showTab(page, "compare");
  const runs = Number(await page.getAttribute(".compare-pane", "data-runs"));
  await page.click("[data-testid=compare-backends]");
  await page.waitForFunction(
    (n) => Number(document.querySelector(".compare-pane")?.getAttribute("data-runs")) > n,
    runs,
    { timeout: 60_000 },
  );
  expect(await page.locator("[data-testid=compare-error]").count()).toBe(0);
  const summary = page.locator("[data-testid=compare-summary]");
  return {
    verdict: (await page.textContent("[data-testid=compare-verdict]"))!,
    keys: Number(await summary.getAttribute("data-keys")),
    differing: Number(await summary.getAttribute("data-differing")),
  };
}

describe("the playground on a PostgreSQL server (2,000 demo series, seed 42)", () => {
  it("boots on the server: the switch says so, the empty database got the demo", async () => {
    await open(`?backend=server&count=${COUNT}&seed=${SEED}`);
    expect(await page.inputValue("[data-testid=backend-switch]")).toBe("server");
    expect(await page.getAttribute("[data-testid=series-count]", "data-count")).toBe(String(COUNT));
    expect(await page.textContent("[data-testid=backend-info]")).toMatch(
      /^PG \d+\.\d+ · postgres@127\.0\.0\.1:\d+\/postgres · writes allowed$/,
    );
    // The tab's IndexedDB stores and demo sizes are not offered on the server.
    expect(await page.locator("[data-testid=store-picker]").count()).toBe(0);
    expect(await page.locator("[data-testid=dataset-size]").count()).toBe(0);
  });

  it("shows the server's statements in the log and its stages in the profiler, as for PGlite", async () => {
    // What the same query issues through a PostgresAnalyticsStore of our own on the same server
    // (the SQL may differ from PGlite's: some plan hints are for PGlite only).
    const statements: { sql: string; rows: number }[] = [];
    const own = new PostgresAnalyticsStore(
      { connectionString: pg.url },
      (_i, sql) => statements.push({ sql, rows: -1 }),
      (_i, rows) => (statements.at(-1)!.rows = (rows as unknown[]).length),
    );
    const q = queryFromJson(toQueryJson(DEMO_DEFAULT_MONTHLY));
    await new AnalyticsQueryEngine(own).execute(q);
    statements.length = 0;
    const results = await new AnalyticsQueryEngine(own).execute(q);
    await own.destroy();
    const expected = { statements: statements.filter((st) => st.sql.length > 0), results };
    await runQuery(toQueryJson(DEMO_DEFAULT_MONTHLY));
    await showTab(page, "logs");
    // The run's statements are the ones the engine issues in Node on PGlite: same SQL, same order, same row counts.
    const runId = await page.getAttribute("[data-testid=run-status]", "data-run-id");
    const entries = page.locator(`.log-run[data-run-id="${runId}"] [data-testid=log-entry]`);
    expect(await entries.count()).toBe(expected.statements.length);
    const squash = (sql: string) => sql.replace(/\s+/g, "");
    for (const [k, statement] of expected.statements.entries()) {
      const entry = entries.nth(k);
      expect(await entry.getAttribute("data-status")).toBe("done");
      expect(squash((await entry.locator("[data-testid=log-sql]").textContent()) ?? "")).toBe(squash(statement.sql));
      expect(await entry.locator("[data-testid=log-result]").getAttribute("data-rows")).toBe(String(statement.rows));
    }
    expect(await page.locator("[data-testid=timing][data-metric=Query]").count()).toBeGreaterThan(0);
    expect(
      await page
        .locator("[data-testid=timing][data-metric=GetMatchingSeries], [data-testid=timing][data-metric=Discretize]")
        .count(),
    ).toBeGreaterThan(0);
    await showTab(page, "chart");
    expect(await page.getAttribute(".chart-pane", "data-periods")).toBe(String(expected.results.length));
  });

  it("Compare: every demo query gives identical results on the server and in the tab", async () => {
    for (const query of DEMO_QUERIES) {
      const out = await compareBackends(query);
      expect(out).toEqual({ verdict: "identical", keys: expect.any(Number) as unknown as number, differing: 0 });
      expect(out.keys).toBeGreaterThan(0);
      expect(await page.locator("[data-testid=compare-chart]").count()).toBe(2);
    }
    expect(await page.locator("[data-testid=compare-data-warning]").count()).toBe(0);
    await screenshot(page, "compare-backends");
  });

  it("Compare from the tab's side: the server is the other backend, and the verdict holds", async () => {
    await open(`?count=${COUNT}&seed=${SEED}`);
    expect(await page.inputValue("[data-testid=backend-switch]")).toBe("tab");
    const out = await compareBackends(DEMO_QUERIES[0]);
    expect(out.verdict).toBe("identical");
    expect(out.differing).toBe(0);
    expect(await page.textContent("[data-testid=compare-chart][data-side=b]")).toContain("server (Postgres)");
  });

  it("Compare shows the differences when the server's data changes, and loads the same demo into both", async () => {
    // A series on the server only: the same query now differs in the periods it touches.
    await addOnServer();
    const out = await compareBackends(DEMO_QUERIES[0]);
    expect(out.verdict).toBe(`${out.differing} differ`);
    expect(out.differing).toBeGreaterThan(0);
    expect(await page.textContent("[data-testid=compare-data-warning]")).toBe(
      `the backends hold different data: 2,000 series here, 2,001 on server (Postgres)`,
    );
    // One click loads this page's demo into the server, and the backends agree again.
    const runs = Number(await page.getAttribute(".compare-pane", "data-runs"));
    await page.click("[data-testid=compare-load-demo]");
    await page.waitForFunction(
      (n) => Number(document.querySelector(".compare-pane")?.getAttribute("data-runs")) > n,
      runs,
      { timeout: 60_000 },
    );
    expect(await page.textContent("[data-testid=compare-verdict]")).toBe("identical");
    expect(await page.locator("[data-testid=compare-data-warning]").count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe("importing a file bigger than one message chunk to the server", () => {
  const ROWS = 45_000;
  const csv = [
    "start,source,metric,value,unit,dim_budget",
    ...Array.from(
      { length: ROWS },
      (_, i) =>
        `2024-${String((i % 12) + 1).padStart(2, "0")}-01,e2e/chunked/${i % 30},Budget,${i},DAI,atlas/e2e/${i % 200}`,
    ),
  ].join("\n");

  it("sends it in chunks with the progress shown, then stores every row", async () => {
    expect(csv.length).toBeGreaterThan(2 * MAX_IMPORT_CHUNK);
    const total = (csv.length / 1e6).toFixed(1);
    await open(`?backend=server&count=${COUNT}&seed=${SEED}`);
    await showTab(page, "transfer");
    await page.setInputFiles("[data-testid=import-file]", {
      name: "chunked.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv),
    });
    await page.waitForSelector("[data-testid=import-file-name]");
    // Every progress text the pane shows, as it shows it.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __progressText: string[] }).__progressText = seen;
      new MutationObserver(() => {
        const text = document.querySelector("[data-testid=import-progress-row] span")?.textContent;
        if (text && seen.at(-1) !== text) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.click("[data-testid=import-run]");
    await page.waitForSelector("[data-testid=import-summary]", { timeout: 300_000 });
    expect(await page.getAttribute("[data-testid=import-summary]", "data-ok")).toBe("true");
    expect(await page.getAttribute("[data-testid=import-summary]", "data-imported")).toBe(String(ROWS));
    expect(await page.getAttribute("[data-testid=import-summary]", "data-rejected")).toBe("0");
    const seen = await page.evaluate(() => (window as unknown as { __progressText: string[] }).__progressText);
    // One text per chunk sent; the last chunk's answer and the check start render together.
    expect(seen.slice(0, 4)).toEqual([
      `sent 0.0 of ${total} MB`,
      `sent 1.0 of ${total} MB`,
      `sent 2.0 of ${total} MB`,
      "checking rows…",
    ]);
    // Then twenty batches of 2,250 rows (a twentieth of the file); the last renders with the summary.
    expect(seen.filter((t) => t.endsWith("stored"))).toEqual(
      Array.from({ length: 20 }, (_, k) => `${(k * 2250).toLocaleString("en-US")} of 45,000 stored`),
    );
    // What PostgreSQL holds: every row once, with its value.
    const db = new PgClient({ connectionString: pg.url });
    await db.connect();
    try {
      const { rows } = await db.query(
        `select count(*)::int as n, sum(value)::float8 as total from "AnalyticsSeries" where source like 'e2e/chunked/%'`,
      );
      expect(rows).toEqual([{ n: ROWS, total: (ROWS * (ROWS - 1)) / 2 }]);
    } finally {
      await db.end();
    }
    expect(errors).toEqual([]);
  }, 300_000);
});

describe("the playground on a read-only server", () => {
  it("says read-only, and the SQL editor's delete is refused by its parse tree with nothing lost", async () => {
    const readOnly = await startServer({ pg: pg.url, port: 0, dist: join(ROOT, "dist") });
    try {
      await page.goto(`${readOnly.url}?backend=server&count=${COUNT}&seed=${SEED}`);
      await page.waitForSelector(".app[data-run-status=done]", { timeout: 120_000 });
      expect(await page.textContent("[data-testid=backend-info]")).toMatch(/ · read-only$/);
      const before = await page.getAttribute("[data-testid=series-count]", "data-count");
      await showTab(page, "sql");
      await page.evaluate(() => window.__playground!.setSql!('delete from "AnalyticsSeries"'));
      await page.waitForFunction(() =>
        document.querySelector(".sql-pane .view-lines")?.textContent?.includes("delete"),
      );
      await page.click(".sql-pane .monaco-editor .view-lines");
      const runs = Number(await page.getAttribute(".sql-pane", "data-runs"));
      await page.keyboard.press("Control+Enter");
      await page.waitForFunction(
        (n) => Number(document.querySelector(".sql-pane")?.getAttribute("data-runs")) > n,
        runs,
        { timeout: 30_000 },
      );
      expect(await page.textContent("[data-testid=sql-error-message]")).toBe(
        "statement 1 (DELETE from …) is refused: this server's SQL editor is read-only and runs plain reads (SELECT, WITH … SELECT, VALUES, EXPLAIN, SHOW), each inside a read-only transaction; start the server with --allow-writes to change data",
      );
      const count = await page.evaluate(() =>
        window.__playground!.call!("raw", { sql: `select count(*)::int as n from "AnalyticsSeries"` }),
      );
      expect(String(count.statements[0].rows[0].n)).toBe(before);
    } finally {
      await readOnly.close();
    }
  });
});

/** Adds one Budget series to the server's database, through its RPC as the data pane would. */
async function addOnServer(): Promise<void> {
  const { default: WebSocket } = await import("ws");
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/rpc`);
  await new Promise((r) => ws.once("open", r));
  const send = (id: number, method: string, params: unknown) =>
    new Promise<{ ok: boolean }>((resolve) => {
      ws.on("message", (m) => {
        const msg = JSON.parse(String(m)) as { type: string; id?: number; ok: boolean };
        if (msg.type === "response" && msg.id === id) resolve(msg);
      });
      ws.send(JSON.stringify({ type: "request", id, method, params }));
    });
  expect((await send(1, "boot", { count: COUNT, seed: SEED })).ok).toBe(true);
  const input = {
    start: "2023-03-01T00:00:00Z",
    source: "test/server-only",
    metric: "Budget",
    unit: "DAI",
    value: 1_000_000,
    dimensions: { budget: "atlas/legacy/core-units/SES-001", category: "atlas/headcount" },
  };
  expect((await send(2, "addSeries", { inputs: [input] })).ok).toBe(true);
  ws.close();
}
