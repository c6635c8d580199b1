// The playground end to end on a 2,000-series demo: the built app in Chromium against the same
// engine run in Node. Tests run in order and share one page, like a developer's session.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { QueryJson } from "../src/rpc/protocol.js";
import { EXAMPLES } from "../src/ui/query/examples.js";
import { nodeEngine, type NodeEngine } from "../test/support/expected.js";
import { screenshot, useApp, type Server } from "./harness.js";

const COUNT = 2000;
const SEED = 42;

let preview: Server;
let page: Page;
let node: NodeEngine;
let errors: string[];
/** Requests to anything but the preview server: the playground must work offline. */
const foreign: string[] = [];

// The Node engine boots while Vite builds: both take seconds.
const app = useApp({ node: () => nodeEngine(COUNT, SEED), page: { viewport: { width: 1440, height: 900 } } });
beforeAll(() => {
  ({ server: preview, page, node, errors } = app);
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(preview.url) && !url.startsWith("data:") && !url.startsWith("blob:")) foreign.push(url);
  });
});

const runs = () => page.locator(".app").getAttribute("data-runs").then(Number);

/** Triggers a run and waits until the page has shown its outcome. */
async function runAndWait(trigger: () => Promise<void>): Promise<void> {
  const before = await runs();
  await trigger();
  await page.waitForFunction((n) => Number(document.querySelector(".app")?.getAttribute("data-runs")) > n, before, {
    timeout: 30_000,
  });
}

async function setQuery(query: QueryJson | string): Promise<void> {
  const text = typeof query === "string" ? query : JSON.stringify(query, null, 2);
  await page.evaluate((t) => window.__playground!.setQuery!(t), text);
  // The text must have reached Monaco's model, not only React state.
  await page.waitForFunction(
    (t) =>
      window.__playground!.getQuery!() === t &&
      document
        .querySelector(".monaco-editor .view-lines")
        ?.textContent?.replace(/\s/g, "")
        .includes(t.replace(/\s/g, "").slice(0, 40)),
    text,
  );
}

async function openTab(id: "chart" | "table" | "json"): Promise<void> {
  await page.click(`.tab-list [data-tab="${id}"]`);
}

const lineCount = () => page.locator(".chart-pane path.recharts-line-curve").count();

