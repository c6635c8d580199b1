// Every figure traceable: a profiler stage opens the statement it ran (SQL editor, plan pane, also
// for an SQL editor run, whose statement the plan pane shows in a section of its own), and
// the debug report names the engine and PGlite versions as installed. 2,000-series demo, seed 7.
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { screenshot, useApp, type Preview } from "./harness.js";
import { afterRun, showTab } from "./debugSupport.js";

let preview: Preview;
let page: Page;
let errors: string[];

const app = useApp({
  page: { viewport: { width: 1440, height: 900 }, permissions: ["clipboard-read", "clipboard-write"] },
});
beforeAll(() => ({ server: preview, page, errors } = app));

const version = (path: string) => (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
const getSql = () => page.evaluate(() => window.__playground!.getSql!());
/** The default query's month boundaries, 2021-01 to 2025-01: the grouped read binds them as arrays. */
const MONTHS = Array.from({ length: 49 }, (_, i) => new Date(Date.UTC(2021, i, 1)).toISOString());
/** The instant one microsecond after each month's start, as the read binds the period ends. */
const AFTER = MONTHS.map((d) => `"${d.replace(".000Z", ".000001Z")}"`);

describe("every figure traceable", () => {
  it("boots and runs the query", async () => {
    await page.goto(`${preview.url}?count=2000&seed=7`);
    await page.waitForFunction(
      () => document.querySelector(".app")?.getAttribute("data-run-status") === "done",
      undefined,
      {
        timeout: 60_000,
      },
    );
    await afterRun(page, () => page.click("[data-testid=run]"));
  });

  it("each Query stage names its statement; it opens in the SQL editor and in the plan pane", async () => {
    await showTab(page, "plan");
    const runId = await page.getAttribute(".plan-pane", "data-run-id");
    await page.waitForFunction(
      (id) => document.querySelector("[data-testid=run-status]")?.getAttribute("data-run-id") === id,
      runId,
    );
    const planIds = await page
      .locator(".plan-pane [data-testid=plan-statement]")
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-log-id")));
    // A grouped read is one statement (the store's ANALYZE may come before it).
    expect(planIds.length).toBeGreaterThanOrEqual(1);
    // The Query stages in the waterfall's order (start time) name the plan's statements in order.
    const stageIds = await page
      .locator(".profiler-pane [data-testid=timing][data-metric=Query] [data-testid=stage-sql]")
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-log-id")));
    expect(stageIds).toEqual(planIds);
    const labels = await page
      .locator(".profiler-pane [data-testid=timing][data-metric=Query] [data-testid=stage-sql]")
      .allTextContents();
    const badges = await page.locator(".plan-pane [data-testid=plan-statement] .badge").allTextContents();
    expect(labels).toEqual(badges);

    const last = planIds.length - 1;
    await page.locator(".plan-pane [data-testid=plan-open-sql]").nth(last).click();
    const fromPlan = await getSql();
    await page.evaluate(() => window.__playground!.setSql!("select 0"));
    await page
      .locator(".profiler-pane [data-testid=timing][data-metric=Query] [data-testid=stage-sql]")
      .nth(last)
      .click();
    expect(await page.getAttribute('.tab-list [data-tab="sql"]', "aria-selected")).toBe("true");
    expect(await getSql()).toBe(fromPlan);

    await page
      .locator(".profiler-pane [data-testid=timing][data-metric=Query] [data-testid=stage-plan]")
      .nth(last)
      .click();
    expect(await page.getAttribute('.tab-list [data-tab="plan"]', "aria-selected")).toBe("true");
    await page.waitForSelector(`.plan-pane .plan-statement.focused[data-log-id="${planIds[last]}"]`);
    expect(await page.locator(".plan-pane .plan-statement.focused").count()).toBe(1);
    await screenshot(page, "traceable-stage-plan");
  });

  it("an SQL editor run's QueryRaw stage names its statement, which opens in the SQL editor", async () => {
    await showTab(page, "sql");
    const text = 'select count(*)::int as n from "AnalyticsSeries"';
    await page.evaluate((t) => window.__playground!.setSql!(t), text);
    await page.click("[data-testid=sql-run]");
    await page.waitForSelector("[data-testid=sql-row-count]");
    expect(await page.locator(".sql-pane [data-testid=sql-row]").allTextContents()).toEqual(["2000"]);
    const stage = page.locator(".profiler-pane [data-testid=timing][data-metric=QueryRaw] [data-testid=stage-sql]");
    await stage.waitFor();
    expect(await page.locator(".profiler-pane .run-history .selected .history-summary").textContent()).toBe(
      "SQL editor · 1 statement",
    );
    expect(await stage.allTextContents()).toEqual(["SQL"]);
    // The stage's statement is the run's one entry in the SQL log.
    expect(Number(await stage.getAttribute("data-log-id"))).toBeGreaterThan(0);
    const runId = /run #(\d+)/.exec((await page.textContent(".profiler-pane .toolbar")) ?? "")?.[1];
    await showTab(page, "logs");
    const newest = page.locator(".logs-pane .log-run").first();
    expect(await newest.getAttribute("data-run-id")).toBe(runId);
    expect(await newest.locator(".log-run-header code").textContent()).toBe("raw");
    expect(await newest.locator("[data-testid=log-sql]").allTextContents()).toEqual([
      'select count(*)::int as n\nfrom "AnalyticsSeries"',
    ]);

    await page.evaluate(() => window.__playground!.setSql!("select 0"));
    await stage.click();
    expect(await page.getAttribute('.tab-list [data-tab="sql"]', "aria-selected")).toBe("true");
    expect(await getSql()).toBe('select count(*)::int as n\nfrom "AnalyticsSeries"');
  });

  it("an SQL editor run's stage opens its statement in the plan pane: EXPLAIN, timing off, side by side", async () => {
    const stage = page.locator(".profiler-pane [data-testid=timing][data-metric=QueryRaw]");
    const logId = await stage.locator("[data-testid=stage-sql]").getAttribute("data-log-id");
    const runId = /run #(\d+)/.exec((await page.textContent(".profiler-pane .toolbar")) ?? "")?.[1];
    const queryStatements = await page.locator(".plan-pane [data-testid=plan-statement]").count();
    await stage.locator("[data-testid=stage-plan]").click();
    expect(await page.getAttribute('.tab-list [data-tab="plan"]', "aria-selected")).toBe("true");
    const other = page.locator(".plan-pane [data-testid=plan-other]");
    expect(await other.locator("[data-testid=plan-other-from]").textContent()).toBe(
      `From run #${runId} · SQL editor · 1 statement`,
    );
    const statement = other.locator("[data-testid=plan-statement]");
    expect(await statement.getAttribute("data-log-id")).toBe(logId);
    expect(await statement.locator("[data-testid=plan-sql]").textContent()).toBe(
      'select count(*)::int as n\nfrom "AnalyticsSeries"',
    );
    expect(await statement.locator(".plan-statement-head .muted").first().textContent()).toMatch(/^1 row · /);
    await page.waitForSelector(`.plan-pane .plan-statement.focused[data-log-id="${logId}"]`);
    expect(await page.locator(".plan-pane .plan-statement.focused").count()).toBe(1);
    // The query run's statements are still there, below it.
    expect(await page.locator(".plan-pane [data-testid=plan-statement]").count()).toBe(queryStatements + 1);

    await statement.locator("[data-testid=plan-explain]").click();
    const root = statement.locator("[data-testid=plan-tree] [data-testid=plan-node]").first();
    await root.waitFor();
    expect(await root.getAttribute("data-label")).toBe("Aggregate");
    expect(await root.getAttribute("data-rows")).toBe("1");
    expect(await statement.locator("[data-testid=plan-tree]").getAttribute("data-timing")).toBe("true");
    const scan = statement.locator('[data-testid=plan-node][data-label="Seq Scan on \\"AnalyticsSeries\\""]');
    expect(await scan.getAttribute("data-rows")).toBe("2000");

    await statement.locator("[data-testid=plan-timing]").uncheck();
    await statement.locator("[data-testid=plan-explain]").click();
    await statement.locator("[data-testid=plan-side-by-side]").check();
    const trees = statement.locator("[data-testid=plan-pair] [data-testid=plan-tree]");
    expect(await trees.evaluateAll((els) => els.map((el) => el.getAttribute("data-timing")))).toEqual([
      "true",
      "false",
    ]);
    expect(
      await trees.evaluateAll((els) =>
        els.map((el) => el.querySelector("[data-testid=plan-node]")?.getAttribute("data-label")),
      ),
    ).toEqual(["Aggregate", "Aggregate"]);
    await screenshot(page, "traceable-sql-editor-plan");
  });

  it("what EXPLAIN refuses for an SQL editor statement shows its message in the pane", async () => {
    await showTab(page, "sql");
    await page.evaluate(() => window.__playground!.setSql!("show server_version"));
    await page.click("[data-testid=sql-run]");
    await page.waitForFunction(
      () =>
        document.querySelector(".profiler-pane .run-history .selected .history-summary")?.textContent ===
          "SQL editor · 1 statement" &&
        document
          .querySelector(".profiler-pane [data-metric=QueryRaw] [data-testid=stage-sql]")
          ?.getAttribute("data-log-id") !==
          document
            .querySelector(".plan-pane [data-testid=plan-other] [data-testid=plan-statement]")
            ?.getAttribute("data-log-id"),
    );
    await page.click(".profiler-pane [data-metric=QueryRaw] [data-testid=stage-plan]");
    const statement = page.locator(".plan-pane [data-testid=plan-other] [data-testid=plan-statement]");
    expect(await statement.locator("[data-testid=plan-sql]").textContent()).toBe("show server_version");
    // The plans of the statement before it are gone with it.
    expect(await statement.locator("[data-testid=plan-tree]").count()).toBe(0);
    await statement.locator("[data-testid=plan-explain]").click();
    expect(await statement.locator("[data-testid=plan-error]").textContent()).toBe('syntax error at or near "show"');
    expect(await statement.locator("[data-testid=plan-explain]").isEnabled()).toBe(true);

    await page.click(".plan-pane [data-testid=plan-other-close]");
    expect(await page.locator(".plan-pane [data-testid=plan-other]").count()).toBe(0);
    expect(await page.locator(".plan-pane [data-testid=plan-statement]").count()).toBeGreaterThanOrEqual(1);
  });

  it("the grouped read shows the SQL as sent: `$1…` and its bound values, typed, long arrays folded", async () => {
    await showTab(page, "plan");
    const runId = await page.getAttribute(".plan-pane", "data-run-id");
    const read = page.locator(".plan-pane [data-testid=plan-statement]", { hasText: 'with "m" as' });
    expect(await read.count()).toBe(1);
    await read.locator("[data-testid=native-sql] summary").click();
    expect(await read.locator("[data-testid=native-sql] summary").textContent()).toBe(
      "as sent: $1…$9 with 9 bound values",
    );
    const sent = (await read.locator("[data-testid=native-sql-text]").textContent()) ?? "";
    expect(sent).toContain('where "dimension" = $2');
    expect(sent).toContain('"s"."metric" = any($7)\n  and "s"."unit" = any($8)\n  and "s"."start" <= $9');
    expect(await read.locator("[data-testid=plan-sql]").textContent()).toContain(`where "dimension" = 'budget'`);
    const bindings = () => read.locator("[data-testid=binding]").allTextContents();
    const folded = (items: string[]) =>
      `[${[...items.slice(0, 2), `…${items.length - 4} more…`, ...items.slice(-2)].join(", ")}]`;
    expect(await bindings()).toEqual([
      '$1 text "^(?:[^/]*/){0,3}"',
      '$2 text "budget"',
      '$3 text "atlas/"',
      '$4 text "atlas0"',
      `$5 number[] ${folded(MONTHS.map((d) => String(Date.parse(d))))}`,
      `$6 text[] ${folded(AFTER)}`,
      '$7 text[] ["Budget", "Actuals"]',
      '$8 text[] ["DAI"]',
      '$9 text "2025-01-01T00:00:00.000Z"',
    ]);
    await read.locator("[data-testid=bindings-unfold]").click();
    expect((await bindings())[5]).toBe(`$6 text[] [${AFTER.join(", ")}]`);
    await screenshot(page, "traceable-native-sql");

    // The SQL log shows the same entry the same way.
    await showTab(page, "logs");
    const entry = page.locator(`.log-run[data-run-id="${runId}"] [data-testid=log-entry]`, { hasText: 'with "m" as' });
    await entry.locator("[data-testid=native-sql] summary").click();
    expect(await entry.locator("[data-testid=native-sql-text]").textContent()).toBe(sent);
    expect((await entry.locator("[data-testid=binding]").allTextContents())[1]).toBe('$2 text "budget"');
  });

  it("the debug report names the engine and PGlite versions from package.json", async () => {
    await showTab(page, "plan");
    await page.click("[data-testid=copy-debug-report]");
    const lines = (await page.evaluate(() => navigator.clipboard.readText())).split("\n");
    const engine = version("package.json");
    const pglite = version("node_modules/@electric-sql/pglite/package.json");
    expect(lines[4]).toBe(`- versions: engine ${engine}, PGlite ${pglite}`);
    // Each statement with bound values also as sent, one line a value.
    const sentAt = lines.indexOf("As sent, with its bound values:");
    expect(sentAt).toBeGreaterThan(0);
    expect(lines[sentAt + 1]).toBe("```sql");
    expect(lines[sentAt + 2]).toMatch(
      /^select json_build_array\(array_agg\(r\."g0"\), .*\)::text as rows_json from \(with "m" as materialized .* where "dimension" = \$2 and /,
    );
    expect(lines.slice(sentAt + 5, sentAt + 8)).toEqual([
      '- `$1 text = "^(?:[^/]*/){0,3}"`',
      '- `$2 text = "budget"`',
      '- `$3 text = "atlas/"`',
    ]);
    expect([engine, pglite]).toEqual(["0.1.0", "0.5.17"]);
    expect(errors).toEqual([]);
  });
});
