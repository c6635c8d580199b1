// The SQL editor, dimension tree, data pane, live re-runs and keyboard help, end to end in
// Chromium on a 2,000-series demo (seed 7). Expectations come from the generator and from the
// same engine run in Node, changed the same way the page is changed.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoSeries } from "../src/demo/generator.js";
import { formatNumber } from "../src/ui/chart/seriesModel.js";
import type { QueryJson } from "../src/rpc/protocol.js";
import {
  ensureBuilt,
  launchBrowser,
  screenshot,
  startPreview,
  watchErrors,
  type Preview,
  type Session,
} from "./harness.js";
import { nodeStore, type NodeStore } from "../test/support/nodeStore.js";

const COUNT = 2000;
const SEED = 7;

let preview: Preview;
let session: Session;
let page: Page;
let node: NodeStore;
let errors: string[];

beforeAll(async () => {
  const [store] = await Promise.all([nodeStore(COUNT, SEED), ensureBuilt()]);
  node = store;
  preview = await startPreview();
  session = await launchBrowser();
  page = await session.browser.newPage({ viewport: { width: 1440, height: 1000 } });
  errors = watchErrors(page);
});

afterAll(async () => {
  await session?.close();
  await preview?.stop();
  await node?.destroy();
});

const attr = (selector: string, name: string) => page.getAttribute(selector, name);
const runs = () => attr(".app", "data-runs").then(Number);
const showTab = (id: string) => page.click(`.tab-list [data-tab="${id}"]`);

/** Puts `sql` in the SQL editor, runs it with Ctrl+Enter from inside the editor, waits for the outcome. */
async function runSql(sql: string): Promise<void> {
  await page.evaluate((t) => window.__playground!.setSql!(t), sql);
  await page.waitForFunction(() => document.querySelector(".sql-pane .view-lines")?.textContent?.includes("select"));
  await page.click(".sql-pane .monaco-editor .view-lines");
  await runSqlKey();
}

/** Ctrl+Enter where the focus is (the SQL editor), then waits until that run has landed. */
async function runSqlKey(): Promise<void> {
  const before = Number(await attr(".sql-pane", "data-runs"));
  await page.keyboard.press("Control+Enter");
  await page.waitForFunction(
    (n) => Number(document.querySelector(".sql-pane")?.getAttribute("data-runs")) > n,
    before,
    { timeout: 30_000 },
  );
}

/** Each grid's rows as arrays of cell texts. */
const grids = () =>
  page.locator(".sql-pane [data-testid=sql-statement]").evaluateAll((els) =>
    els.map((el) => ({
      columns: [...el.querySelectorAll("th")].map((th) => th.textContent),
      rows: [...el.querySelectorAll("tbody tr")].map((tr) =>
        [...tr.querySelectorAll("td")].map((td) => td.textContent),
      ),
      affected: el.getAttribute("data-affected"),
    })),
  );

async function setQuery(query: QueryJson): Promise<void> {
  const text = JSON.stringify(query, null, 2);
  await page.evaluate((t) => window.__playground!.setQuery!(t), text);
  await page.waitForFunction((t) => window.__playground!.getQuery!() === t, text);
}

async function runQuery(query: QueryJson): Promise<void> {
  await setQuery(query);
  const before = await runs();
  await page.click("[data-testid=run]");
  await page.waitForFunction((n) => Number(document.querySelector(".app")?.getAttribute("data-runs")) > n, before, {
    timeout: 30_000,
  });
}

const shownJson = async () => JSON.parse((await page.textContent("[data-testid=json-view]")) ?? "null");

/** Resolves when the shown result has been re-run by a data change (a newer live run than `afterRunId`). */
async function waitForLiveRun(afterRunId: number): Promise<number> {
  await page.waitForFunction(
    (id) =>
      Number(document.querySelector("[data-testid=live-badge]")?.getAttribute("data-run-id") ?? -1) > id &&
      document.querySelector(".app")?.getAttribute("data-run-status") === "done",
    afterRunId,
    { timeout: 30_000 },
  );
  return Number(await attr("[data-testid=run-status]", "data-run-id"));
}

