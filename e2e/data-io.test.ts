// Compare mode and data in and out, end to end in Chromium on the 2,000-series demo (seed 42):
// two queries side by side on one period axis with their differences; a CSV import with bad
// rows; results exported as CSV, JSON, PNG and SVG; the whole database dumped and loaded back.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Download, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { buildChart, formatNumber } from "../src/ui/chart/seriesModel.js";
import { alignPeriods, differs, diffRows, rollUp } from "../src/ui/compare/compareModel.js";
import { resultsToCsv } from "../src/ui/transfer/exportFiles.js";
import { parseCsv } from "../src/service/import/csv.js";
import { seriesFromCsv } from "../src/service/import/series.js";
import type { QueryJson } from "../src/rpc/protocol.js";
import { afterRun, debugNode, lineCount, setQuery, showTab, shownJson, type DebugNode } from "./debugSupport.js";
import { screenshot, SCREENSHOTS, useApp, type Server } from "./harness.js";

const COUNT = 2000;
const SEED = 42;

let preview: Server;
let page: Page;
let node: DebugNode;
let errors: string[];

const app = useApp({
  node: () => debugNode(COUNT, SEED),
  page: { viewport: { width: 1440, height: 1000 }, acceptDownloads: true },
});
beforeAll(() => ({ server: preview, page, node, errors } = app));

const attr = (selector: string, name: string) => page.getAttribute(selector, name);
const seriesCount = () => attr("[data-testid=series-count]", "data-count").then(Number);
const waitForCount = (n: number) =>
  page.waitForFunction(
    (c) => document.querySelector("[data-testid=series-count]")?.getAttribute("data-count") === String(c),
    n,
    { timeout: 30_000 },
  );

/** The import box shows its text area again once a chosen file is forgotten. */
async function forgetFile(): Promise<void> {
  const forget = page.locator("[aria-label='Forget the file']");
  if ((await forget.count()) > 0) await forget.click();
}

async function run(query: QueryJson): Promise<void> {
  await setQuery(page, JSON.stringify(query, null, 2));
  await afterRun(page, () => page.click("[data-testid=run]"));
  expect(await attr(".app", "data-run-status")).toBe("done");
}

async function downloaded(trigger: () => Promise<unknown>): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), trigger()]);
  const path = await download.path();
  return { download, bytes: readFileSync(path) };
}

const A: QueryJson = {
  metrics: ["Budget"],
  currency: "DAI",
  select: { budget: ["atlas"] },
  lod: { budget: 3 },
  granularity: "quarterly",
  start: "2022-01-01",
  end: "2024-01-01",
};

/** 1,202 CSV rows; rows 3 and 600 are bad (a value that is no number, a date that does not exist). */
function importCsv(): string {
  const lines = ["start,end,source,metric,value,unit,dim_budget,dim_category"];
  for (let row = 1; row <= 1202; row++) {
    const month = String(1 + (row % 12)).padStart(2, "0");
    const day = String(1 + (row % 27)).padStart(2, "0");
    const value = row === 3 ? "abc" : String(100 + row);
    const start = row === 600 ? "2023-02-30" : `2023-${month}-${day}`;
    lines.push(
      `${start},,import/csv/${row % 5},${row % 2 ? "Budget" : "Actuals"},${value},DAI,atlas/imported/team-${row % 7},atlas/headcount`,
    );
  }
  return lines.join("\n") + "\n";
}
const IMPORTED: QueryJson = {
  metrics: ["Budget", "Actuals"],
  currency: "DAI",
  select: { budget: ["atlas/imported"] },
  lod: { budget: 3 },
  granularity: "monthly",
  start: "2023-01-01",
  end: "2024-01-01",
};

