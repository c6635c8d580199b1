// The one grid (table, SQL results, compare): every row received is reachable by scrolling,
// a header click sorts (numbers as numbers), the box filters. 2,000-series demo, seed 7.
import { createHash } from "node:crypto";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { formatNumber } from "../src/ui/chart/seriesModel.js";
import type { QueryJson } from "../src/rpc/protocol.js";
import { screenshot, useApp, type Preview } from "./harness.js";
import { afterRun, debugNode, setQuery, showTab, type DebugNode } from "./debugSupport.js";

const COUNT = 2000;
const SEED = 7;

let preview: Preview;
let page: Page;
let node: DebugNode;
let errors: string[];

const app = useApp({ node: () => debugNode(COUNT, SEED), page: { viewport: { width: 1440, height: 1000 } } });
beforeAll(() => ({ server: preview, page, node, errors } = app));

const cellsOf = (selector: string) =>
  page
    .locator(selector)
    .evaluateAll((trs) => trs.slice(0, 3).map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)));

/** Clicks the header labelled `label` inside `scope` once per direction step. */
async function clickHeader(scope: string, label: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++)
    await page.locator(`${scope} [data-testid=grid-sort]`, { hasText: new RegExp(`^${label}( [▲▼])?$`) }).click();
}

const N = 10_000;
const sqlRows = Array.from({ length: N }, (_, i) => {
  const g = i + 1;
  return [String(g), `row ${g}`, String((g * 37) % 1001), createHash("md5").update(String(g)).digest("hex")];
});

describe("grids", () => {
  it("boots", async () => {
    await page.goto(`${preview.url}?count=${COUNT}&seed=${SEED}`);
    await page.waitForFunction(
      () => document.querySelector(".app")?.getAttribute("data-run-status") === "done",
      undefined,
      {
        timeout: 60_000,
      },
    );
  });

  it("SQL results: all 10,000 rows received are reachable; the last row's exact values after scrolling", async () => {
    await showTab(page, "sql");
    await page.evaluate(
      (t) => window.__playground!.setSql!(t),
      "select g as n, 'row ' || g as label, (g * 37) % 1001 as k, md5(g::text) as h from generate_series(1, 10000) g",
    );
    await page.waitForFunction(() => document.querySelector(".sql-pane .view-lines")?.textContent?.includes("select"));
    const before = Number(await page.getAttribute(".sql-pane", "data-runs"));
    await page.click(".sql-pane .monaco-editor .view-lines");
    await page.keyboard.press("Control+Enter");
    await page.waitForFunction(
      (n) => Number(document.querySelector(".sql-pane")?.getAttribute("data-runs")) > n,
      before,
      { timeout: 30_000 },
    );
    expect(await page.textContent(".sql-pane [data-testid=sql-row-count]")).toBe("10,000 rows · 4 columns");
    expect(await page.getAttribute(".sql-pane table.results", "data-rows")).toBe("10000");
    expect(await page.locator(".sql-pane [data-testid=sql-cut]").count()).toBe(0);
    const rendered = await page.locator(".sql-pane [data-testid=sql-row]").count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(200);
    expect(await cellsOf(".sql-pane [data-testid=sql-row]")).toEqual(sqlRows.slice(0, 3));

    await page.locator(".sql-pane .sql-grid").evaluate((el) => (el.scrollTop = el.scrollHeight));
    const last = `.sql-pane [data-testid=sql-row][data-index="${N - 1}"]`;
    await page.waitForSelector(last);
    expect(await page.locator(`${last} td`).allTextContents()).toEqual(sqlRows[N - 1]);
    expect(sqlRows[N - 1].slice(0, 3)).toEqual(["10000", "row 10000", "631"]);
    await screenshot(page, "grids-01-sql-last-row", ".sql-pane");
  });

  it("SQL results: a header click sorts numerically, twice descending; the filter box narrows", async () => {
    await page.locator(".sql-pane .sql-grid").evaluate((el) => (el.scrollTop = 0));
    await clickHeader(".sql-pane", "n", 2);
    expect(await page.getAttribute(".sql-pane th[aria-sort=descending]", "aria-sort")).toBe("descending");
    // As text, "9999" would come first.
    expect(await cellsOf(".sql-pane [data-testid=sql-row]")).toEqual([sqlRows[9999], sqlRows[9998], sqlRows[9997]]);
    await clickHeader(".sql-pane", "k", 1);
    // k ascending: 0 first, ties in the order received (g = 1001, 2002, 3003).
    expect(await cellsOf(".sql-pane [data-testid=sql-row]")).toEqual([sqlRows[1000], sqlRows[2001], sqlRows[3002]]);
    await clickHeader(".sql-pane", "n", 2);
    await page.fill(".sql-pane [data-testid=grid-filter]", "ROW 999");
    expect(await page.textContent(".sql-pane [data-testid=grid-count]")).toBe("11 of 10,000 rows match");
    expect(await page.getAttribute(".sql-pane table.results", "data-rows")).toBe("11");
    expect(await page.locator(".sql-pane [data-testid=sql-row]").count()).toBe(11);
    expect(await cellsOf(".sql-pane [data-testid=sql-row]")).toEqual([sqlRows[9998], sqlRows[9997], sqlRows[9996]]);
    await screenshot(page, "grids-02-sql-sorted-filtered", ".sql-pane");
  });

  it("table: sorts by value, filters by metric; first rows exact against the engine in Node", async () => {
    const query: QueryJson = {
      metrics: ["Actuals", "Budget"],
      currency: "DAI",
      select: { budget: ["atlas/legacy"] },
      lod: { budget: 3 },
      granularity: "annual",
      start: "2021-01-01",
      end: "2025-01-01",
    };
    const expected = await node.run(query);
    await setQuery(page, JSON.stringify(query, null, 2));
    await afterRun(page, () => page.click("[data-testid=run]"));
    await showTab(page, "table");
    const flat = expected.results.flatMap((p) => p.rows.map((r) => ({ period: p.period, ...r })));
    expect(await page.getAttribute(".table-pane", "data-rows")).toBe(String(flat.length));
    const text = (r: (typeof flat)[number]) => [
      r.period,
      r.dimensions.budget.path + (r.dimensions.budget.label ? ` ${r.dimensions.budget.label}` : ""),
      r.metric,
      r.unit ?? "—",
      formatNumber(r.value),
      formatNumber(r.sum),
    ];
    await clickHeader(".table-pane", "value", 2);
    const byValue = [...flat].sort((x, y) => y.value - x.value);
    expect(await cellsOf(".table-pane [data-testid=table-row]")).toEqual(byValue.slice(0, 3).map(text));
    await page.fill(".table-pane [data-testid=grid-filter]", "actuals");
    const actuals = byValue.filter((r) => r.metric === "Actuals");
    expect(actuals.length).toBeGreaterThan(3);
    expect(await page.textContent(".table-pane [data-testid=grid-count]")).toBe(
      `${actuals.length} of ${flat.length.toLocaleString("en-US")} rows match`,
    );
    expect(await page.locator(".table-pane [data-testid=table-row]").count()).toBe(actuals.length);
    expect(await cellsOf(".table-pane [data-testid=table-row]")).toEqual(actuals.slice(0, 3).map(text));
    await screenshot(page, "grids-03-table-sorted-filtered", ".table-pane");
    expect(errors).toEqual([]);
  });
});
