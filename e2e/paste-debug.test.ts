// "Paste and debug", end to end in Chromium on the 2,000-series demo (seed 42): every paste
// format recognised, converted, run and drawn as the engine in Node computes it; the run's SQL
// and its EXPLAIN plan; links that reproduce the view; run history and saved queries.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { AnalyticsGranularity, AnalyticsPath } from "../src/engine/index.js";
import { foldLiterals, formatSql } from "../src/ui/logs/formatSql.js";
import { formatNumber } from "../src/ui/chart/seriesModel.js";
import { decodeViewState } from "../src/playground/viewState.js";
import { PASTE_HELP } from "../src/service/paste/detect.js";
import type { QueryJson } from "../src/rpc/protocol.js";
import {
  afterRun,
  appRuns,
  debugNode,
  diffEditorLines,
  lineCount,
  setQuery,
  showTab,
  shownJson,
  tableRows,
  type DebugNode,
  type Outcome,
} from "./debugSupport.js";
import { MKR_PRICE } from "../test/support/prices.js";
import { screenshot, useApp, watchErrors, type Server, type Session } from "./harness.js";

const COUNT = 2000;
const SEED = 42;

let preview: Server;
let session: Session;
let page: Page;
let node: DebugNode;
let errors: string[];

const app = useApp({
  node: () => debugNode(COUNT, SEED),
  page: { viewport: { width: 1440, height: 900 }, permissions: ["clipboard-read", "clipboard-write"] },
});
beforeAll(() => ({ server: preview, session, page, node, errors } = app));

/** Pastes `text` into the paste box and submits it. */
async function pasteInBox(text: string): Promise<void> {
  await page.click("[data-testid=open-paste]");
  await page.fill("[data-testid=paste-box]", text);
  await page.click("[data-testid=paste-submit]");
}

const notice = () => page.locator("[data-testid=paste-notice]");
const editorQuery = async () => JSON.parse(await page.evaluate(() => window.__playground!.getQuery!())) as QueryJson;

/** The page shows exactly what the engine in Node computes: chart lines, periods, table rows, JSON. */
async function expectShown(expected: Outcome): Promise<void> {
  expect(await page.getAttribute(".app", "data-run-status")).toBe("done");
  await showTab(page, "chart");
  expect(expected.lines).toBeGreaterThan(0);
  expect(expected.results.length).toBeGreaterThan(1);
  await page.waitForSelector(".chart-pane path.recharts-line-curve");
  expect(await lineCount(page)).toBe(expected.lines);
  expect(await page.getAttribute(".chart-pane", "data-periods")).toBe(String(expected.results.length));
  expect(await tableRows(page)).toBe(expected.rows);
  expect(await shownJson(page)).toEqual(expected.results);
}

/** Each paste format, the query the editor must end up with. */
const Q1: QueryJson = {
  metrics: ["Actuals"],
  currency: "DAI",
  select: { budget: ["atlas/legacy"] },
  lod: { budget: 4 },
  granularity: "quarterly",
  start: "2022-01-01",
  end: "2023-01-01",
};
const Q2: QueryJson = {
  metrics: ["Budget", "Actuals"],
  currency: "DAI",
  select: { budget: ["atlas"] },
  lod: { budget: 2 },
  granularity: "monthly",
  start: "2021-01-01",
  end: "2023-01-01",
};
const Q3: QueryJson = {
  metrics: ["Actuals"],
  currency: "DAI",
  select: { category: ["atlas"] },
  lod: { category: 3 },
  granularity: "annual",
  start: "2021-01-01",
  end: "2025-01-01",
};
const Q4: QueryJson = {
  metrics: ["Budget"],
  currency: "DAI",
  select: { budget: ["atlas/scopes"] },
  lod: { budget: 3 },
  granularity: "semiAnnual",
  start: "2022-01-01",
  end: "2024-01-01",
};
const Q5: QueryJson = {
  metrics: ["Budget"],
  currency: "DAI",
  select: { budget: ["atlas"] },
  lod: { budget: 2 },
  granularity: "annual",
  start: "2021-01-01",
  end: "2026-01-01",
  conversions: [{ metric: "MKR-DAI", currency: "MKR" }],
};

