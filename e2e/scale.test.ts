// Large results in the page: the chart draws the largest lines plus an "Other" line, the table
// renders only the rows in view, and the dataset picker reloads with another demo size.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { QueryJson } from "../src/rpc/protocol.js";
import { expectedOf, type Expected } from "../test/support/expected.js";
import { screenshot, useApp, type Server } from "./harness.js";

const COUNT = 2000;
const SEED = 42;
// Every team × expense line × metric × unit, monthly: thousands of table rows, hundreds of lines.
const wide: QueryJson = {
  metrics: ["Budget", "Actuals"],
  select: { budget: ["atlas"], category: ["atlas"] },
  lod: { budget: 4, category: 3 },
  granularity: "monthly",
  start: "2021-01-01",
  end: "2025-01-01",
};

let server: Server;
let page: Page;
let expected: Expected;
let errors: string[];

const app = useApp({ node: () => expectedOf(COUNT, SEED, wide), page: { viewport: { width: 1440, height: 900 } } });
beforeAll(async () => {
  ({ node: expected, server, page, errors } = app);
  await page.goto(`${server.url}?count=${COUNT}&seed=${SEED}`);
  await page.waitForSelector(".chart-pane path.recharts-line-curve", { timeout: 90_000 });
  const runs = Number(await page.locator(".app").getAttribute("data-runs"));
  await page.evaluate((t) => window.__playground!.setQuery!(t), JSON.stringify(wide, null, 2));
  await page.evaluate(() => window.__playground!.run!());
  await page.waitForFunction((n) => Number(document.querySelector(".app")?.getAttribute("data-runs")) > n, runs);
});

describe("large results", () => {
  it("draws the 60 largest series plus one Other line per unit, and the top N is adjustable", async () => {
    expect(expected.seriesCount).toBeGreaterThan(60);
    const units = new Set(expected.results.flatMap((p) => p.rows.map((r) => r.unit))).size;
    const curves = () => page.locator(".chart-pane path.recharts-line-curve").count();
    // Other is summed per unit (DAI and MKR never add up): one Other line for each unit left out.
    const withOthers = await curves();
    expect(withOthers).toBeGreaterThan(60);
    expect(withOthers).toBeLessThanOrEqual(60 + units);
    expect(await page.textContent("[data-testid=chart-summary]")).toContain(
      `largest 60 of ${expected.seriesCount} series + other`,
    );
    await page.uncheck("[data-testid=chart-other]");
    await page.waitForFunction(() => document.querySelectorAll(".chart-pane path.recharts-line-curve").length === 60);
    await page.selectOption("[data-testid=chart-top]", "10");
    await page.waitForFunction(() => document.querySelectorAll(".chart-pane path.recharts-line-curve").length === 10);
    await page.check("[data-testid=chart-other]");
    await page.waitForFunction((max) => {
      const n = document.querySelectorAll(".chart-pane path.recharts-line-curve").length;
      return n > 10 && n <= max;
    }, 10 + units);
    await screenshot(page, "scale-chart-top10");
  });

  it("renders only the table rows in view, and the last row on scrolling to the end", async () => {
    await page.click('.tab-list [data-tab="table"]');
    expect(expected.rowCount).toBeGreaterThan(2000);
    expect(await page.getAttribute(".table-pane", "data-rows")).toBe(String(expected.rowCount));
    const rendered = await page.locator("[data-testid=table-row]").count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(200);
    await page.locator("[data-testid=table-scroll]").evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.waitForSelector(`[data-testid=table-row][data-index="${expected.rowCount - 1}"]`);
    const last = expected.results.at(-1)!;
    const lastRow = last.rows.at(-1)!;
    const cells = await page
      .locator(`[data-testid=table-row][data-index="${expected.rowCount - 1}"] td`)
      .allTextContents();
    expect(cells[0]).toBe(last.period);
    expect(cells.at(-4)).toBe(lastRow.metric);
    await screenshot(page, "scale-table-windowed");
  });

  it("reloads with another dataset size from the picker, keeping the view (the URL hash)", async () => {
    const text = await page.evaluate(() => window.__playground!.getQuery!());
    await page.selectOption("[data-testid=dataset-size]", "20000");
    await page.waitForFunction(
      () => document.querySelector("[data-testid=series-count]")?.getAttribute("data-count") === "20000",
      null,
      { timeout: 90_000 },
    );
    expect(new URL(page.url()).searchParams.get("count")).toBe("20000");
    expect(await page.evaluate(() => window.__playground!.getQuery!())).toBe(text);
    expect(errors).toEqual([]);
  });
});
