// Charts, dashboards and presentation mode on a 2,000-series demo at a projector's 1280×720.
// Tests run in order and share one page, like a presenter's rehearsal.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Download, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { QueryJson } from "../src/rpc/protocol.js";
import { SCREENSHOTS, screenshot, useApp, type Server, type Session } from "./harness.js";

let preview: Server;
let session: Session;
let page: Page;
let errors: string[];
const URL_PATH = "?count=2000";

const app = useApp({ page: { viewport: { width: 1280, height: 720 }, locale: "en-US" } });
beforeAll(async () => {
  ({ server: preview, session, page, errors } = app);
  await page.goto(preview.url + URL_PATH);
  await page.waitForSelector(".chart-pane .recharts-line-curve", { timeout: 90_000 });
});

type Box = { x: number; y: number; width: number; height: number };
const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 0.5 &&
  inner.y >= outer.y - 0.5 &&
  inner.x + inner.width <= outer.x + outer.width + 0.5 &&
  inner.y + inner.height <= outer.y + outer.height + 0.5;

const runs = () => page.locator(".app").getAttribute("data-runs").then(Number);

async function runQuery(query: QueryJson): Promise<void> {
  const before = await runs();
  await page.evaluate(
    async (t) => {
      window.__playground!.setQuery!(t);
      await window.__playground!.run!();
    },
    JSON.stringify(query, null, 2),
  );
  await page.waitForFunction((n) => Number(document.querySelector(".app")?.getAttribute("data-runs")) > n, before);
}

async function downloaded(trigger: () => Promise<unknown>): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), trigger()]);
  return { download, bytes: readFileSync(await download.path()) };
}

/** "2.25M" → 2250000, as a reader takes it. */
function read(label: string): number {
  const m = /^(-?[\d,.]+)([KMB]?)$/.exec(label);
  if (!m) throw new Error(`unreadable tick "${label}"`);
  return Number(m[1].replace(/,/g, "")) * { "": 1, K: 1e3, M: 1e6, B: 1e9 }[m[2] as "" | "K" | "M" | "B"];
}

const DEFAULT: QueryJson = {
  metrics: ["Budget", "Actuals"],
  currency: "DAI",
  select: { budget: ["atlas"] },
  lod: { budget: 3 },
  granularity: "monthly",
  start: "2021-01-01",
  end: "2025-01-01",
};