const currentRunId = () => attr("[data-testid=run-status]", "data-run-id").then(Number);

const seriesTotal = () => page.textContent("[data-testid=series-total]").then((t) => Number(t?.replace(/,/g, "")));

/** The series-count table once it shows `total` (it re-reads after every change). */
async function waitForTotal(total: number): Promise<void> {
  await page.waitForFunction(
    (n) => document.querySelector("[data-testid=series-counts]")?.getAttribute("data-total") === String(n),
    total,
    { timeout: 30_000 },
  );
}

const demo = generateDemoSeries({ seed: SEED, count: COUNT });
const sesQuery: QueryJson = {
  metrics: ["Budget"],
  currency: "DAI",
  select: { budget: ["atlas/legacy/core-units/SES-001"] },
  lod: { budget: 4 },
  granularity: "annual",
  start: "2021-01-01",
  end: "2025-01-01",
};

describe("playground panes (2,000 series, seed 7)", () => {
  it("boots with the requested demo", async () => {
    await page.goto(`${preview.url}?count=${COUNT}&seed=${SEED}`);
    await page.waitForSelector("[data-testid=series-count]", { timeout: 60_000 });
    expect(await attr("[data-testid=series-count]", "data-count")).toBe(String(COUNT));
    await page.waitForFunction(
      () => document.querySelector(".app")?.getAttribute("data-run-status") === "done",
      undefined,
      { timeout: 30_000 },
    );
  });

  it("SQL editor: runs a group-by whose rows equal the counts computed from the generator", async () => {
    await showTab("sql");
    await page.waitForSelector(".sql-pane .monaco-editor");
    await runSql(`select metric, count(*)::int as n from "AnalyticsSeries" group by metric order by metric`);
    expect(await attr(".sql-pane", "data-status")).toBe("done");
    const counts = new Map<string, number>();
    for (const s of demo) counts.set(s.metric, (counts.get(s.metric) ?? 0) + 1);
    const expected = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([m, n]) => [m, String(n)]);
    expect(expected.length).toBe(4);
    const [grid, ...rest] = await grids();
    expect(rest).toEqual([]);
    expect(grid.columns).toEqual(["metric", "n"]);
    expect(grid.rows).toEqual(expected);
    expect(await page.textContent(".sql-pane [data-testid=sql-row-count]")).toBe("4 rows · 2 columns");
    await screenshot(page, "pane-sql", ".sql-pane");
  });

  it("SQL editor: one grid per statement, affected rows for writes, and the selection alone when there is one", async () => {
    await runSql(
      `create temp table e2e_t (x int);\ninsert into e2e_t values (1), (2), (3);\nselect sum(x)::int as total, count(*)::int as n from e2e_t;`,
    );
    const all = await grids();
    expect(all.map((g) => g.affected)).toEqual(["0", "3", ""]);
    expect(all[1].columns).toEqual([]);
    expect(await page.locator(".sql-pane [data-testid=sql-affected]").nth(1).textContent()).toBe("3 rows affected");
    expect(all[2]).toMatchObject({ columns: ["total", "n"], rows: [["6", "3"]] });

    // Select the last line only (Ctrl+End, Shift+Home) and run: one statement, the selected one.
    await page.evaluate(() => window.__playground!.setSql!("select 1 as one;\nselect 2 as two"));
    await page.waitForFunction(() => document.querySelector(".sql-pane .view-lines")?.textContent?.includes("two"));
    await page.click(".sql-pane .monaco-editor .view-lines");
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Shift+Home");
    await runSqlKey();
    expect(await grids()).toEqual([{ columns: ["two"], rows: [["2"]], affected: "" }]);
    expect(await page.textContent(".sql-pane [data-testid=sql-summary]")).toContain("1 statement (selection)");
  });

  it("SQL editor: keeps every row received, rendering those in view (e2e/grids.test.ts scrolls to the end)", async () => {
    await runSql(`select g as i from generate_series(1, 2500) g`);
    expect(await page.getAttribute(".sql-pane table.results", "data-rows")).toBe("2500");
    expect(await page.locator(".sql-pane [data-testid=sql-row]").count()).toBeLessThan(2500);
    expect(await page.textContent(".sql-pane [data-testid=sql-row-count]")).toBe("2,500 rows · 1 column");
  });

  it("SQL editor: a Postgres error is shown with its position marked; the next valid SQL works", async () => {
    await runSql("select * from nowhere");
    expect(await attr(".sql-pane", "data-status")).toBe("error");
    expect(await page.textContent("[data-testid=sql-error-message]")).toBe('relation "nowhere" does not exist');
    expect(await attr("[data-testid=sql-error]", "data-position")).toBe("15");
    await page.waitForSelector(".sql-pane .monaco-editor .squiggly-error");
    await screenshot(page, "pane-sql-error", ".sql-pane");

    // Run from a selection on the second line: the marker lands on `nowhere` there, 7 characters at column 15.
    await page.evaluate(() => window.__playground!.setSql!("select 1 as one;\nselect * from nowhere"));
    await page.waitForFunction(() => document.querySelector(".sql-pane .view-lines")?.textContent?.includes("nowhere"));
    await page.click(".sql-pane .monaco-editor .view-lines");
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Shift+Home");
    await runSqlKey();
    expect(await page.textContent("[data-testid=sql-error-message]")).toBe('relation "nowhere" does not exist');
    await page.waitForSelector(".sql-pane .monaco-editor .squiggly-error");
    const mark = await page.evaluate(() => {
      const squiggly = document.querySelector<HTMLElement>(".sql-pane .squiggly-error")!;
      const overlay = squiggly.parentElement!;
      const line = [...overlay.parentElement!.children].indexOf(overlay);
      // The first line's text span: a monospace width per character.
      const text = document.querySelector<HTMLElement>(".sql-pane .view-line > span")!;
      const charWidth = text.getBoundingClientRect().width / (text.textContent ?? "").length;
      return {
        line,
        column: Math.round(parseFloat(squiggly.style.left) / charWidth) + 1,
        chars: Math.round(parseFloat(squiggly.style.width) / charWidth),
      };
    });
    expect(mark).toEqual({ line: 1, column: 15, chars: 7 });

    await runSql(`select count(*)::int as n from "AnalyticsSeries"`);
    expect(await page.locator("[data-testid=sql-error]").count()).toBe(0);
    expect(await page.locator(".sql-pane .squiggly-error").count()).toBe(0);
    expect((await grids())[0].rows).toEqual([[String(COUNT)]]);
  });

  it("logs: 'open in SQL editor' loads a statement the engine issued, and it runs to the logged row count", async () => {
    await showTab("logs");
    const entry = page.locator("[data-testid=log-entry][data-status=done]", { hasText: "starts_with" }).first();
    const logged = Number(await entry.locator("[data-testid=log-result]").getAttribute("data-rows"));
    const sql = (await entry.locator("[data-testid=log-sql]").textContent()) ?? "";
    await entry.locator("[data-testid=log-open-sql]").click();
    expect(await page.getAttribute('.tab-list [data-tab="sql"]', "aria-selected")).toBe("true");
    expect(await page.evaluate(() => window.__playground!.getSql!())).toBe(sql);
    await runSqlKey(); // the editor has the focus after "open"
    expect(await attr(".sql-pane", "data-status")).toBe("done");
    expect(Number(await attr(".sql-pane [data-testid=sql-statement]", "data-rows"))).toBe(logged);
  });

  it("logs: a statement's first rows open in the page's grid, which sorts them and filters", async () => {
    await runSql(`select g as n, 'probe ' || g as preview_probe from generate_series(1, 30) g order by g`);
    await showTab("logs");
    const entry = page.locator("[data-testid=log-entry][data-status=done]", { hasText: "preview_probe" }).first();
    expect(await entry.locator("[data-testid=log-result]").getAttribute("data-rows")).toBe("30");
    await entry.locator("[data-testid=log-result] button.link").click();
    const preview = entry.locator("[data-testid=log-rows]");
    const cells = () =>
      preview
        .locator("tbody tr")
        .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)));
    const sortBy = (label: string) =>
      preview.locator("[data-testid=grid-sort]", { hasText: new RegExp(`^${label}( [▲▼])?$`) }).click();
    expect(await preview.textContent()).toContain("first 20 of 30 rows");
    expect(await cells()).toEqual(Array.from({ length: 20 }, (_, i) => [String(i + 1), `probe ${i + 1}`]));
    await sortBy("n");
    await sortBy("n");
    expect((await cells()).map((r) => r[0])).toEqual(Array.from({ length: 20 }, (_, i) => String(20 - i)));
    await preview.locator("[data-testid=grid-filter]").fill("probe 1");
    expect((await cells()).map((r) => r[0])).toEqual(["19", "18", "17", "16", "15", "14", "13", "12", "11", "10", "1"]);
  });

  it("logs: the table view lists every statement in the grid, sorted by a header, filtered by the box", async () => {
    await showTab("logs");
    const logged = await page
      .locator("[data-testid=log-entry]")
      .evaluateAll((els) =>
        els.map((e) => Number(e.querySelector("[data-testid=log-result]")?.getAttribute("data-rows") || -1)),
      );
    const probes = await page.locator("[data-testid=log-entry]", { hasText: "preview_probe" }).count();
    await page.click("[data-testid=log-view-table]");
    const table = ".logs-pane .log-table";
    const column = (n: number) =>
      page.$$eval(
        `${table} tbody tr[data-testid=log-row]`,
        (trs, i) => trs.map((tr) => tr.querySelectorAll("td")[i]?.textContent),
        n,
      );
    expect(await page.locator(`${table} [data-testid=log-row]`).count()).toBe(logged.length);
    await page.locator(`${table} [data-testid=grid-sort]`, { hasText: /^rows( [▲▼])?$/ }).click();
    await page.locator(`${table} [data-testid=grid-sort]`, { hasText: /^rows( [▲▼])?$/ }).click();
    const rows = logged.filter((n) => n >= 0).sort((a, b) => b - a);
    expect((await column(6)).slice(0, rows.length)).toEqual(rows.map(String));
    await page.fill(".logs-pane [data-testid=grid-filter]", "preview_probe");
    expect((await column(4)).length).toBe(probes);
    expect((await column(1)).every((c) => c === "SQL editor")).toBe(true);
    await page.fill(".logs-pane [data-testid=grid-filter]", "");
    await page.click("[data-testid=log-view-runs]");
    expect(await page.locator("[data-testid=log-entry]").count()).toBe(logged.length);
  });

  it("dimensions: a tree with series counts and safe icons; a click puts the path in the query's select", async () => {
    await showTab("dimensions");
    await page.waitForSelector(".dimensions-pane[data-loaded=true]");
    const count = (dim: string, path: string) =>
      attr(`[data-testid=dim-node][data-dimension="${dim}"][data-path="${path}"]`, "data-count").then(Number);
    const under = (dim: "budget" | "category", prefix: string) =>
      demo.filter((s) => String(s.dimensions[dim]) === prefix || String(s.dimensions[dim]).startsWith(prefix + "/"))
        .length;
    expect(await count("budget", "atlas")).toBe(COUNT);
    expect(await count("budget", "atlas/legacy")).toBe(under("budget", "atlas/legacy"));
    await page.click('[data-testid=dim-node][data-path="atlas/legacy/core-units"] .dim-toggle');
    expect(await count("budget", "atlas/legacy/core-units/SES-001")).toBe(
      under("budget", "atlas/legacy/core-units/SES-001"),
    );
    expect(await count("category", "atlas/headcount")).toBe(under("category", "atlas/headcount"));
    // Teams carry an inline SVG badge and a label.
    const ses = page.locator('[data-testid=dim-node][data-path="atlas/legacy/core-units/SES-001"]');
    expect(await ses.locator("img").getAttribute("src")).toMatch(/^data:image\/svg\+xml,/);
    expect(await ses.locator(".dim-label").textContent()).toBe("Sustainable Ecosystem Scaling");
    await screenshot(page, "pane-dimensions", ".dimensions-pane");

    await page.click('[data-testid=dim-node][data-path="atlas/legacy"] .dim-path');
    let query = JSON.parse(await page.evaluate(() => window.__playground!.getQuery!()));
    expect(query.select).toEqual({ budget: ["atlas/legacy"] });
    // The editor shows it (Monaco's text, not only React state) with the select selected.
    await page.waitForFunction(() =>
      document.querySelector(".editor-pane .view-lines")?.textContent?.includes('"atlas/legacy"'),
    );
    await page.waitForSelector(".editor-pane .monaco-editor .selected-text");
    await page.click('[data-testid=dim-node][data-path="atlas/headcount"] .dim-path', { modifiers: ["Shift"] });
    await page.click('[data-testid=dim-node][data-path="atlas/scopes"] .dim-path', { modifiers: ["Shift"] });
    query = JSON.parse(await page.evaluate(() => window.__playground!.getQuery!()));
    expect(query.select).toEqual({ budget: ["atlas/legacy", "atlas/scopes"], category: ["atlas/headcount"] });
    expect(await page.textContent("[data-testid=dim-notice]")).toContain('select.budget now includes "atlas/scopes"');

    await page.fill("[data-testid=dim-filter]", "SES-0");
    const paths = await page
      .locator("[data-testid=dim-node]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-path")));
    expect(paths).toEqual(["atlas", "atlas/legacy", "atlas/legacy/core-units", "atlas/legacy/core-units/SES-001"]);
    await page.fill("[data-testid=dim-filter]", "");
  });

  it("data: series by metric × unit equal the generator's", async () => {
    await showTab("data");
    await waitForTotal(COUNT);
    const cells = await page
      .locator("[data-testid=series-counts] tbody tr[data-metric]")
      .evaluateAll((rows) =>
        rows.flatMap((tr) =>
          [...tr.querySelectorAll("td[data-unit]")].map((td) => [
            tr.getAttribute("data-metric"),
            td.getAttribute("data-unit"),
            Number(td.textContent?.replace(/,/g, "")),
          ]),
        ),
      );
    const expected = new Map<string, number>();
    for (const s of demo) expected.set(`${s.metric}|${s.unit}`, (expected.get(`${s.metric}|${s.unit}`) ?? 0) + 1);
    const shown = new Map(cells.filter(([, , n]) => n !== 0).map(([m, u, n]) => [`${m}|${u}`, n]));
    expect(shown).toEqual(expected);
  });

  const formSeries = {
    start: "2023-03-01",
    source: "e2e/form",
    metric: "Budget",
    value: 1234.5,
    unit: "DAI",
    dimensions: {
      budget: "atlas/legacy/core-units/SES-001",
      category: "atlas/headcount/compensation-and-benefits/salaries",
    },
  };

  it("live: adding a series through the form re-runs the shown query to the engine's new values", async () => {
    await showTab("json");
    await runQuery(sesQuery);
    expect(await shownJson()).toEqual(await node.run(sesQuery));
    const before = await currentRunId();

    const form = "[data-testid=add-form]";
    await page.fill(`${form} input[name=start]`, formSeries.start);
    await page.fill(`${form} input[name=source]`, formSeries.source);
    await page.fill(`${form} input[name=metric]`, formSeries.metric);
    await page.fill(`${form} input[name=value]`, String(formSeries.value));
    await page.fill(`${form} input[name=unit]`, formSeries.unit);
    await page.fill(`${form} input[name=dim-path-0]`, formSeries.dimensions.budget);
    await page.fill(`${form} input[name=dim-path-1]`, formSeries.dimensions.category);
    await page.click("[data-testid=add-series]");
    await page.waitForSelector("[data-testid=add-outcome][data-ok=true]");
    expect(await page.textContent("[data-testid=add-outcome]")).toBe("Added 1 series to e2e/form.");
    await node.add([formSeries]);

    const liveRun = await waitForLiveRun(before);
    expect(liveRun).toBeGreaterThan(before);
    const expected = await node.run(sesQuery);
    expect(await shownJson()).toEqual(expected);
    // 2023 grew by exactly the added value.
    const y2023 = expected.find((p) => p.period.startsWith("2023"))!;
    expect(y2023.rows[0].value).toBeGreaterThan(formSeries.value);
    await showTab("table");
    const values = await page.locator("[data-testid=table-row] td.num:nth-last-child(2)").allTextContents();
    expect(values).toEqual(expected.flatMap((p) => p.rows.map((r) => formatNumber(r.value))));
    await showTab("chart");
    expect(await attr(".chart-pane", "data-periods")).toBe(String(expected.length));
    await waitForTotal(COUNT + 1);
    await page.waitForSelector(`[data-testid=series-count][data-count="${COUNT + 1}"]`);
    await screenshot(page, "pane-data", ".data-pane");
    await screenshot(page, "live-update", ".app");
  });

  it("data: a form value that is not a number is refused with its field named, and nothing is stored", async () => {
    await page.fill("[data-testid=add-form] input[name=value]", "abc");
    await page.click("[data-testid=add-series]");
    await page.waitForSelector("[data-testid=add-outcome][data-ok=false]");
    expect(await attr("[data-testid=add-outcome]", "data-field")).toBe("inputs[0].value");
    expect(await page.textContent("[data-testid=add-outcome]")).toBe(
      "inputs[0].value: value must be a finite number, got NaN — nothing was stored",
    );
    expect(await seriesTotal()).toBe(COUNT + 1);
    await page.fill("[data-testid=add-form] input[name=value]", String(formSeries.value));
  });

  it("data: pasted JSON is stored all or nothing; labels are text and unsafe icons are not shown", async () => {
    const good = (i: number) => ({
      ...formSeries,
      source: "e2e/pasted",
      value: 10 * (i + 1),
      start: `2022-0${i + 1}-01`,
    });
    await page.fill("[data-testid=paste-json]", JSON.stringify([good(0), good(1), { ...good(2), value: "x" }]));
    await page.click("[data-testid=paste-add]");
    await page.waitForSelector("[data-testid=paste-outcome][data-ok=false]");
    expect(await page.textContent("[data-testid=paste-outcome]")).toBe(
      "inputs[2].value: value must be a finite number, got x — nothing was stored",
    );
    expect(await seriesTotal()).toBe(COUNT + 1);

    await page.fill("[data-testid=paste-json]", "[{]");
    await page.click("[data-testid=paste-add]");
    await page.waitForSelector("[data-testid=paste-outcome][data-ok=false]");
    expect(await page.textContent("[data-testid=paste-outcome]")).toMatch(/^Invalid JSON/);

    const hostile = {
      ...good(2),
      dimensions: { ...formSeries.dimensions, budget: "e2e/hostile" },
      dimensionMetadata: {
        path: "e2e/hostile",
        label: '<img src=x onerror="window.__pwned=1">',
        icon: "javascript:window.__pwned=1",
      },
    };
    const before = await currentRunId();
    await page.fill("[data-testid=paste-json]", JSON.stringify([good(0), good(1), hostile]));
    await page.click("[data-testid=paste-add]");
    await page.waitForSelector("[data-testid=paste-outcome][data-ok=true]");
    expect(await page.textContent("[data-testid=paste-outcome]")).toBe("Added 3 series.");
    await node.add([good(0), good(1), hostile]);
    await waitForLiveRun(before);
    await waitForTotal(COUNT + 4);

    await showTab("dimensions");
    const node_ = page.locator('[data-testid=dim-node][data-dimension=budget][data-path="e2e/hostile"]');
    await node_.waitFor();
    expect(await node_.locator(".dim-label").textContent()).toBe('<img src=x onerror="window.__pwned=1">');
    expect(await node_.locator("img").count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    await showTab("data");
  });

  it("data: clear by source shows the exact number deleted, and the query re-runs", async () => {
    const source = "powerhouse/demo/SES-001";
    const expectedDeleted = await node.clear(source);
    expect(expectedDeleted).toBe(demo.filter((s) => s.source === source).length);
    const before = await currentRunId();
    await page.fill("[data-testid=clear-path]", source);
    await page.click("[data-testid=clear-source]");
    await page.waitForSelector("[data-testid=clear-outcome]");
    expect(await page.textContent("[data-testid=clear-outcome]")).toBe(
      `Deleted ${expectedDeleted.toLocaleString("en-US")} series under ${source}.`,
    );
    await waitForLiveRun(before);
    await waitForTotal(COUNT + 4 - expectedDeleted);
    await showTab("json");
    expect(await shownJson()).toEqual(await node.run(sesQuery));
    await showTab("data");

    // Nothing left there: a second clear deletes nothing; an empty-segment path names the field.
    await page.click("[data-testid=clear-source]");
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=clear-outcome]")?.textContent?.startsWith("Deleted 0 series"),
    );
    await page.fill("[data-testid=clear-path]", "powerhouse//demo");
    await page.click("[data-testid=clear-source]");
    await page.waitForSelector("[data-testid=clear-outcome][data-ok=false]");
    expect(await attr("[data-testid=clear-outcome]", "data-field")).toBe("path");
  });

  it("data: reseeding replaces the data, and the query shows the new demo", async () => {
    const before = await currentRunId();
    await page.fill("input[name=reseed-count]", "500");
    await page.fill("input[name=reseed-seed]", "3");
    await page.click("[data-testid=reseed]");
    await page.waitForSelector("[data-testid=reseed-outcome][data-ok=true]", { timeout: 60_000 });
    expect(await page.textContent("[data-testid=reseed-outcome]")).toMatch(
      /^Reseeded 500 series \(seed 3\) in \d+\.\d s\.$/,
    );
    await waitForLiveRun(before);
    await waitForTotal(500);
    await page.waitForSelector('[data-testid=series-count][data-count="500"]');
    expect(await page.textContent("[data-testid=series-count]")).toBe("500 series");
    const fresh = await nodeStore(500, 3);
    try {
      await showTab("json");
      expect(await shownJson()).toEqual(await fresh.run(sesQuery));
    } finally {
      await fresh.destroy();
    }
  });

  it("help overlay and shortcuts: ?, Esc, Alt+digit panes, Alt+T theme, Ctrl+Enter outside editors", async () => {
    await page.click("header h1"); // the focus outside any editor or form
    await page.keyboard.press("?");
    await page.waitForSelector("[data-testid=help-overlay]");
    expect(await page.locator("[data-testid=shortcut]").count()).toBeGreaterThanOrEqual(14);
    await screenshot(page, "help-overlay");
    await page.keyboard.press("Escape");
    expect(await page.locator("[data-testid=help-overlay]").count()).toBe(0);
    await page.click("[data-testid=help-button]");
    await page.waitForSelector("[data-testid=help-overlay]");
    await page.click('[data-testid=help-overlay] [aria-label="Close"]');

    await page.click("header h1");
    await page.keyboard.press("Alt+2");
    expect(await attr('.tab-list [data-tab="table"]', "aria-selected")).toBe("true");
    await page.keyboard.press("Alt+6");
    expect(await attr('.tab-list [data-tab="dimensions"]', "aria-selected")).toBe("true");
    await page.keyboard.press("Alt+5");
    expect(await attr('.tab-list [data-tab="sql"]', "aria-selected")).toBe("true");
    await page.keyboard.press("Alt+1");
    expect(await attr('.tab-list [data-tab="chart"]', "aria-selected")).toBe("true");
    const theme = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.keyboard.press("Alt+T");
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme === "dark" ? "light" : "dark");
    await screenshot(page, "panes-light-or-dark", ".app");
    await page.keyboard.press("Alt+T");
    await page.click("header h1");
    const before = await runs();
    await page.keyboard.press("Control+Enter");
    await page.waitForFunction((n) => Number(document.querySelector(".app")?.getAttribute("data-runs")) > n, before);
    // Alt+S focuses the SQL editor, where Ctrl+Enter runs SQL, not the query.
    await page.keyboard.press("Alt+S");
    await page.waitForFunction(() => document.activeElement?.closest(".sql-pane") !== null);
    const queryRuns = await runs();
    await page.evaluate(() => window.__playground!.setSql!("select 42 as answer"));
    await runSqlKey();
    expect((await grids())[0].rows).toEqual([["42"]]);
    expect(await runs()).toBe(queryRuns);
  });

  it("logged no page errors", () => {
    expect(errors).toEqual([]);
  });
});