describe("compare mode and data in/out (2,000 series, seed 42)", () => {
  it("boots the demo", async () => {
    await page.goto(`${preview.url}?count=${COUNT}&seed=${SEED}`);
    await page.waitForSelector("[data-testid=series-count]", { timeout: 90_000 });
    await page.waitForFunction(
      () => document.querySelector(".app")?.getAttribute("data-run-status") === "done",
      undefined,
      { timeout: 60_000 },
    );
    expect(await seriesCount()).toBe(COUNT);
  });

  it("compare: B with another granularity, both charts on one period axis, differences per period and row", async () => {
    await run(A);
    await showTab(page, "compare");
    const runs = Number(await attr(".compare-pane", "data-runs"));
    await page.selectOption("[data-testid=compare-granularity]", "annual");
    await page.waitForFunction(
      (n) => Number(document.querySelector(".compare-pane")?.getAttribute("data-runs")) > n,
      runs,
      { timeout: 30_000 },
    );
    const B = { ...A, granularity: "annual" };
    expect(JSON.parse((await page.getAttribute("[data-testid=compare-b-text]", "data-text"))!)).toEqual(B);
    const [ea, eb] = [await node.run(A), await node.run(B)];
    const axis = alignPeriods(ea.results, eb.results);
    expect(axis.length).toBe(8 + 2);
    for (const [side, e] of [
      ["a", ea],
      ["b", eb],
    ] as const) {
      const chart = page.locator(`[data-testid=compare-chart][data-side=${side}]`);
      expect(await chart.getAttribute("data-series")).toBe(String(e.lines));
      expect(await chart.getAttribute("data-periods")).toBe(String(e.results.length));
      expect(await chart.getAttribute("data-axis")).toBe(String(axis.length));
      expect(await chart.locator("path.recharts-line-curve").count()).toBe(e.lines);
    }
    // Both charts on one y scale, each with its legend.
    const domains = await page
      .locator("[data-testid=compare-chart]")
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-y-domain")));
    const points = [ea, eb].flatMap((e) =>
      buildChart(e.results, "value").data.flatMap((row) => Object.values(row).filter((v) => typeof v === "number")),
    );
    expect(domains).toEqual(Array(2).fill(`${Math.min(0, ...points)},${Math.max(0, ...points)}`));
    expect(await page.locator("[data-testid=compare-chart][data-side=a] [data-testid=legend] li").count()).toBe(
      ea.lines,
    );
    expect(await page.locator("[data-testid=compare-chart][data-side=b] [data-testid=legend] li").count()).toBe(
      eb.lines,
    );
    // Quarters nest in years: A's quarters summed into B's years agree with B row for row.
    const rows = diffRows(rollUp(ea.results, eb.results)!, eb.results, "value");
    expect(rows.length).toBe(eb.rows);
    expect(rows.filter(differs)).toEqual([]);
    expect(await attr("[data-testid=compare-summary]", "data-keys")).toBe(String(rows.length));
    expect(await attr("[data-testid=compare-summary]", "data-differing")).toBe("0");
    expect(await page.textContent("[data-testid=compare-verdict]")).toBe("identical");
    expect(await page.textContent("[data-testid=compare-granularity-note]")).toBe(
      "A's quarterly periods summed into B's annual ones",
    );
    await screenshot(page, "compare-01-granularity");
  });

  it("compare: B with another LOD on the same periods; B = A shows no differences", async () => {
    const runs = Number(await attr(".compare-pane", "data-runs"));
    await page.selectOption("[data-testid=compare-lod-budget]", "2");
    await page.waitForFunction(
      (n) => Number(document.querySelector(".compare-pane")?.getAttribute("data-runs")) > n,
      runs,
      { timeout: 30_000 },
    );
    const B = { ...A, lod: { budget: 2 } };
    const [ea, eb] = [await node.run(A), await node.run(B)];
    expect(await attr("[data-testid=compare-chart][data-side=b]", "data-axis")).toBe(String(ea.results.length));
    expect(await page.locator("[data-testid=compare-chart][data-side=b] path.recharts-line-curve").count()).toBe(
      eb.lines,
    );
    const rows = diffRows(ea.results, eb.results, "value");
    expect(await attr("[data-testid=compare-summary]", "data-keys")).toBe(String(rows.length));
    // The summed level-2 rows against the level-3 rows: the table lists them all per period.
    await page.uncheck("[data-testid=compare-only-diff]");
    expect(await page.locator("[data-testid=compare-diff-row]").count()).toBe(rows.length);
    expect(await page.locator("[data-testid=compare-diff-row]").first().getAttribute("data-period")).toBe(
      ea.results[0].period,
    );
    await screenshot(page, "compare-02-lod");

    await page.click("text=edit B from A");
    const again = Number(await attr(".compare-pane", "data-runs"));
    await page.click("[data-testid=compare-run]");
    await page.waitForFunction(
      (n) => Number(document.querySelector(".compare-pane")?.getAttribute("data-runs")) > n,
      again,
      { timeout: 30_000 },
    );
    expect(await attr("[data-testid=compare-summary]", "data-differing")).toBe("0");
    expect(await attr("[data-testid=compare-summary]", "data-keys")).toBe(String(ea.rows));
    await showTab(page, "chart");
  });

  it("imports a CSV with two bad rows: the rest stored with a progress bar, the two reported by row number", async () => {
    const csv = importCsv();
    const plan = seriesFromCsv(csv);
    expect(plan.accepted.length).toBe(1200);
    await showTab(page, "transfer");
    await page.setInputFiles("[data-testid=import-file]", {
      name: "series.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv),
    });
    expect(await page.textContent("[data-testid=import-file-name]")).toContain("series.csv");
    // Every value the progress bar shows, as it shows it.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __progress: string[] }).__progress = seen;
      new MutationObserver(() => {
        const bar = document.querySelector("[data-testid=import-progress]");
        const v = bar ? `${bar.getAttribute("value") ?? ""}/${bar.getAttribute("max") ?? ""}` : null;
        if (v && seen.at(-1) !== v) seen.push(v);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const before = await seriesCount();
    await page.click("[data-testid=import-run]");
    await page.waitForSelector("[data-testid=import-summary]", { timeout: 60_000 });
    expect(await attr("[data-testid=import-summary]", "data-ok")).toBe("true");
    expect(await attr("[data-testid=import-summary]", "data-imported")).toBe("1200");
    expect(await attr("[data-testid=import-summary]", "data-rejected")).toBe("2");
    const rejected = await page
      .locator("[data-testid=import-rejected]")
      .evaluateAll((els) => els.map((e) => [e.getAttribute("data-row"), e.textContent]));
    expect(rejected.map(([row]) => row)).toEqual(["3", "600"]);
    expect(rejected[0][1]).toBe(
      'row 3: value (column 5): "abc" is not a plain decimal number (digits, one optional "." and sign, no spaces, no 0x/0b/exponent); write e.g. 1234.5',
    );
    expect(rejected[1][1]).toMatch(/^row 600: start: "2023-02-30" is not a valid date/);
    expect(await page.textContent("[data-testid=import-summary] strong")).toBe("Imported 1,200 series");
    const progress = await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
    expect(progress).toEqual(expect.arrayContaining(["0/1200", "500/1200", "1000/1200"]));
    await screenshot(page, "import-01-summary", ".tabs:has([data-tab=transfer])");

    await waitForCount(before + 1200);
    await node.add(plan.accepted.map((a) => a.input));
    expect(await node.count()).toBe(before + 1200);
    await run(IMPORTED);
    const expected = await node.run(IMPORTED);
    expect(expected.lines).toBe(7 * 2);
    expect(await lineCount(page)).toBe(expected.lines);
    expect(await shownJson(page)).toEqual(expected.results);
  });

  it("imports a SQL dump of the three tables; a dump with anything else is refused by line, nothing written", async () => {
    const dump = `-- from pg_dump
INSERT INTO "AnalyticsDimension" (id, dimension, path, label, icon, description) VALUES (90001, 'budget', 'atlas/dumped/', 'Dumped', '', '');
INSERT INTO "AnalyticsSeries" (id, source, start, "end", metric, value, unit, fn, params) VALUES (90001, 'dump/', '2023-06-01 00:00:00', NULL, 'Budget', 1234.5, 'DAI', 'Single', NULL), (90002, 'dump/', '2023-07-01 00:00:00', NULL, 'Budget', 100, 'DAI', 'Single', NULL);
INSERT INTO "AnalyticsSeries_AnalyticsDimension" ("seriesId", "dimensionId") VALUES (90001, 90001), (90002, 90001);`;
    const before = await seriesCount();
    await showTab(page, "transfer");
    await forgetFile();
    await page.fill("[data-testid=import-text]", `${dump}\ndelete from "AnalyticsSeries";`);
    await page.click("[data-testid=import-run]");
    await page.waitForSelector("[data-testid=import-summary][data-ok=false]");
    expect(await page.textContent("[data-testid=import-summary]")).toMatch(
      /^sql: line 5: only INSERTs into "AnalyticsSeries", "AnalyticsDimension" and "AnalyticsSeries_AnalyticsDimension" are imported; found: delete from/,
    );
    expect(await seriesCount()).toBe(before);

    await page.fill("[data-testid=import-text]", dump);
    await page.click("[data-testid=import-run]");
    await page.waitForSelector("[data-testid=import-summary][data-ok=true]");
    expect(await page.textContent("[data-testid=import-summary] strong")).toBe(
      "Imported 2 series (1 dimension paths, 2 links)",
    );
    await waitForCount(before + 2);
    await node.raw(dump);
    const q: QueryJson = {
      metrics: ["Budget"],
      currency: "DAI",
      select: { budget: ["atlas/dumped"] },
      lod: { budget: 2 },
      granularity: "monthly",
      start: "2023-05-01",
      end: "2023-09-01",
    };
    await run(q);
    const expected = await node.run(q);
    // A period is (start, end]: June 1 closes May, July 1 closes June.
    expect(expected.results.flatMap((p) => p.rows.map((r) => r.value))).toEqual([1234.5, 100, 0, 0]);
    expect(await shownJson(page)).toEqual(expected.results);
    await run(IMPORTED);
  });

  it("exports the results as CSV equal to the table, and as JSON", async () => {
    const expected = await node.run(IMPORTED);
    await showTab(page, "transfer");
    const { download, bytes } = await downloaded(() => page.click("[data-testid=export-csv]"));
    expect(download.suggestedFilename()).toMatch(/^analytics-run-\d+-.*\.csv$/);
    const csv = bytes.toString("utf8");
    expect(csv).toBe(resultsToCsv(expected.results));
    const [header, ...lines] = parseCsv(csv);
    expect(header).toEqual(["period", "start", "end", "budget", "metric", "unit", "value", "sum"]);

    await showTab(page, "table");
    const table = await page.locator("[data-testid=table-row]").evaluateAll((trs) =>
      trs.map((tr) => {
        const td = [...tr.querySelectorAll("td")];
        return [td[0].textContent, td[1].querySelector("code")?.textContent, ...td.slice(2).map((c) => c.textContent)];
      }),
    );
    expect(table.length).toBe(expected.rows);
    expect(
      lines.map((l) => [l[0], l[3], l[4], l[5] || "—", formatNumber(Number(l[6])), formatNumber(Number(l[7]))]),
    ).toEqual(table);

    await showTab(page, "transfer");
    const json = await downloaded(() => page.click("[data-testid=export-json]"));
    expect(JSON.parse(json.bytes.toString("utf8"))).toEqual(expected.results);
  });

  it("exports the chart as SVG and PNG", async () => {
    const expected = await node.run(IMPORTED);
    await showTab(page, "transfer");
    const svg = await downloaded(() => page.click("[data-testid=export-svg]"));
    const text = svg.bytes.toString("utf8");
    expect(text.startsWith("<svg")).toBe(true);
    expect(text).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(text.match(/class="recharts-curve recharts-line-curve"/g)?.length).toBe(expected.lines);
    // The image holds the chart's title and its whole legend, not only the plot.
    expect(text).toContain(`>${await page.textContent(".chart-pane [data-testid=chart-title]")}</text>`);
    const height = Number(/^<svg[^>]* height="(\d+)"/.exec(text)![1]);
    writeFileSync(join(SCREENSHOTS, "export-chart.svg"), svg.bytes);

    await showTab(page, "transfer");
    const png = await downloaded(() => page.click("[data-testid=export-png]"));
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const box = await page.locator(".chart-pane .chart-view").boundingBox();
    expect(png.bytes.readUInt32BE(16)).toBe(2 * Math.round(box!.width));
    expect(png.bytes.readUInt32BE(20)).toBe(2 * height);
    writeFileSync(join(SCREENSHOTS, "export-chart.png"), png.bytes);
    await showTab(page, "transfer");
    expect(await page.textContent("[data-testid=export-message]")).toBe(
      `Saved the chart as PNG (${2 * Math.round(box!.width)}×${2 * height}).`,
    );
  });

  it("exports the database, and loading the dump back restores it with the editors kept", async () => {
    const exported = await seriesCount();
    expect(exported).toBe(COUNT + 1200 + 2);
    await showTab(page, "transfer");
    const dump = await downloaded(() => page.click("[data-testid=export-db]"));
    expect(dump.download.suggestedFilename()).toMatch(/^analytics-playground-.*\.tar\.gz$/);
    expect([dump.bytes[0], dump.bytes[1]]).toEqual([0x1f, 0x8b]);
    await page.waitForSelector("[data-testid=db-message]");
    expect(await attr("[data-testid=db-message]", "data-series")).toBe(String(exported));

    // Change the data: 5 more series (not in the Node store).
    const extra = [
      "start,source,metric,value,unit,dim_budget",
      ...[1, 2, 3, 4, 5].map((i) => `2023-0${i}-10,import/extra,Budget,${i * 1000},DAI,atlas/imported/team-0`),
    ].join("\n");
    await forgetFile();
    await page.fill("[data-testid=import-text]", extra);
    await page.click("[data-testid=import-run]");
    await waitForCount(exported + 5);
    const atExport = await node.run(IMPORTED);
    await run(IMPORTED);
    expect(await shownJson(page)).not.toEqual(atExport.results);

    const text = await page.evaluate(() => window.__playground!.getQuery!());
    await showTab(page, "transfer");
    await afterRun(page, () =>
      page.setInputFiles("[data-testid=load-db-file]", {
        name: "dump.tar.gz",
        mimeType: "application/gzip",
        buffer: dump.bytes,
      }),
    );
    await page.waitForSelector("[data-testid=db-message][data-ok=true]");
    expect(await attr("[data-testid=db-message]", "data-series")).toBe(String(exported));
    expect(await page.textContent("[data-testid=db-message]")).toMatch(/^Loaded dump\.tar\.gz: 3,202 series/);
    await waitForCount(exported);
    expect(await page.evaluate(() => window.__playground!.getQuery!())).toBe(text);
    await screenshot(page, "database-01-loaded");
    await run(IMPORTED);
    expect(await shownJson(page)).toEqual(atExport.results);

    // Not a dump: refused, nothing replaced.
    await showTab(page, "transfer");
    await page.setInputFiles("[data-testid=load-db-file]", {
      name: "notes.gz",
      mimeType: "application/gzip",
      buffer: Buffer.from("not a database"),
    });
    await page.waitForSelector("[data-testid=db-message][data-ok=false]");
    expect(await page.textContent("[data-testid=db-message]")).toContain("is not a PGlite database dump");
    expect(await seriesCount()).toBe(exported);
  });

  it("no page errors", () => {
    expect(errors).toEqual([]);
  });
});