describe("charts that read at a glance", () => {
  it("fits the header on one line and titles the chart from the query", async () => {
    expect((await page.locator(".header").boundingBox())!.height).toBeLessThan(44);
    expect(await page.textContent(".chart-pane [data-testid=chart-title]")).toBe("Budget vs Actuals by budget");
    expect(await page.textContent(".chart-pane [data-testid=chart-subtitle]")).toBe(
      "DAI · monthly · Jan 2021 – Dec 2024 · change per month",
    );
    expect(await page.locator(".chart-pane .recharts-label").allTextContents()).toEqual(["Month", "DAI"]);
  });

  it("draws round y ticks (1, 2, 2.5, 5 × 10ⁿ), evenly spaced from zero", async () => {
    for (const measure of ["value", "sum"]) {
      await page.click(`.chart-pane [aria-label="Measure"] button:has-text("${measure}")`);
      const labels = await page
        .locator(".chart-pane .recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value")
        .allTextContents();
      const ticks = labels.map(read);
      expect(ticks[0]).toBe(0);
      const step = ticks[1] - ticks[0];
      expect([1, 2, 2.5, 5]).toContain(Number((step / 10 ** Math.floor(Math.log10(step))).toPrecision(6)));
      ticks.forEach((t, i) => expect(t).toBeCloseTo(i * step, 6));
    }
    await page.click('.chart-pane [aria-label="Measure"] button:has-text("value")');
  });

  it("keeps every legend entry reachable and unclipped at 1280×720, with labels for paths", async () => {
    await runQuery({
      ...DEFAULT,
      metrics: ["Budget", "Actuals", "Forecast"],
      select: { budget: ["atlas/legacy"] },
      lod: { budget: 4 },
    });
    const count = await page.locator(".chart-pane .legend li").count();
    expect(count).toBe(Number(await page.getAttribute(".chart-pane", "data-series")));
    expect(count).toBeGreaterThan(30);
    const pane = (await page.locator(".chart-pane").boundingBox())!;
    const legend = (await page.locator(".chart-pane .legend").boundingBox())!;
    const plot = (await page.locator(".chart-pane .chart-host").boundingBox())!;
    expect(inside(legend, pane)).toBe(true);
    expect(inside(pane, { x: 0, y: 0, width: 1280, height: 720 })).toBe(true);
    expect(plot.height).toBeGreaterThan(150);
    for (let i = 0; i < count; i++) {
      const item = page.locator(".chart-pane .legend li").nth(i);
      await item.scrollIntoViewIfNeeded();
      expect(inside((await item.boundingBox())!, (await page.locator(".chart-pane .legend").boundingBox())!)).toBe(
        true,
      );
      // The name wraps rather than being cut.
      expect(await item.locator(".legend-name").evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    }
    const names = await page.locator(".chart-pane .legend .legend-name").allTextContents();
    expect(names).toContain("Governance · Budget (DAI)");
    expect(names.some((n) => n.includes("atlas/"))).toBe(false);
  });

  it("names a level-0 dimension by nothing (no '· ·') and draws one panel per currency", async () => {
    await runQuery({
      metrics: ["Budget"],
      currency: null,
      select: { budget: ["atlas"], category: ["atlas"] },
      lod: { budget: 1, category: 0 },
      granularity: "annual",
      start: "2021-01-01",
      end: "2025-01-01",
    });
    const names = await page.locator(".chart-pane .legend .legend-name").allTextContents();
    expect(names.sort()).toEqual(["atlas · Budget (DAI)", "atlas · Budget (MKR)", "atlas · Budget (USDC)"]);
    expect(
      await page
        .locator(".chart-pane .chart-host")
        .evaluateAll((hosts) => hosts.map((h) => h.getAttribute("data-unit") ?? "").sort()),
    ).toEqual(["DAI", "MKR", "USDC"]);
  });

  it("tells metrics apart in bars by pattern, not only colour", async () => {
    await runQuery({ ...DEFAULT, granularity: "annual" });
    await page.click('.chart-pane [aria-label="Chart type"] button:has-text("Bar")');
    const fills = await page
      .locator(".chart-pane .recharts-bar")
      .evaluateAll((bars) => bars.map((b) => b.querySelector("path")?.getAttribute("fill") ?? ""));
    expect(fills.filter((f) => f.startsWith("url(#")).length).toBe(fills.length / 2);
    await page.click('.chart-pane [aria-label="Chart type"] button:has-text("Line")');
  });

  it("exports an SVG and a PNG holding the title, the subtitle and the whole legend", async () => {
    await runQuery({ ...DEFAULT, select: { budget: ["atlas/legacy"] }, lod: { budget: 4 } });
    await page.click('.tab-list [data-tab="transfer"]');
    const svg = (await downloaded(() => page.click("[data-testid=export-svg]"))).bytes.toString("utf8");
    expect(svg).toContain(">Budget vs Actuals by budget</text>");
    expect(svg).toContain(">DAI · monthly · Jan 2021 – Dec 2024 · change per month</text>");
    const names = await page
      .locator(".chart-pane .legend button")
      .evaluateAll((b) => b.map((e) => e.getAttribute("data-name")));
    expect(names.length).toBe(32);
    const xml = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;");
    for (const name of names)
      expect(svg).toContain(`>${xml(name!.length > 36 ? name!.slice(0, 35) + "…" : name!)}</text>`);
    writeFileSync(join(SCREENSHOTS, "dashboard-export.svg"), svg);
    const png = (await downloaded(() => page.click("[data-testid=export-png]"))).bytes;
    const height = Number(/^<svg[^>]* height="(\d+)"/.exec(svg)![1]);
    expect(png.readUInt32BE(20)).toBe(2 * height);
    const plot = (await page.locator(".chart-pane .chart-host svg").boundingBox())!;
    // Title above and the 32-entry legend below make it taller than the plot alone.
    expect(height).toBeGreaterThan(plot.height + 100);
  });
});

describe("layout", () => {
  it("maximizes a region and returns with Esc; splitter sizes survive a reload", async () => {
    await page.click("[data-testid=maximize-results]");
    expect(await page.getAttribute(".app", "data-maximized")).toBe("results");
    const tabs = (await page.locator('.cell[data-region="results"]').boundingBox())!;
    expect(tabs.width).toBeGreaterThan(1200);
    expect(await page.locator('.cell[data-region="tools"]').isVisible()).toBe(false);
    await page.locator(".chart-pane .chart-host").first().click();
    await page.keyboard.press("Escape");
    expect(await page.getAttribute(".app", "data-maximized")).toBe("");
    expect(await page.locator('.cell[data-region="tools"]').isVisible()).toBe(true);

    const splitter = page.locator(".splitter.vertical").first();
    const box = (await splitter.boundingBox())!;
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(120, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    const editorWidth = (await page.locator('.cell[data-region="editor"]').boundingBox())!.width;
    expect(editorWidth).toBeLessThan(150);
    await page.reload();
    await page.waitForSelector(".chart-pane .recharts-line-curve", { timeout: 90_000 });
    expect((await page.locator('.cell[data-region="editor"]').boundingBox())!.width).toBeCloseTo(editorWidth, 0);
    await page.evaluate(() => localStorage.removeItem("playground.layout"));
  });
});

const tile = (title: string) => page.locator(`[data-testid=tile][aria-label="${title}"]`);

describe("dashboards", () => {
  it("pins the chart's query as a tile that draws the same series", async () => {
    await runQuery(DEFAULT);
    await page.click('.chart-pane [aria-label="Chart type"] button:has-text("Area")');
    const series = await page.getAttribute(".chart-pane", "data-series");
    await page.click("[data-testid=chart-pin]");
    await page.click("[data-testid=chart-pinned]");
    expect(await page.getAttribute(".app", "data-view")).toBe("dashboard");
    expect(await page.getAttribute("[data-testid=dashboard]", "data-tiles")).toBe("5");
    const pinned = tile("Budget vs Actuals by budget");
    await pinned.locator(".chart-view").waitFor();
    expect(await pinned.locator(".chart-view").getAttribute("data-series")).toBe(series);
    expect(await pinned.locator(".chart-view").getAttribute("data-drawn")).toBe("area");
    expect(await pinned.locator(".recharts-area").count()).toBe(Number(series));
  });

  it("re-runs its tiles live after a write, with the new value in their totals", async () => {
    const pinned = tile("Budget vs Actuals by budget");
    const entry = pinned.locator('.legend button[data-name="core-units · Budget (DAI)"]');
    const before = Number(await entry.getAttribute("data-total"));
    const runsBefore = Number(await pinned.getAttribute("data-runs"));
    await page.evaluate(() =>
      window.__playground!.call!("addSeries", {
        inputs: [
          {
            start: "2023-05-10",
            source: "e2e/dashboard",
            metric: "Budget",
            value: 1234.5,
            unit: "DAI",
            dimensions: { budget: "atlas/legacy/core-units/SES-001" },
          },
        ],
      }),
    );
    await page.waitForFunction(
      (n) =>
        Number(
          document
            .querySelector('[data-testid=tile][aria-label="Budget vs Actuals by budget"]')
            ?.getAttribute("data-runs"),
        ) > n,
      runsBefore,
      { timeout: 30_000 },
    );
    expect(Number(await entry.getAttribute("data-total"))).toBeCloseTo(before + 1234.5, 6);
    await screenshot(page, "dashboard-1280");
  });

  it("shares a dashboard by link: a fresh browser opens on it", async () => {
    await page.click("[data-testid=dashboard-share]");
    const link = await page.inputValue("[data-testid=dashboard-link]");
    expect(link).toMatch(/#dashboard=[A-Za-z0-9_-]+$/);
    const titles = await page
      .locator("[data-testid=tile]")
      .evaluateAll((t) => t.map((e) => e.getAttribute("aria-label")));
    const other = await session.browser.newPage({ viewport: { width: 1280, height: 720 } });
    try {
      await other.goto(link);
      await other.waitForSelector("[data-testid=dashboard] [data-testid=tile] .chart-view", { timeout: 90_000 });
      expect(await other.getAttribute(".app", "data-view")).toBe("dashboard");
      expect(
        await other.locator("[data-testid=tile]").evaluateAll((t) => t.map((e) => e.getAttribute("aria-label"))),
      ).toEqual(titles);
      expect(await other.textContent("[data-testid=dashboard-notice]")).toContain(
        `Opened the shared dashboard “Demo: MakerDAO-style budgets” (5 tiles)`,
      );
    } finally {
      await other.close();
    }
  });

  it("exports a dashboard as JSON and imports it back; a bad file is refused with the field named", async () => {
    const exported = (await downloaded(() => page.click("[data-testid=dashboard-export]"))).bytes.toString("utf8");
    const json = JSON.parse(exported) as { id: string; title: string; tiles: { title: string }[] };
    expect(json.tiles.map((t) => t.title)).toContain("Budget vs Actuals by budget");

    const renamed = { ...json, id: "imported", title: "Imported board", tiles: json.tiles.slice(0, 2) };
    await page.setInputFiles("[data-testid=dashboard-file]", {
      name: "board.dashboard.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(renamed)),
    });
    await page.waitForSelector('[data-testid=dashboard][data-dashboard="imported"]');
    expect(await page.textContent("[data-testid=dashboard-notice]")).toContain("Imported “Imported board” (2 tiles).");
    expect(await page.locator("[data-testid=tile]").count()).toBe(2);

    const bad = { ...renamed, tiles: [{ ...renamed.tiles[0], query: { kind: "graphql", text: "{}" } }] };
    await page.setInputFiles("[data-testid=dashboard-file]", {
      name: "bad.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(bad)),
    });
    await page.waitForSelector("[data-testid=dashboard-notice].error");
    expect(await page.textContent("[data-testid=dashboard-notice]")).toContain(
      'bad.json was not imported: tiles[0].query.kind: expected one of "series", "sql", got "graphql". Nothing was changed.',
    );
    expect(await page.locator("[data-testid=tile]").count()).toBe(2);
    await page.setInputFiles("[data-testid=dashboard-file]", {
      name: "x.json",
      mimeType: "application/json",
      buffer: Buffer.from("{"),
    });
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=dashboard-notice]")?.textContent?.startsWith("x.json"),
    );
    expect(await page.textContent("[data-testid=dashboard-notice]")).toMatch(
      /^x\.json was not imported: file: not JSON \(/,
    );
    await page.selectOption("[data-testid=dashboard-select]", "demo");
  });

  it("adds a SQL tile and draws its numeric columns", async () => {
    await page.click("text=+ SQL tile");
    await page.click('[data-testid=sql-tile-form] button[type="submit"]');
    const sqlTile = tile("Series per metric");
    await sqlTile.locator(".chart-view").waitFor();
    expect(await sqlTile.locator(".chart-view").getAttribute("data-periods")).toBe("4");
    expect(await sqlTile.locator(".legend-name").allTextContents()).toEqual(["series"]);
  });
});

describe("presentation mode", () => {
  it("shows one tile at a time over the whole window; arrows, Home, End and Esc drive it", async () => {
    const count = await page.locator("[data-testid=tile]").count();
    await page.click("[data-testid=dashboard-present]");
    const overlay = page.locator("[data-testid=present]");
    await overlay.locator(".chart-view").waitFor();
    expect(await overlay.boundingBox()).toEqual({ x: 0, y: 0, width: 1280, height: 720 });
    const position = () => page.textContent("[data-testid=present-position]");
    expect(await position()).toBe(`1 / ${count}`);
    expect(await overlay.locator(".chart-title").textContent()).toBe("Budget vs Actuals by scope");
    const small = await overlay.locator(".chart-title").evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    expect(small).toBeGreaterThanOrEqual(28);
    await screenshot(page, "present-1280");
    await page.keyboard.press("ArrowRight");
    expect(await position()).toBe(`2 / ${count}`);
    expect(await overlay.locator(".chart-title").textContent()).toBe("An MKR grant vesting: the cliff, then linear");
    await page.keyboard.press("End");
    expect(await position()).toBe(`${count} / ${count}`);
    await page.keyboard.press("ArrowRight");
    expect(await position()).toBe(`${count} / ${count}`);
    await page.keyboard.press("ArrowLeft");
    expect(await position()).toBe(`${count - 1} / ${count}`);
    await page.keyboard.press("Home");
    expect(await position()).toBe(`1 / ${count}`);

    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await overlay.locator(".chart-view .recharts-surface").first().waitFor();
    const large = await overlay.locator(".chart-title").evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    expect(large).toBeGreaterThan(small);
    await screenshot(page, "present-1920");
    await page.keyboard.press("Escape");
    expect(await overlay.count()).toBe(0);
    await page.setViewportSize({ width: 1280, height: 720 });
    expect(errors).toEqual([]);
  });
});
