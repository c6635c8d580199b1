// Every figure traceable: a profiler stage opens the statement it ran (SQL editor, plan pane), and
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
      'select count(*)::int as n \nfrom "AnalyticsSeries"',
    ]);

    await page.evaluate(() => window.__playground!.setSql!("select 0"));
    await stage.click();
    expect(await page.getAttribute('.tab-list [data-tab="sql"]', "aria-selected")).toBe("true");
    expect(await getSql()).toBe('select count(*)::int as n \nfrom "AnalyticsSeries"');
    // Raw SQL is not the shown query run's: no plan link (the plan pane explains the query run's statements).
    expect(
      await page.locator(".profiler-pane [data-testid=timing][data-metric=QueryRaw] [data-testid=stage-plan]").count(),
    ).toBe(0);
  });

  it("the grouped read shows the SQL as sent: `$1…` and its bound values, typed, long arrays folded", async () => {
    await showTab(page, "plan");
    const runId = await page.getAttribute(".plan-pane", "data-run-id");
    const read = page.locator(".plan-pane [data-testid=plan-statement]", { hasText: 'with "m" as' });
    expect(await read.count()).toBe(1);
    await read.locator("[data-testid=native-sql] summary").click();
    expect(await read.locator("[data-testid=native-sql] summary").textContent()).toBe(
      "as sent: $1…$13 with 13 bound values",
    );
    const sent = (await read.locator("[data-testid=native-sql-text]").textContent()) ?? "";
    expect(sent).toContain('where "dimension" = $3');
    expect(sent).toContain('"s"."metric" in ($9, $10)\n  and "s"."unit" in ($11)\n  and "s"."start" <= $12');
    expect(await read.locator("[data-testid=plan-sql]").textContent()).toContain(`where "dimension" = 'budget'`);
    const bindings = () => read.locator("[data-testid=binding]").allTextContents();
    const folded = (items: string[]) =>
      `[${[...items.slice(0, 2), `…${items.length - 4} more…`, ...items.slice(-2)].join(", ")}]`;
    expect(await bindings()).toEqual([
      "$1 number 0",
      '$2 text "^(?:[^/]*/){0,3}"',
      '$3 text "budget"',
      '$4 text "atlas/"',
      '$5 text "atlas0"',
      '$6 text "atlas/"',
      `$7 number[] ${folded(MONTHS.map((d) => String(Date.parse(d))))}`,
      `$8 text[] ${folded(MONTHS.map((d) => `"${d}"`))}`,
      '$9 text "Budget"',
      '$10 text "Actuals"',
      '$11 text "DAI"',
      '$12 text "2025-01-01T00:00:00.000Z"',
      "$13 number 0",
    ]);
    await read.locator("[data-testid=bindings-unfold]").click();
    expect((await bindings())[7]).toBe(`$8 text[] [${MONTHS.map((d) => `"${d}"`).join(", ")}]`);
    await screenshot(page, "traceable-native-sql");

    // The SQL log shows the same entry the same way.
    await showTab(page, "logs");
    const entry = page.locator(`.log-run[data-run-id="${runId}"] [data-testid=log-entry]`, { hasText: 'with "m" as' });
    await entry.locator("[data-testid=native-sql] summary").click();
    expect(await entry.locator("[data-testid=native-sql-text]").textContent()).toBe(sent);
    expect((await entry.locator("[data-testid=binding]").allTextContents())[2]).toBe('$3 text "budget"');
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
    expect(lines[sentAt + 2]).toMatch(/^with "m" as materialized .* where "dimension" = \$3 and /);
    expect(lines.slice(sentAt + 5, sentAt + 8)).toEqual([
      "- `$1 number = 0`",
      '- `$2 text = "^(?:[^/]*/){0,3}"`',
      '- `$3 text = "budget"`',
    ]);
    expect([engine, pglite]).toEqual(["0.1.0", "0.5.17"]);
    expect(errors).toEqual([]);
  });
});
