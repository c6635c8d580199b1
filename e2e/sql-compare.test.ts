// SQL completion inside double quotes, and Compare across granularities that do not nest.
// 2,000-series demo, seed 7.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { screenshot, useApp, type Preview } from "./harness.js";
import { afterRun, setQuery, showTab } from "./debugSupport.js";
import type { QueryJson } from "../src/rpc/protocol.js";

let preview: Preview;
let page: Page;
let errors: string[];

const app = useApp({ page: { viewport: { width: 1440, height: 1000 } } });
beforeAll(() => ({ server: preview, page, errors } = app));

/** Types `text` at the end of the SQL editor and returns the completion labels once they settle. */
async function suggestAfter(text: string): Promise<string[]> {
  await page.evaluate(() => window.__playground!.setSql!(""));
  await page.click(".sql-pane .monaco-editor .view-lines");
  await page.keyboard.type(text);
  await page.keyboard.press("Control+Space");
  await page.waitForSelector(".sql-pane .suggest-widget.visible .monaco-list-row");
  let labels: string[] = [];
  await expect
    .poll(async () => {
      const before = labels.join();
      labels = await page.locator(".sql-pane .suggest-widget.visible .monaco-list-row .label-name").allTextContents();
      return labels.length > 0 && labels.join() === before;
    })
    .toBe(true);
  return labels;
}

const A: QueryJson = {
  metrics: ["Budget"],
  currency: "DAI",
  select: { budget: ["atlas"] },
  lod: { budget: 2 },
  granularity: "weekly",
  start: "2023-01-01",
  end: "2023-03-01",
};

describe("SQL completion and compare", () => {
  it("boots", async () => {
    await page.goto(`${preview.url}?count=2000&seed=7`);
    await page.waitForFunction(
      () => document.querySelector(".app")?.getAttribute("data-run-status") === "done",
      undefined,
      {
        timeout: 60_000,
      },
    );
    await showTab(page, "sql");
  });

  it('offers quoted table names after `"Analytics` and replaces the quotes on accepting', async () => {
    const labels = await suggestAfter('select * from "AnalyticsD');
    expect(labels[0]).toBe('"AnalyticsDimension"');
    expect([...labels].sort()).toEqual(['"AnalyticsDimension"', '"AnalyticsSeries_AnalyticsDimension"']);
    await screenshot(page, "sql-completion-quoted", ".sql-pane");
    await page.keyboard.press("Enter");
    // Monaco closed the quote as it was typed; the accepted name replaces both quotes.
    expect(await page.evaluate(() => window.__playground!.getSql!())).toBe('select * from "AnalyticsDimension"');
  });

  it("offers quoted column names inside quotes", async () => {
    const labels = await suggestAfter('select "seriesI');
    // Monaco's fuzzy match also keeps the link table (s-e-r-i-e-s … I); the column ranks first.
    expect(labels).toEqual(['"seriesId"', '"AnalyticsSeries_AnalyticsDimension"']);
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => window.__playground!.getSql!())).toBe('select "seriesId"');
  });

  it("compare: weeks against months says they do not nest instead of calling every row different", async () => {
    await setQuery(page, JSON.stringify(A, null, 2));
    await afterRun(page, () => page.click("[data-testid=run]"));
    await showTab(page, "compare");
    const runs = Number(await page.getAttribute(".compare-pane", "data-runs"));
    await page.selectOption("[data-testid=compare-granularity]", "monthly");
    await page.waitForFunction(
      (n) => Number(document.querySelector(".compare-pane")?.getAttribute("data-runs")) > n,
      runs,
      { timeout: 30_000 },
    );
    expect(await page.textContent("[data-testid=compare-verdict]")).toBe("not comparable period by period");
    expect(await page.textContent("[data-testid=compare-granularity-note]")).toBe(
      "A is weekly and B is monthly: their periods do not nest, so no row is compared",
    );
    expect(await page.getAttribute("[data-testid=compare-summary]", "data-keys")).toBe("0");
    expect(await page.locator("[data-testid=compare-diff-row]").count()).toBe(0);
    await screenshot(page, "compare-not-nested", ".compare-pane");
  });

  it("query B is a Monaco JSON editor: typed text runs as B with Ctrl+Enter, not as A", async () => {
    await page.waitForSelector(".compare-b-editor .monaco-editor .view-lines");
    // The editor is shorter than its text: click inside the part on screen.
    await page.click(".compare-b-editor .monaco-editor .view-lines", { position: { x: 200, y: 10 } });
    await page.waitForFunction(() => document.activeElement?.closest(".compare-b-editor") !== null);
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await page.keyboard.insertText(JSON.stringify(A));
    expect(JSON.parse((await page.getAttribute("[data-testid=compare-b-text]", "data-text"))!)).toEqual(A);
    const [runs, appRuns] = [
      Number(await page.getAttribute(".compare-pane", "data-runs")),
      await page.getAttribute(".app", "data-runs"),
    ];
    await page.keyboard.press("Control+Enter");
    await page.waitForFunction(
      (n) => Number(document.querySelector(".compare-pane")?.getAttribute("data-runs")) > n,
      runs,
      { timeout: 30_000 },
    );
    expect(await page.textContent("[data-testid=compare-verdict]")).toBe("identical");
    expect(await page.locator("[data-testid=compare-granularity-note]").count()).toBe(0);
    expect(await page.getAttribute(".app", "data-runs")).toBe(appRuns);
    await screenshot(page, "compare-b-monaco", ".compare-pane");
    expect(errors).toEqual([]);
  });
});