describe("playground (2,000 series)", () => {
  it("boots: shows the steps, seeds the demo and draws the default chart", async () => {
    await page.goto(`${preview.url}?count=${COUNT}&seed=${SEED}`);
    await page.waitForSelector("[data-testid=boot-screen] .boot-steps li");
    await screenshot(page, "01-boot-screen");
    await page.waitForSelector("[data-testid=series-count]", { timeout: 60_000 });
    expect(await page.getAttribute("[data-testid=series-count]", "data-count")).toBe(String(COUNT));
    expect(await page.textContent("[data-testid=series-count]")).toBe("2,000 series");

    await page.waitForSelector(".chart-pane path.recharts-line-curve", { timeout: 30_000 });
    const expected = await node.run(EXAMPLES[0].query);
    expect(expected.seriesCount).toBeGreaterThan(1);
    expect(await lineCount()).toBe(expected.seriesCount);
    expect(await page.getAttribute(".chart-pane", "data-periods")).toBe(String(expected.results.length));
    await expect.poll(() => page.locator("[data-testid=boot-screen]").count()).toBe(0);
    await screenshot(page, "02-default-chart");
    await screenshot(page, "pane-chart", ".tabs");
  });

  const legacyQuarterly: QueryJson = {
    metrics: ["Actuals"],
    currency: "DAI",
    select: { budget: ["atlas/legacy"] },
    lod: { budget: 4 },
    granularity: "quarterly",
    start: "2022-01-01",
    end: "2023-01-01",
  };

  it("runs an edited query: chart, table and JSON match the engine run in Node", async () => {
    const expected = await node.run(legacyQuarterly);
    await setQuery(legacyQuarterly);
    await runAndWait(() => page.click("[data-testid=run]"));
    expect(await page.getAttribute(".app", "data-run-status")).toBe("done");

    expect(expected.results.length).toBe(4);
    expect(await lineCount()).toBe(expected.seriesCount);
    expect(await page.getAttribute(".chart-pane", "data-periods")).toBe("4");

    await openTab("table");
    expect(await page.locator("[data-testid=table-row]").count()).toBe(expected.rowCount);
    expect(await page.textContent("[data-testid=table-summary]")).toContain(`${expected.rowCount} rows · 4 periods`);
    await screenshot(page, "pane-table", ".tabs");

    await openTab("json");
    const json = JSON.parse((await page.textContent("[data-testid=json-view]")) ?? "null");
    expect(json).toEqual(expected.results);
    await screenshot(page, "pane-json", ".tabs");
    await openTab("chart");
  });

  it("logs the query's SQL and its results under the same index", async () => {
    const expected = await node.run(legacyQuarterly);
    const runId = await page.getAttribute("[data-testid=run-status]", "data-run-id");
    const group = page.locator(`.log-run[data-run-id="${runId}"]`);
    const entries = group.locator("[data-testid=log-entry]");
    // The same statements in the same order as the Node run, each answered under its own index
    // with the same number of rows. Formatting only moves white space, so squashed SQL is equal.
    expect(await entries.count()).toBe(expected.statements.length);
    const squash = (s: string) => s.replace(/\s+/g, "");
    const indexes = new Set<string>();
    for (const [k, statement] of expected.statements.entries()) {
      const entry = entries.nth(k);
      expect(await entry.getAttribute("data-status")).toBe("done");
      expect(squash((await entry.locator("[data-testid=log-sql]").textContent()) ?? "")).toBe(squash(statement.sql));
      const index = (await entry.getAttribute("data-index"))!;
      expect(Number(index)).toBeGreaterThanOrEqual(0);
      indexes.add(index);
      const result = entry.locator("[data-testid=log-result]");
      expect(await result.getAttribute("data-index")).toBe(index);
      expect(await result.getAttribute("data-rows")).toBe(String(statement.rows));
      expect(await result.textContent()).toContain(`R:${index}`);
      expect(await entry.locator(".log-query .badge").textContent()).toBe(`Q:${index}`);
    }
    expect(indexes.size).toBe(expected.statements.length);
    // The generated SQL reads the series table and matches paths with starts_with (never LIKE).
    const runSql = (await group.locator("[data-testid=log-sql]").allTextContents()).join("\n");
    expect(runSql).toContain('"AnalyticsSeries"');
    expect(runSql).toContain("starts_with");
    expect(runSql).toContain("'atlas/legacy/'");
    const reading = expected.statements.find((st) => st.sql.includes('from "AnalyticsSeries"'));
    expect(reading?.rows).toBeGreaterThan(0);

    // The filter narrows the log to matching statements.
    await page.fill('[aria-label="Filter logs"]', "starts_with");
    expect(await group.locator("[data-testid=log-entry]").count()).toBe(
      expected.statements.filter((st) => st.sql.includes("starts_with")).length,
    );
    await screenshot(page, "pane-logs", ".logs-pane");
    await page.fill('[aria-label="Filter logs"]', "");
  });

  it("profiles the run's stages", async () => {
    const expected = await node.run(legacyQuarterly);
    const metrics = await page
      .locator("[data-testid=timing]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-metric")));
    expect(new Set(metrics)).toEqual(new Set([...expected.stages, "ToDTO"]));
    expect(metrics).toContain("Query");
    expect(metrics).toContain("Discretize");
    const ms = await page
      .locator("[data-testid=timing]")
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-ms"))));
    expect(ms.every((m) => Number.isFinite(m) && m >= 0)).toBe(true);
    expect(await page.locator("[data-testid=profiler-run]").count()).toBe(2);
    await screenshot(page, "pane-profiler", ".profiler-pane");
  });

  it("reports invalid JSON clearly, and the next valid run works", async () => {
    const broken = '{\n  "metrics": ["Budget"],\n  "granularity": "monthly"\n  "select": {}\n}';
    await setQuery(broken);
    // Ctrl+Enter from inside the editor, as a developer would.
    await page.click(".monaco-editor .view-lines");
    await runAndWait(() => page.keyboard.press("Control+Enter"));
    const error = page.locator("[data-testid=query-error]");
    expect(await error.getAttribute("data-kind")).toBe("json");
    expect(await error.textContent()).toMatch(/^Invalid JSON.*Expected ',' or '}'/);
    expect(await error.textContent()).toMatch(/position \d+|line 4/);
    await page.waitForSelector(".monaco-editor .squiggly-error");
    await screenshot(page, "pane-editor-json-error", ".editor-pane");

    const expected = await node.run(EXAMPLES[2].query);
    await setQuery(EXAMPLES[2].query);
    await runAndWait(() => page.click("[data-testid=run]"));
    expect(await error.count()).toBe(0);
    expect(await lineCount()).toBe(expected.seriesCount);
  });

  it("names the offending field of a query the engine refuses", async () => {
    await setQuery({ ...legacyQuarterly, granularity: "fortnightly" });
    await runAndWait(() => page.click("[data-testid=run]"));
    const error = page.locator("[data-testid=query-error]");
    expect(await error.getAttribute("data-kind")).toBe("input");
    expect(await error.getAttribute("data-field")).toBe("granularity");
    expect(await error.textContent()).toContain("granularity");
    expect(await error.textContent()).toContain("monthly");
    // The marker sits on the value in the editor.
    await page.waitForSelector(".monaco-editor .squiggly-error");
    await screenshot(page, "pane-editor-field-error", ".editor-pane");

    await setQuery({ ...legacyQuarterly, select: { budget: ["atlas//legacy"] } });
    await runAndWait(() => page.click("[data-testid=run]"));
    expect(await error.getAttribute("data-field")).toBe("select.budget[0]");
  });

  it("draws an empty result and a single period sensibly", async () => {
    await setQuery({ ...legacyQuarterly, metrics: ["NoSuchMetric"] });
    await runAndWait(() => page.click("[data-testid=run]"));
    expect(await page.locator("[data-testid=chart-empty]").count()).toBe(1);

    const total = { ...legacyQuarterly, granularity: "total" };
    const expected = await node.run(total);
    await setQuery(total);
    await runAndWait(() => page.click("[data-testid=run]"));
    expect(expected.results.length).toBe(1);
    // A lone period has no segment to draw: one bar per series instead.
    expect(await page.getAttribute(".chart-pane", "data-drawn")).toBe("bar");
    expect(await page.locator(".chart-pane .recharts-bar-rectangle").count()).toBe(expected.seriesCount);
    expect(await page.textContent("[data-testid=chart-summary]")).toContain("one period: drawn as bars");
    await screenshot(page, "pane-chart-single-period", ".tabs");
  });

  it("switches chart type, measure and theme", async () => {
    await setQuery(EXAMPLES[0].query);
    await runAndWait(() => page.click("[data-testid=run]"));
    const lines = await lineCount();
    await page.click('.chart-pane [aria-label="Chart type"] button:has-text("Stacked bar")');
    expect(await lineCount()).toBe(0);
    expect(await page.locator(".chart-pane .recharts-bar-rectangle").count()).toBeGreaterThan(0);
    await page.click('.chart-pane [aria-label="Chart type"] button:has-text("Line")');
    await page.click('.chart-pane [aria-label="Measure"] button:has-text("sum")');
    expect(await lineCount()).toBe(lines);
    // Legend click hides a series.
    await page.click(".legend li:first-child button");
    expect(await lineCount()).toBe(lines - 1);
    await page.click(".legend li:first-child button");
    await page.click('[aria-label="Toggle theme"]');
    const theme = await page.evaluate(() => document.documentElement.dataset.theme);
    await screenshot(page, `03-full-${theme}`);
    await page.click('[aria-label="Toggle theme"]');
    await screenshot(page, `03-full-${theme === "dark" ? "light" : "dark"}`);
  });

  it("completes metrics, units, granularities, dimension names and paths from the worker's catalog", async () => {
    /** Puts the text in the editor, the cursor at the end of `line`, and asks Monaco for suggestions. */
    async function suggestAt(text: string, line: number): Promise<string[]> {
      await setQuery(text);
      await page.click(".monaco-editor .view-lines");
      await page.keyboard.press("Control+Home");
      for (let i = 1; i < line; i++) await page.keyboard.press("ArrowDown");
      await page.keyboard.press("End");
      await page.keyboard.press("Control+Space");
      await page.waitForSelector(".suggest-widget.visible .monaco-list-row");
      // The list fills in as the JSON worker answers; wait until it stops changing.
      let labels: string[] = [];
      await expect
        .poll(async () => {
          const before = labels.join();
          labels = await page.locator(".suggest-widget.visible .monaco-list-row .label-name").allTextContents();
          return labels.length > 0 && labels.join() === before;
        })
        .toBe(true);
      await screenshot(page, "pane-editor-completions", ".editor-pane");
      await page.keyboard.press("Escape");
      return labels;
    }
    expect(await suggestAt('{\n  "metrics": [\n    \n  ]\n}', 3)).toEqual([
      '"Actuals"',
      '"Budget"',
      '"Forecast"',
      '"PaymentsOnChain"',
    ]);
    expect(await suggestAt('{\n  "currency": \n}', 2)).toEqual(['"DAI"', '"DAI,MKR,USDC"', '"MKR"', '"USDC"', "null"]);
    expect(await suggestAt('{\n  "granularity": \n}', 2)).toEqual(
      ["annual", "daily", "hourly", "monthly", "quarterly", "semiAnnual", "total", "weekly"].map((g) => `"${g}"`),
    );
    expect(await suggestAt('{\n  "select": {\n    \n  }\n}', 3)).toEqual(["budget", "category"]);
    const paths = await suggestAt('{\n  "select": {\n    "budget": [\n      \n    ]\n  }\n}', 4);
    expect(paths.slice(0, 3)).toEqual(['"atlas"', '"atlas/legacy"', '"atlas/legacy/core-units"']);
    expect(paths).toContain('"atlas/legacy/core-units/CES-001"');
  });

  it("loaded nothing from outside the preview server", () => {
    expect(foreign).toEqual([]);
  });

  it("logged no page errors", () => {
    expect(errors).toEqual([]);
  });
});