describe("paste and debug (2,000 series, seed 42)", () => {
  it("boots the demo", async () => {
    await page.goto(`${preview.url}?count=${COUNT}&seed=${SEED}`);
    await page.waitForSelector("[data-testid=series-count]", { timeout: 90_000 });
    await page.waitForFunction(
      () =>
        document.querySelector(".app")?.getAttribute("data-run-status") === "done" &&
        document.querySelector(".chart-pane path.recharts-line-curve"),
      undefined,
      { timeout: 60_000 },
    );
    expect(await page.getAttribute("[data-testid=series-count]", "data-count")).toBe(String(COUNT));
  });

  it("paste box: a GraphQL AnalyticsFilter becomes the editor's query and runs", async () => {
    const filter = {
      start: "2022-01-01",
      end: "2023-01-01T00:00:00.000Z",
      granularity: "QUARTERLY",
      metrics: ["Actuals"],
      dimensions: [{ name: "budget", select: "atlas/legacy", lod: 4 }],
      currency: "DAI",
    };
    await afterRun(page, () => pasteInBox(JSON.stringify(filter, null, 2)));
    expect(await notice().getAttribute("data-format")).toBe("analyticsFilter");
    expect(await page.textContent("[data-testid=paste-notice-title]")).toBe(
      "Recognised a GraphQL AnalyticsFilter; converted to the editor's query",
    );
    expect(await page.locator("[data-testid=paste-dialog]").count()).toBe(0);
    expect(await editorQuery()).toEqual(Q1);
    await expectShown(await node.run(Q1));
    await screenshot(page, "paste-01-analytics-filter");
  });

  it('paste box: { "filter": … } variables, with a note for a dimension given two lods', async () => {
    const filter = {
      start: "2021-01-01",
      end: "2023-01-01",
      granularity: "monthly",
      metrics: ["Budget", "Actuals"],
      dimensions: [
        { name: "budget", select: "atlas", lod: 2 },
        { name: "budget", select: "atlas", lod: 3 },
      ],
      currency: "DAI",
    };
    await afterRun(page, () => pasteInBox(JSON.stringify({ filter })));
    expect(await notice().getAttribute("data-format")).toBe("filterVariables");
    expect(await page.textContent("[data-testid=paste-notice-title]")).toBe(
      'Recognised GraphQL variables { "filter": … }; converted to the editor\'s query',
    );
    expect(await page.locator("[data-testid=paste-note]").allTextContents()).toEqual([
      "dimension budget has two lods (2 and 3); kept 2",
    ]);
    // Both entries select atlas: the paths add up, as the GraphQL API does.
    expect(await editorQuery()).toEqual({ ...Q2, select: { budget: ["atlas", "atlas"] } });
    await expectShown(await node.run(Q2));
  });

  it("paste box: a whole GraphQL request body", async () => {
    const body = {
      operationName: "Analytics",
      query:
        "query Analytics($filter: AnalyticsFilter) { analytics { series(filter: $filter) { period start end rows { dimensions { name path } metric unit value sum } } } }",
      variables: {
        filter: {
          start: "2021-01-01",
          end: "2025-01-01",
          granularity: "annual",
          metrics: ["Actuals"],
          dimensions: [{ name: "category", select: "atlas", lod: 3 }],
          currency: "DAI",
        },
      },
    };
    await afterRun(page, () => pasteInBox(JSON.stringify(body)));
    expect(await page.textContent("[data-testid=paste-notice-title]")).toBe(
      "Recognised a GraphQL request body { query, variables }; converted to the editor's query",
    );
    expect(await editorQuery()).toEqual(Q3);
    await expectShown(await node.run(Q3));
  });

  it("paste box: a serialized AnalyticsQuery (paths as _t/_v, granularity as a number)", async () => {
    const serialized = JSON.stringify({
      start: "2022-01-01T00:00:00.000Z",
      end: "2024-01-01T00:00:00.000Z",
      granularity: AnalyticsGranularity.SemiAnnual,
      metrics: ["Budget"],
      currency: AnalyticsPath.fromString("DAI"),
      select: { budget: [AnalyticsPath.fromString("atlas/scopes")] },
      lod: { budget: 3 },
    });
    expect(serialized).toContain('"_t"');
    await afterRun(page, () => pasteInBox(serialized));
    expect(await page.textContent("[data-testid=paste-notice-title]")).toBe(
      "Recognised a serialized AnalyticsQuery (engine JSON); converted to the editor's query",
    );
    expect(await editorQuery()).toEqual(Q4);
    await expectShown(await node.run(Q4));
  });

  it("multi-currency conversions are kept: MKR converted into DAI by a price series", async () => {
    // A price of 1,500 DAI per MKR from 2020 on, imported through the import pane.
    await showTab(page, "transfer");
    await page.fill("[data-testid=import-text]", JSON.stringify([MKR_PRICE]));
    // The import is a data change: the shown query re-runs by itself.
    await afterRun(page, () => page.click("[data-testid=import-run]"));
    expect(await page.getAttribute("[data-testid=import-summary]", "data-imported")).toBe("1");
    await node.add([MKR_PRICE]);

    const filter = {
      start: "2021-01-01",
      end: "2026-01-01",
      granularity: "annual",
      metrics: ["Budget"],
      dimensions: [{ name: "budget", select: "atlas", lod: 2 }],
      currency: "DAI",
    };
    await afterRun(page, () =>
      pasteInBox(JSON.stringify({ filter, conversions: [{ metric: "MKR-DAI", sourceCurrency: "MKR" }] })),
    );
    expect(await page.locator("[data-testid=paste-note]").allTextContents()).toEqual([
      "Kept 1 currency conversion (MKR by MKR-DAI) into DAI.",
    ]);
    expect(await editorQuery()).toEqual(Q5);
    const expected = await node.run(Q5);
    const plain = await node.run({ ...Q5, conversions: undefined });
    const total = (o: Outcome) => o.results.reduce((t, p) => t + p.rows.reduce((s, r) => s + r.value, 0), 0);
    // MKR grants converted at 1,500 DAI each add to DAI alone.
    expect(total(expected)).toBeGreaterThan(total(plain) + 1000);
    await expectShown(expected);
  });

  it("paste box: SQL opens in the SQL editor and, when it only reads, runs there", async () => {
    const sql = `select metric, unit, count(*)::int as n from "AnalyticsSeries" group by metric, unit order by metric, unit nulls first`;
    const sqlRuns = Number((await page.getAttribute(".sql-pane", "data-runs")) ?? 0);
    await pasteInBox(sql);
    await page.waitForFunction(
      (n) =>
        Number(document.querySelector(".sql-pane")?.getAttribute("data-runs")) > n &&
        document.querySelector(".sql-pane")?.getAttribute("data-status") === "done",
      sqlRuns,
      { timeout: 30_000 },
    );
    expect(await page.textContent("[data-testid=paste-notice-title]")).toBe("Recognised SQL; opened in the SQL editor");
    expect(await page.getAttribute('.tab-list [data-tab="sql"]', "aria-selected")).toBe("true");
    expect(await page.evaluate(() => window.__playground!.getSql!())).toBe(sql);
    const grid = await page
      .locator(".sql-pane [data-testid=sql-statement]")
      .first()
      .evaluate((el) =>
        [...el.querySelectorAll("tbody tr")].map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)),
      );
    const expected = (await node.raw(sql)).map((r) => [
      String(r.metric),
      r.unit === null ? "NULL" : String(r.unit),
      String(r.n),
    ]);
    expect(grid.map((row) => [row[0], row[1] === "null" ? "NULL" : row[1], row[2]])).toEqual(expected);
    await screenshot(page, "paste-02-sql");

    // A statement that writes is opened, not run.
    const before = Number(await page.getAttribute(".sql-pane", "data-runs"));
    await pasteInBox(`delete from "AnalyticsSeries" where source = 'nothing/here'`);
    await page.waitForFunction(() => window.__playground!.getSql!().startsWith("delete"));
    expect(await page.locator("[data-testid=paste-note]").allTextContents()).toEqual([
      "Not run: it may change data. Press Ctrl/⌘+Enter in the SQL editor to run it.",
    ]);
    expect(Number(await page.getAttribute(".sql-pane", "data-runs"))).toBe(before);
  });

  it("paste box: anything else is refused with what it expects, the editor untouched", async () => {
    const text = await page.evaluate(() => window.__playground!.getQuery!());
    const runs = await appRuns(page);
    await pasteInBox("budget for atlas, monthly please");
    await page.waitForSelector("[data-testid=paste-notice][data-ok=false]");
    expect(await page.textContent("[data-testid=paste-notice-title]")).toBe("Nothing recognised in this paste");
    expect(await page.textContent("[data-testid=paste-help]")).toBe(
      `this is neither JSON, SQL nor GraphQL.\n${PASTE_HELP}`,
    );
    // The box stays open with the text, to fix it.
    expect(await page.inputValue("[data-testid=paste-box]")).toBe("budget for atlas, monthly please");
    await screenshot(page, "paste-03-refused");
    await page.keyboard.press("Escape");
    expect(await page.locator("[data-testid=paste-dialog]").count()).toBe(0);
    expect(await page.evaluate(() => window.__playground!.getQuery!())).toBe(text);
    expect(await appRuns(page)).toBe(runs);
  });

  it("pasting over the whole query editor converts too; pasted SQL moves to the SQL editor", async () => {
    await setQuery(page, JSON.stringify(Q4, null, 2));
    const filter = {
      start: "2022-01-01",
      end: "2023-01-01",
      granularity: "quarterly",
      metrics: ["Actuals"],
      dimensions: [{ name: "budget", select: "atlas/legacy", lod: 4 }],
      currency: "DAI",
    };
    const pasteOverEditor = async (text: string) => {
      await page.click(".editor-pane .monaco-editor .view-lines");
      await page.keyboard.press("Control+A");
      await page.evaluate((t) => navigator.clipboard.writeText(t), text);
      await page.keyboard.press("Control+V");
    };
    await afterRun(page, () =>
      pasteOverEditor(JSON.stringify({ query: "query ($f: AnalyticsFilter) { x }", variables: { f: filter } })),
    );
    expect(await notice().getAttribute("data-format")).toBe("graphqlRequest");
    expect(await editorQuery()).toEqual(Q1);
    await expectShown(await node.run(Q1));

    const text = await page.evaluate(() => window.__playground!.getQuery!());
    await pasteOverEditor(`select count(*) from "AnalyticsDimension"`);
    await page.waitForFunction(() => window.__playground!.getSql!() === `select count(*) from "AnalyticsDimension"`);
    await page.waitForFunction((t) => window.__playground!.getQuery!() === t, text);
    await page.click("[data-testid=paste-notice] button[aria-label=Dismiss]");
  });

  it("SQL & plan: the run's statements with values bound, open in the SQL editor, EXPLAIN with the slowest node marked", async () => {
    const expected = await node.run(Q1);
    await showTab(page, "plan");
    const statements = page.locator("[data-testid=plan-statement]");
    expect(await statements.count()).toBe(expected.statements.length);
    const squash = (s: string) => s.replace(/\s+/g, "");
    const texts = await page.locator("[data-testid=plan-sql]").allTextContents();
    // Long array literals (period boundaries, ids) are folded; the rest is the statement as it ran.
    expect(texts.map(squash)).toEqual(expected.statements.map((s) => squash(foldLiterals(s.sql)?.text ?? s.sql)));
    // Bound values are inlined: the select path and dates are in the text, no placeholders.
    const k = expected.statements.findIndex((s) => s.sql.includes('from "AnalyticsSeries"'));
    expect(k).toBeGreaterThanOrEqual(0);
    expect(texts.join("\n")).toContain("'atlas/legacy/'");
    expect(texts[k]).toContain(`"s"."metric" = any('{"Actuals"}'::text[])`);
    expect(texts[k]).toContain(`"s"."start" <= '2023-01-01T00:00:00.000Z'`);
    // Outside string literals (the read cuts paths with a regex, which may hold a `?`).
    expect(texts.join("\n").replace(/'(?:[^']|'')*'/g, "''")).not.toMatch(/\$\d|\?/);

    const reading = statements.nth(k);
    await reading.locator("[data-testid=plan-explain]").click();
    const tree = reading.locator("[data-testid=plan-tree]");
    await tree.waitFor({ timeout: 30_000 });
    const nodes = await tree.locator("[data-testid=plan-node]").evaluateAll((els) =>
      els.map((e) => ({
        slowest: e.getAttribute("data-slowest"),
        self: Number(e.getAttribute("data-self-ms")),
        rows: Number(e.getAttribute("data-rows")),
      })),
    );
    expect(nodes.length).toBe(Number(await tree.getAttribute("data-nodes")));
    expect(nodes.length).toBeGreaterThan(1);
    expect(nodes.filter((n) => n.slowest === "true")).toHaveLength(1);
    expect(nodes.find((n) => n.slowest === "true")!.self).toBe(Math.max(...nodes.map((n) => n.self)));
    // The store's own statement, under the plan it keeps for the shape: its root folds the rows
    // the statement returned into one JSON text.
    expect(await reading.locator("[data-testid=plan-prepared]").getAttribute("data-prepared")).toBe("kept");
    expect([nodes[0].rows, nodes[1].rows]).toEqual([1, expected.statements[k].rows]);
    expect(await tree.locator(".plan-node.slowest .plan-flag").textContent()).toBe("slowest");
    // A tall window, so the tools row shows the whole tree.
    await page.setViewportSize({ width: 1440, height: 1500 });
    await tree.locator(".plan-node.slowest").scrollIntoViewIfNeeded();
    await screenshot(page, "plan-01-explain");
    await screenshot(page, "plan-02-pane", ".tabs:has([data-tab=plan])");
    await screenshot(page, "plan-03-tree", "[data-testid=plan-tree]");
    await page.setViewportSize({ width: 1440, height: 900 });

    await reading.locator("[data-testid=plan-open-sql]").click();
    expect(await page.getAttribute('.tab-list [data-tab="sql"]', "aria-selected")).toBe("true");
    expect(await page.evaluate(() => window.__playground!.getSql!())).toBe(formatSql(expected.statements[k].sql));
  });

  let link = "";
  let filter = "";
  let layout: { top: number; left: number; bottomLeft: number };
  const CHART = { kind: "bar", measure: "sum", top: 10, other: true };
  it("the URL hash follows the view; Copy link gives a link with the dataset", async () => {
    // How the chart is drawn travels too.
    await showTab(page, "chart");
    await page.click('.chart-pane [aria-label="Chart type"] button:text-is("Bar")');
    await page.click('.chart-pane [aria-label="Measure"] button:text-is("sum")');
    await page.selectOption("[data-testid=chart-top]", "10");
    await showTab(page, "table");
    // The table sorted by value, largest first, and filtered to one budget path: both travel.
    filter = (await node.run(Q1)).results[0].rows[0].dimensions.budget.path;
    const valueHeader = page.locator(".table-pane [data-testid=grid-sort]", { hasText: /^value/ });
    await valueHeader.click();
    await valueHeader.click();
    await page.fill(".table-pane [data-testid=grid-filter]", filter);
    // And the splitter between the editor and the results, dragged to the middle.
    const top = page.locator(".workspace > .row").first();
    const [bar, row] = [(await top.locator(".splitter").boundingBox())!, (await top.boundingBox())!];
    await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2);
    await page.mouse.down();
    await page.mouse.move(row.x + row.width / 2, bar.y + bar.height / 2, { steps: 4 });
    await page.mouse.up();
    await showTab(page, "plan");
    const text = await page.evaluate(() => window.__playground!.getQuery!());
    const sql = await page.evaluate(() => window.__playground!.getSql!());
    // The address bar follows edits (after a short pause).
    await expect
      .poll(async () => (await decodeViewState(new URL(page.url()).hash))?.tab, { timeout: 5000 })
      .toBe("table,plan");
    // The address bar leaves the splitters to this browser; the copied link carries them.
    expect(await decodeViewState(new URL(page.url()).hash)).toEqual({
      query: text,
      sql,
      tab: "table,plan",
      dataset: { count: COUNT, seed: SEED },
      chart: CHART,
      table: { filter, sort: { column: "value", dir: "desc" } },
    });

    await page.click("[data-testid=copy-link]");
    link = await page.inputValue("[data-testid=share-link]");
    const url = new URL(link);
    layout = (await decodeViewState(url.hash))!.layout!;
    expect(layout.left).toBeGreaterThan(0.45);
    expect(layout.left).toBeLessThan(0.55);
    expect(layout).toEqual({ top: 0.62, left: layout.left, bottomLeft: 0.6 });
    expect(url.searchParams.get("count")).toBe(String(COUNT));
    expect(url.searchParams.get("seed")).toBe(String(SEED));
    expect(await decodeViewState(url.hash)).toEqual({
      query: text,
      sql,
      tab: "table,plan",
      dataset: { count: COUNT, seed: SEED },
      chart: CHART,
      table: { filter, sort: { column: "value", dir: "desc" } },
      layout,
    });
    // The clipboard holds it too.
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await screenshot(page, "share-01-copied", ".header");
    // Back to lines for the tests that count them.
    await showTab(page, "chart");
    await page.click('.chart-pane [aria-label="Chart type"] button:text-is("Line")');
    await page.click('.chart-pane [aria-label="Measure"] button:text-is("value")');
    await page.selectOption("[data-testid=chart-top]", "60");
    await showTab(page, "table");
    await page.fill(".table-pane [data-testid=grid-filter]", "");
    await page.locator(".table-pane [data-testid=grid-sort]", { hasText: /^value/ }).click();
    expect(await page.locator(".table-pane th[aria-sort=none]").count()).toBe(6);
  });

  it("a copied link opened in a new page reproduces the editor text, tabs and results", async () => {
    const other = await session.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const otherErrors = watchErrors(other);
    try {
      await other.goto(link);
      await other.waitForFunction(
        () =>
          Number(document.querySelector(".app")?.getAttribute("data-runs")) > 0 &&
          document.querySelector(".app")?.getAttribute("data-run-status") === "done",
        undefined,
        { timeout: 90_000 },
      );
      expect(await other.evaluate(() => window.__playground!.getQuery!())).toBe(
        await page.evaluate(() => window.__playground!.getQuery!()),
      );
      expect(await other.evaluate(() => window.__playground!.getSql!())).toBe(
        await page.evaluate(() => window.__playground!.getSql!()),
      );
      expect(await other.getAttribute('.tab-list [data-tab="table"]', "aria-selected")).toBe("true");
      expect(await other.getAttribute('.tab-list [data-tab="plan"]', "aria-selected")).toBe("true");
      // The same data (the link boots the same demo; the price series was added by hand, and Q1 does not read it).
      const expected = await node.run(Q1);
      // The table as it was shared: filtered to one path, largest value first.
      expect(await other.inputValue(".table-pane [data-testid=grid-filter]")).toBe(filter);
      expect(await other.getAttribute(".table-pane th[aria-sort=descending]", "aria-sort")).toBe("descending");
      expect(await other.textContent(".table-pane th[aria-sort=descending]")).toBe("value ▼");
      const kept = expected.results
        .flatMap((p) => p.rows.map((r) => ({ period: p.period, ...r })))
        .filter((r) =>
          [r.period, r.dimensions.budget.path, r.metric, r.unit, r.value, r.sum].some(
            (c) => c !== null && String(c).toLowerCase().includes(filter.toLowerCase()),
          ),
        );
      expect(kept.length).toBeGreaterThan(1);
      expect(kept.length).toBeLessThan(expected.rows);
      const values = [...kept.map((r) => r.value)].sort((x, y) => y - x).map(formatNumber);
      expect(await other.locator("[data-testid=table-row] td:nth-child(5)").allTextContents()).toEqual(values);
      // The splitter where it was dragged.
      expect(
        await other
          .locator(".workspace > .row")
          .first()
          .evaluate((el) => el.style.gridTemplateColumns),
      ).toBe(`${layout.left}fr 5px ${1 - layout.left}fr`);
      await other.fill(".table-pane [data-testid=grid-filter]", "");
      expect(await other.locator("[data-testid=table-row]").count()).toBe(expected.rows);
      await other.click('.tab-list [data-tab="json"]');
      expect(JSON.parse((await other.textContent("[data-testid=json-view]")) ?? "null")).toEqual(expected.results);
      await other.click('.tab-list [data-tab="chart"]');
      const pressed = (group: string) =>
        other.textContent(`.chart-pane [aria-label="${group}"] button[aria-pressed=true]`);
      expect([
        await pressed("Chart type"),
        await pressed("Measure"),
        await other.inputValue("[data-testid=chart-top]"),
      ]).toEqual(["Bar", "sum", "10"]);
      await other.click('.chart-pane [aria-label="Chart type"] button:text-is("Line")');
      await other.selectOption("[data-testid=chart-top]", "60");
      await other.waitForSelector(".chart-pane path.recharts-line-curve");
      expect(await other.locator(".chart-pane path.recharts-line-curve").count()).toBe(expected.lines);
      await screenshot(other, "share-02-opened-link");

      // A damaged link says so and shows the default view (a fresh load: a new hash alone would not reload).
      await other.goto("about:blank");
      await other.goto(`${link.slice(0, link.indexOf("#v1=") + 12)}`);
      await other.waitForSelector("[data-testid=share-problem]", { timeout: 60_000 });
      expect(await other.textContent("[data-testid=share-problem]")).toContain("this link's view is damaged");
      expect(otherErrors).toEqual([]);
    } finally {
      await other.close();
    }
    // A second page boots its own engine: on a busy machine that alone can take most of the default.
  }, 150_000);

  it("history: every run with its counts, re-run, and a line diff against the editor", async () => {
    await showTab(page, "history");
    const entries = page.locator("[data-testid=history-entry]");
    // Newest first: the last run was Q1 (pasted over the editor).
    const q1 = await node.run(Q1);
    expect(await entries.first().getAttribute("data-periods")).toBe(String(q1.results.length));
    expect(await entries.first().getAttribute("data-rows")).toBe(String(q1.rows));
    const stored = await page.evaluate(
      () => JSON.parse(localStorage.getItem("analytics-playground.history.v1") ?? "[]") as { text: string }[],
    );
    expect(stored.length).toBe(await entries.count());
    expect(JSON.parse(stored[0].text)).toEqual(Q1);
    // The runs of this session, newest first: Q1, the SQL and refused pastes ran nothing, Q5, the live re-run is not history, Q4, Q3, Q2, Q1, default.
    expect(stored.slice(0, 6).map((e) => JSON.parse(e.text) as QueryJson)).toEqual([
      Q1,
      Q5,
      Q4,
      Q3,
      { ...Q2, select: { budget: ["atlas", "atlas"] } },
      Q1,
    ]);

    // Diff: the run of Q4 (index 2) against the editor's query, in Monaco's diff editor.
    const edited = { ...Q1, granularity: "monthly" };
    await setQuery(page, JSON.stringify(edited, null, 2));
    await entries.nth(2).locator("[data-testid=history-diff]").click();
    // Lines of one text the other lacks: all that differ here (no line is merely moved).
    const only = (a: QueryJson, b: QueryJson) => {
      const other = new Set(JSON.stringify(b, null, 2).split("\n"));
      return JSON.stringify(a, null, 2)
        .split("\n")
        .filter((l) => !other.has(l));
    };
    expect(await diffEditorLines(page, "[data-testid=history-editor-diff]")).toEqual({
      removed: only(Q4, edited),
      added: only(edited, Q4),
    });
    const [removed, added] = [only(Q4, edited).length, only(edited, Q4).length];
    expect([removed, added]).toEqual([5, 5]);
    expect(await page.textContent("[data-testid=history-editor-diff] [data-testid=diff-summary]")).toBe(
      "− this run · + the editor's query · 5 lines removed, 5 added",
    );
    await screenshot(page, "history-01-diff", ".tabs:has([data-tab=history])");
    await screenshot(page, "history-02-diff-lines", "[data-testid=diff-view]");
    await entries.nth(2).locator("[data-testid=history-diff]").click();

    // Two runs ticked: the older (Q3) on the left, the newer (Q4) on the right, whatever the order ticked.
    expect(JSON.parse(stored[3].text)).toEqual(Q3);
    await entries.nth(2).locator("[data-testid=history-pick]").check();
    await entries.nth(3).locator("[data-testid=history-pick]").check();
    expect(await diffEditorLines(page, "[data-testid=history-pair-diff]")).toEqual({
      removed: [
        '    "Actuals"',
        '    "category": [',
        '      "atlas"',
        '    "category": 3',
        '  "granularity": "annual",',
        '  "start": "2021-01-01",',
        '  "end": "2025-01-01"',
      ],
      added: [
        '    "Budget"',
        '    "budget": [',
        '      "atlas/scopes"',
        '    "budget": 3',
        '  "granularity": "semiAnnual",',
        '  "start": "2022-01-01",',
        '  "end": "2024-01-01"',
      ],
    });
    await screenshot(page, "history-03-two-runs", "[data-testid=history-pair-diff]");
    await entries.nth(2).locator("[data-testid=history-pick]").uncheck();
    expect(await page.locator("[data-testid=history-pair-diff]").count()).toBe(0);

    // Re-run puts the run's text back and runs it.
    await afterRun(page, () => entries.nth(2).locator("[data-testid=history-rerun]").click());
    expect(await editorQuery()).toEqual(Q4);
    await expectShown(await node.run(Q4));
  });

  it("saved queries: save, load after a reload, delete", async () => {
    await showTab(page, "history");
    await page.fill("[data-testid=save-name]", "scopes half-yearly");
    await page.click("[data-testid=save-query]");
    expect(
      await page.locator("[data-testid=saved-query]").evaluateAll((els) => els.map((e) => e.getAttribute("data-name"))),
    ).toEqual(["scopes half-yearly"]);

    await page.reload();
    await page.waitForFunction(
      () => document.querySelector(".app")?.getAttribute("data-run-status") === "done",
      undefined,
      { timeout: 90_000 },
    );
    await showTab(page, "history");
    await setQuery(page, JSON.stringify(Q2, null, 2));
    const saved = page.locator('[data-testid=saved-query][data-name="scopes half-yearly"]');
    await afterRun(page, () => saved.locator("[data-testid=saved-run]").click());
    expect(await editorQuery()).toEqual(Q4);
    await saved.locator("[data-testid=saved-delete]").click();
    expect(await page.locator("[data-testid=saved-query]").count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem("analytics-playground.saved.v1"))).toBe("[]");
  });

  it("no page errors", () => {
    expect(errors).toEqual([]);
  });
});
