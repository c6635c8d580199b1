// "Debug with confidence" in Chromium on the 2,000-series demo (seed 42): names that match nothing
// are marked in the editor and listed with the result; the chart and table say when they show
// something else than the editor, or an error; a picked example runs and keeps its name shown.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { EXAMPLES, toText } from "../src/ui/query/examples.js";
import { afterRun, debugNode, lineCount, setQuery, showTab, type DebugNode } from "./debugSupport.js";
import { screenshot, useApp, type Server } from "./harness.js";

const COUNT = 2000;
const SEED = 42;

let preview: Server;
let page: Page;
let node: DebugNode;
let errors: string[];

const app = useApp({
  node: () => debugNode(COUNT, SEED),
  page: { viewport: { width: 1440, height: 900 }, permissions: ["clipboard-read", "clipboard-write"] },
});
beforeAll(() => ({ server: preview, page, node, errors } = app));

const run = () => afterRun(page, () => page.evaluate(() => window.__playground!.run!()));
const list = (names: unknown[]) => names.slice(0, 8).join(", ") + (names.length > 8 ? ", …" : "");
const TYPO = {
  metrics: ["Budgett", "Actuals"],
  currency: "DAI",
  select: { budget: ["atlas/legcy"] },
  lod: { budget: 3 },
  granularity: "annual",
  start: "2021-01-01",
  end: "2023-01-01",
};

