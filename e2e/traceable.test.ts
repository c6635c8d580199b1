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

  it("the debug report names the engine and PGlite versions from package.json", async () => {
    await page.click("[data-testid=copy-debug-report]");
    const lines = (await page.evaluate(() => navigator.clipboard.readText())).split("\n");
    const engine = version("package.json");
    const pglite = version("node_modules/@electric-sql/pglite/package.json");
    expect(lines[4]).toBe(`- versions: engine ${engine}, PGlite ${pglite}`);
    expect([engine, pglite]).toEqual(["0.1.0", "0.5.17"]);
    expect(errors).toEqual([]);
  });
});