describe("debug with confidence (2,000 series, seed 42)", () => {
  it("boots the demo", async () => {
    await page.goto(`${preview.url}?count=${COUNT}&seed=${SEED}`);
    await page.waitForFunction(
      () =>
        document.querySelector(".app")?.getAttribute("data-run-status") === "done" &&
        document.querySelector(".editor-pane .monaco-editor"),
      undefined,
      { timeout: 90_000 },
    );
  });

  it("an unknown metric and path: a warning marker in the editor, and the result says what matched nothing", async () => {
    await setQuery(page, JSON.stringify(TYPO, null, 2));
    await run();
    const metrics = (await node.raw(`select distinct metric from "AnalyticsSeries" order by metric`)).map(
      (r) => r.metric,
    );
    const under = [
      ...new Set(
        (await node.raw(`select distinct path from "AnalyticsDimension" where dimension = 'budget'`))
          .map((r) => String(r.path).replace(/\/$/, ""))
          .filter((p) => p.startsWith("atlas/"))
          .map((p) => p.split("/").slice(0, 2).join("/")),
      ),
    ].sort();
    const expected = [
      `no metric 'Budgett' (did you mean 'Budget'?); known: ${list(metrics)}`,
      `no budget path 'atlas/legcy' (did you mean 'atlas/legacy'?); known under 'atlas': ${list(under)}`,
    ];
    await showTab(page, "chart");
    expect(await page.locator(".chart-pane [data-testid=result-warnings] li").allTextContents()).toEqual(expected);
    await showTab(page, "table");
    expect(await page.locator(".table-pane [data-testid=result-warnings] li").allTextContents()).toEqual(expected);
    await showTab(page, "chart");
    // Two warning squiggles; hovering the first shows its message.
    await page.waitForSelector(".editor-pane .squiggly-warning");
    expect(await page.locator(".editor-pane .squiggly-warning").count()).toBe(2);
    await page.hover(".editor-pane .squiggly-warning", { force: true });
    await page.waitForFunction(
      (text) => [...document.querySelectorAll(".monaco-hover-content")].some((e) => e.textContent?.includes(text)),
      expected[0],
      { timeout: 10_000 },
    );
    await screenshot(page, "debug-01-names");
  });

  it("an edited editor: the chart and table say so until the next run", async () => {
    expect(await page.locator("[data-testid=result-stale]").count()).toBe(0);
    await setQuery(page, JSON.stringify({ ...TYPO, metrics: ["Budget"] }, null, 2));
    await page.waitForSelector(".chart-pane [data-testid=result-stale]");
    expect(await page.textContent(".chart-pane [data-testid=result-stale]")).toBe("edited — Ctrl+Enter to run");
    await showTab(page, "table");
    expect(await page.textContent(".table-pane [data-testid=result-stale]")).toBe("edited — Ctrl+Enter to run");
    await showTab(page, "chart");
    await run();
    expect(await page.locator("[data-testid=result-stale]").count()).toBe(0);
  });

  it("after an error the previous result stays, dimmed, with the error", async () => {
    await setQuery(page, JSON.stringify({ ...TYPO, granularity: "fortnightly" }, null, 2));
    await run();
    expect(await page.textContent(".chart-pane [data-testid=result-error]")).toMatch(
      /^Error granularity: unknown granularity "fortnightly"; use one of .* — showing run #\d+$/,
    );
    const opacities = await page.evaluate(() =>
      [...document.querySelector(".chart-pane")!.children]
        .filter((c) => !c.matches(".toolbar, .result-note"))
        .map((c) => getComputedStyle(c).opacity),
    );
    expect(opacities.length).toBeGreaterThan(0);
    expect(new Set(opacities)).toEqual(new Set(["0.4"]));
    expect(await page.locator("[data-testid=result-stale]").count()).toBe(0);
    await screenshot(page, "debug-02-error");
  });

  it("picking an example runs it and keeps its name shown", async () => {
    const i = 1;
    await afterRun(page, () => page.selectOption("[data-testid=examples]", String(i)));
    expect(await page.evaluate(() => window.__playground!.getQuery!())).toBe(toText(EXAMPLES[i].query));
    expect(await page.$eval("[data-testid=examples]", (s) => (s as HTMLSelectElement).selectedOptions[0].text)).toBe(
      EXAMPLES[i].name,
    );
    const expected = await node.run(EXAMPLES[i].query);
    await page.waitForSelector(".chart-pane path.recharts-line-curve");
    expect(await lineCount(page)).toBe(expected.lines);
    expect(await page.getAttribute(".chart-pane", "data-periods")).toBe(String(expected.results.length));
    expect(await page.locator("[data-testid=result-stale], [data-testid=result-error]").count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("EXPLAIN: the real duration and overhead beside the plan, timing off, estimates, buffers, two plans side by side", async () => {
    await showTab(page, "plan");
    const reading = page.locator("[data-testid=plan-statement]").filter({ hasText: 'from "AnalyticsSeries"' }).first();
    // Its long array literals are folded, and unfold to the statement as it ran.
    const sqlText = reading.locator("[data-testid=plan-sql]");
    expect(await sqlText.getAttribute("data-folded")).toBe("true");
    expect(await sqlText.textContent()).toMatch(/,…\d+ more…,/);
    await reading.locator("[data-testid=plan-unfold]").click();
    expect(await sqlText.getAttribute("data-folded")).toBe("false");
    expect(await sqlText.textContent()).not.toContain("more…");
    await reading.locator("[data-testid=plan-unfold]").click();
    await reading.locator("[data-testid=plan-explain]").click();
    const first = reading.locator("[data-testid=plan-tree]");
    await first.waitFor({ timeout: 30_000 });
    expect(await first.getAttribute("data-timing")).toBe("true");
    const real = reading.locator("[data-testid=plan-real]");
    const realMs = Number(await real.getAttribute("data-real-ms"));
    const overheadMs = Number(await real.getAttribute("data-overhead-ms"));
    const executionMs = Number(
      /execution ([\d.]+) ms/.exec((await reading.locator("[data-testid=plan-times]").textContent()) ?? "")![1],
    );
    expect(realMs).toBeGreaterThan(0);
    // The overhead is EXPLAIN ANALYZE's execution time less the real run (shown rounded).
    expect(Math.abs(executionMs - realMs - overheadMs)).toBeLessThan(Math.max(0.01, executionMs * 0.01));
    expect(await real.textContent()).toMatch(
      /^real run without EXPLAIN: [\d.]+ ms · instrumentation overhead [+−][\d.]+ ms/,
    );
    // Every node: actual rows beside the estimate, and buffers.
    const nodes = first.locator("[data-testid=plan-node]");
    const n = await nodes.count();
    expect(await first.locator("[data-testid=plan-buffers]").count()).toBe(n);
    const shown = await nodes.evaluateAll((els) =>
      els.map((e) => [e.getAttribute("data-rows"), e.getAttribute("data-plan-rows"), e.textContent ?? ""]),
    );
    for (const [rows, planRows, text] of shown) {
      expect(text).toContain(`${Number(rows).toLocaleString("en-US")} row`);
      expect(text).toContain(`/ est ${Number(planRows).toLocaleString("en-US")}`);
    }

    // Timing off: rows and buffers, no per-node times.
    await reading.locator("[data-testid=plan-timing]").uncheck();
    await reading.locator("[data-testid=plan-explain]").click();
    await page.waitForSelector("[data-testid=plan-tree][data-timing=false]", { timeout: 30_000 });
    const off = reading.locator("[data-testid=plan-tree][data-timing=false]");
    expect(await off.locator("[data-testid=plan-node]").count()).toBe(n);
    expect(await off.locator("[data-testid=plan-node][data-self-ms]").count()).toBe(0);
    expect(await off.locator(".plan-node.slowest").count()).toBe(0);
    expect(await off.locator("[data-testid=plan-times]").textContent()).toContain("under EXPLAIN ANALYZE (timing off)");

    // The two plans side by side: before (timing) and after (timing off).
    await reading.locator("[data-testid=plan-side-by-side]").check();
    const pair = reading.locator("[data-testid=plan-pair] [data-testid=plan-tree]");
    expect(await pair.evaluateAll((els) => els.map((e) => e.getAttribute("data-timing")))).toEqual(["true", "false"]);
    await screenshot(page, "debug-03-plans", "[data-testid=plan-pair]");
    expect(errors).toEqual([]);
  });

  it("Copy debug report: query, SQL, the explained plans, profiler stages, backend and dataset in Markdown", async () => {
    const runId = Number(await page.getAttribute(".plan-pane", "data-run-id"));
    await page.click("[data-testid=copy-debug-report]");
    const report = await page.evaluate(() => navigator.clipboard.readText());
    const query = await page.evaluate(() => window.__playground!.getQuery!());
    const lines = report.split("\n");
    expect(lines.slice(0, 4)).toEqual([
      `# Analytics Playground debug report — run #${runId}`,
      "",
      "- dataset: 2,000 series, seed 42, store memory",
      "- backend: in this tab (PGlite)",
    ]);
    expect(report).toContain(`## Query\n\`\`\`json\n${query}\n\`\`\``);
    const statements = await page.locator(".plan-pane [data-testid=plan-statement]").count();
    expect(lines.filter((l) => l.startsWith("### Statement "))).toHaveLength(statements);
    // The statement explained above, with both its plans' last one (timing off): the plan the
    // store keeps for the query's shape.
    expect(report).toMatch(
      /Plan \(kept for the query's shape, made without the values\): execution [\d.]+ ms under EXPLAIN ANALYZE \(timing off\), planning [\d.]+ ms, real run [\d.]+ ms/,
    );
    expect(report).toContain("## Profiler stages\n\n| stage | start ms | duration ms |\n| --- | ---: | ---: |\n| ");
    expect(lines.filter((l) => /^\| (Query|GetGroupedSeries|Discretize|ToDTO) \|/.test(l)).length).toBeGreaterThan(2);
  });

  it("SQL-editor and Compare runs are profiled", async () => {
    const latestRun = () => page.locator("[data-testid=profiler-run]").first();
    await page.evaluate(() => window.__playground!.setSql!('select count(*) from "AnalyticsSeries"'));
    await showTab(page, "sql");
    const before = Number(await page.getAttribute(".sql-pane", "data-runs"));
    await page.click(".sql-pane .monaco-editor .view-lines");
    await page.keyboard.press("Control+Enter");
    await page.waitForFunction(
      (n) => Number(document.querySelector(".sql-pane")?.getAttribute("data-runs")) > n,
      before,
      { timeout: 30_000 },
    );
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=profiler-run]")?.textContent?.includes("SQL editor"),
    );
    expect(await latestRun().locator(".history-summary").textContent()).toBe("SQL editor · 1 statement");
    expect(
      await page
        .locator("[data-testid=waterfall] [data-testid=timing]")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-metric"))),
    ).toContain("QueryRaw");

    await showTab(page, "compare");
    const runs = Number(await page.getAttribute(".compare-pane", "data-runs"));
    await page.selectOption("[data-testid=compare-granularity]", "annual");
    await page.waitForFunction(
      (n) => Number(document.querySelector(".compare-pane")?.getAttribute("data-runs")) > n,
      runs,
      { timeout: 30_000 },
    );
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=profiler-run]")?.textContent?.includes("Compare B"),
    );
    expect(await latestRun().locator(".history-summary").textContent()).toMatch(/^Compare B · \d+ periods?$/);
    expect(
      await page
        .locator("[data-testid=waterfall] [data-testid=timing]")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-metric"))),
    ).toContain("Query");
  });
});
