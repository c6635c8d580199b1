// Staying alive and rendering safely, in Chromium on a 2,000-series in-memory demo: a long query
// is cancelled (the worker is replaced, the editors keep their text), big results are cut with a
// notice, a dead worker is reported and restarted, a query that would run for minutes is stopped,
// and a series whose label and icon are HTML/JavaScript shows as text in every pane.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { QueryJson } from "../src/rpc/protocol.js";
import { ROOT, screenshot, useApp, type Server, type Session } from "./harness.js";

const COUNT = 2000;
const SEED = 7;

let preview: Server;
let session: Session;
let page: Page;
let errors: string[];

const app = useApp({ page: { viewport: { width: 1440, height: 950 } } });
beforeAll(() => ({ server: preview, session, page, errors } = app));

const attr = (selector: string, name: string) => page.getAttribute(selector, name);
const showTab = (id: string) => page.click(`.tab-list [data-tab="${id}"]`);

async function ready(): Promise<void> {
  await page.waitForSelector("[data-testid=series-count]", { timeout: 90_000 });
  await page.waitForFunction(
    () => ["done", "error"].includes(document.querySelector(".app")?.getAttribute("data-run-status") ?? ""),
    undefined,
    { timeout: 60_000 },
  );
}

async function setSql(sql: string): Promise<void> {
  await page.evaluate((t) => window.__playground!.setSql!(t), sql);
  await page.waitForFunction((t) => window.__playground!.getSql!() === t, sql);
}

async function setQuery(query: QueryJson | string): Promise<string> {
  const text = typeof query === "string" ? query : JSON.stringify(query, null, 2);
  await page.evaluate((t) => window.__playground!.setQuery!(t), text);
  await page.waitForFunction((t) => window.__playground!.getQuery!() === t, text);
  return text;
}

/** Clicks Run SQL and waits until that run has landed (or, with `landed: false`, only until it started). */
async function runSql(landed = true): Promise<void> {
  const before = Number(await attr(".sql-pane", "data-runs"));
  await page.click("[data-testid=sql-run]");
  if (landed)
    await page.waitForFunction(
      (n) => Number(document.querySelector(".sql-pane")?.getAttribute("data-runs")) > n,
      before,
      { timeout: 60_000 },
    );
}

async function runQuery(): Promise<void> {
  const before = Number(await attr(".app", "data-runs"));
  await page.click("[data-testid=run]");
  await page.waitForFunction((n) => Number(document.querySelector(".app")?.getAttribute("data-runs")) > n, before, {
    timeout: 60_000,
  });
}

const sesQuery: QueryJson = {
  metrics: ["Budget"],
  currency: "DAI",
  select: { budget: ["atlas/legacy"] },
  lod: { budget: 3 },
  granularity: "annual",
  start: "2021-01-01",
  end: "2025-01-01",
};

/** Cancels what runs now with the header's Cancel button, once it shows `method` running. */
async function cancel(method: string): Promise<void> {
  await page.waitForSelector(`[data-testid=engine-busy][data-method=${method}]`, { timeout: 10_000 });
  await page.click("[data-testid=cancel-run]");
}

/**
 * A test-only fault inside the engine worker (src/hosts/worker/faults.ts): `?faults` starts the
 * worker with them, and they are reached from inside it, never through the RPC.
 */
async function fault(kind: "uncaught" | "trap"): Promise<void> {
  for (const worker of page.workers().reverse())
    if (await worker.evaluate(() => typeof (globalThis as { __engineFault?: unknown }).__engineFault === "function"))
      return worker.evaluate(
        (k) => (globalThis as unknown as { __engineFault: (k: string) => void }).__engineFault(k),
        kind,
      );
  throw new Error("no engine worker with test faults: was the page opened with ?faults?");
}

/** The demo page, loaded once (each describe may run alone with -t). */
async function booted(): Promise<void> {
  if (page.url().startsWith(preview.url)) return;
  await page.goto(`${preview.url}?count=${COUNT}&seed=${SEED}&faults`);
  await ready();
}

describe("staying alive (2,000 series)", () => {
  it("boots", async () => {
    await booted();
    expect(await attr("[data-testid=series-count]", "data-count")).toBe(String(COUNT));
  });

  it("(a) cancels a long query: the worker is replaced and re-booted, the editors keep their text", async () => {
    await booted();
    await showTab("sql");
    await page.waitForSelector(".sql-pane .monaco-editor");
    const queryText = await setQuery({ ...sesQuery, granularity: "quarterly" });
    const sql = "-- mine\nselect pg_sleep(120)";
    await setSql(sql);
    const runBefore = Number(await attr("[data-testid=run-status]", "data-run-id"));
    const t0 = Date.now();
    await runSql(false);
    await page.waitForTimeout(1500);
    await screenshot(page, "safety-01-running");
    await cancel("raw");
    await page.waitForSelector("[data-testid=sql-error]", { timeout: 10_000 });
    const message = (await page.textContent("[data-testid=sql-error-message]")) ?? "";
    const seconds = Number(/^cancelled after (\d+\.\d) s$/.exec(message)?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(1.5);
    expect(seconds).toBeLessThan((Date.now() - t0) / 1000 + 0.5);
    expect(await attr("[data-testid=sql-error]", "data-kind")).toBe("cancelled");
    expect(await page.textContent("[data-testid=engine-restarted]")).toMatch(
      /^Cancelled raw after \d+\.\d s: the engine was restarted/,
    );
    // The new worker boots the same demo; nothing typed was lost.
    await page.waitForSelector("[data-testid=series-count]", { timeout: 60_000 });
    expect(await page.evaluate(() => [window.__playground!.getSql!(), window.__playground!.getQuery!()])).toEqual([
      sql,
      queryText,
    ]);
    await screenshot(page, "safety-02-cancelled");
    // And it works.
    await setSql('select count(*)::int as n from "AnalyticsSeries"');
    await runSql();
    expect(await page.locator(".sql-pane [data-testid=sql-row] td").first().textContent()).toBe(String(COUNT));
    await runQuery();
    expect(await attr(".app", "data-run-status")).toBe("done");
    expect(await attr(".chart-pane", "data-periods")).toBe("16");
    // The new worker numbers its runs on from the old one's (the logs and profiler key on them).
    expect(Number(await attr("[data-testid=run-status]", "data-run-id"))).toBeGreaterThan(runBefore);
  });

  it("(b) cuts big results with a notice: raw SQL at 10,000 rows, series queries over 100,000 rows refused", async () => {
    await booted();
    await setSql("select g, md5(g::text) as h from generate_series(1, 25000) g");
    await runSql();
    expect(await attr("[data-testid=sql-row-count]", "data-total")).toBe("25000");
    expect(await page.textContent("[data-testid=sql-row-count]")).toBe("25,000 rows · 2 columns");
    expect(await attr("[data-testid=sql-cut]", "data-sent")).toBe("10000");
    expect(await page.textContent("[data-testid=sql-cut]")).toContain("the worker sent only the first 10,000");
    await screenshot(page, "safety-03-truncated", ".sql-pane");

    await setQuery({
      ...sesQuery,
      select: { budget: ["atlas"] },
      lod: { budget: 4 },
      granularity: "hourly",
      start: "2021-01-01",
      end: "2024-01-01",
    });
    await runQuery();
    expect(await attr("[data-testid=query-error]", "data-field")).toBe("granularity");
    expect(await page.textContent("[data-testid=query-error]")).toMatch(
      /the result has [\d,]+ rows \([\d,]+ periods × up to [\d,]+ series\), over the 100,000 the playground sends: choose a coarser granularity/,
    );
    await screenshot(page, "safety-04-too-many-rows");
  });

  it("(c) says when the worker dies, and restarts it keeping the editors", async () => {
    await booted();
    const before = await page.evaluate(() => [window.__playground!.getSql!(), window.__playground!.getQuery!()]);
    // An uncaught error in the worker: the page's Worker gets an `error` event.
    await fault("uncaught");
    await page.waitForSelector("[data-testid=engine-dead]", { timeout: 10_000 });
    expect(await page.textContent("[data-testid=engine-dead]")).toContain(
      "engine worker failed: Uncaught Error: simulated uncaught error in the engine worker",
    );
    // Calls fail at once, saying so, until the restart.
    await setQuery(sesQuery);
    await runQuery();
    expect(await attr("[data-testid=query-error]", "data-kind")).toBe("crashed");
    await screenshot(page, "safety-05-worker-died");
    await page.click("[data-testid=restart-engine]");
    await page.waitForSelector("[data-testid=engine-dead]", { state: "detached" });
    await page.waitForSelector("[data-testid=series-count]", { timeout: 60_000 });
    expect(await page.evaluate(() => window.__playground!.getSql!())).toBe(before[0]);
    await runQuery();
    expect(await attr(".app", "data-run-status")).toBe("done");

    // A WASM trap (what an out-of-memory abort in PGlite is) in the next statement: the worker reports it as fatal.
    await fault("trap");
    const trap = await page.evaluate(() =>
      window.__playground!.call!("raw", { sql: "select 1" }).then(
        () => null,
        (e: Error & { kind?: string }) => ({ kind: e.kind, message: e.message }),
      ),
    );
    expect(trap).toEqual({ kind: "internal", message: "unreachable" });
    await page.waitForSelector("[data-testid=engine-dead]", { timeout: 10_000 });
    expect(await page.textContent("[data-testid=engine-dead]")).toContain("the engine's database stopped: unreachable");
    await page.click("[data-testid=restart-engine]");
    await page.waitForSelector("[data-testid=series-count]", { timeout: 60_000 });
    await runQuery();
    expect(await attr(".app", "data-run-status")).toBe("done");
  }, 180_000);

  it("(d) stops a query that would run for minutes; the app works afterwards", async () => {
    await booted();
    await setSql("select count(*) from generate_series(1, 1e10)");
    await page.click(".sql-pane .monaco-editor .view-lines");
    const before = Number(await attr(".sql-pane", "data-runs"));
    await page.keyboard.press("Control+Enter");
    await page.waitForTimeout(2000);
    // The worker is busy in WASM: nothing else gets an answer meanwhile.
    expect(
      await page.evaluate(() => [
        document.querySelector(".sql-pane")?.getAttribute("data-status"),
        document.querySelector("[data-testid=sql-error-message]")?.textContent,
      ]),
    ).toEqual(["running", undefined]);
    await cancel("raw");
    await page.waitForFunction(
      (n) => Number(document.querySelector(".sql-pane")?.getAttribute("data-runs")) > n,
      before,
      { timeout: 10_000 },
    );
    expect(await page.textContent("[data-testid=sql-error-message]")).toMatch(/^cancelled after \d+\.\d s$/);
    await page.waitForSelector("[data-testid=series-count]", { timeout: 60_000 });
    await setSql("select 1 + 1 as two");
    await runSql();
    expect(await page.locator(".sql-pane [data-testid=sql-row] td").first().textContent()).toBe("2");
    await runQuery();
    expect(await attr(".app", "data-run-status")).toBe("done");
    await screenshot(page, "safety-06-after-runaway");
  });
});

const XSS_LABEL = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;
const XSS_ICON = "javascript:window.__xss=3";
const XSS_DESCRIPTION = `<iframe src="javascript:window.__xss=4"></iframe>`;
const XSS_UNIT = `<b onmouseover="window.__xss=5">DAI</b>`;

describe("user data rendered as text", () => {
  it("a label, icon, description and unit made of HTML and JavaScript show literally in every pane, and nothing runs", async () => {
    const series = [
      {
        start: "2023-02-01",
        source: "xss/test",
        metric: "Budget",
        value: 1234,
        unit: XSS_UNIT,
        dimensions: { budget: "atlas/xss/evil" },
        dimensionMetadata: { path: "atlas/xss/evil", label: XSS_LABEL, icon: XSS_ICON, description: XSS_DESCRIPTION },
      },
    ];
    await booted();
    // Through the data pane's paste box, as a user would.
    await showTab("data");
    await page.fill("[data-testid=paste-json]", JSON.stringify(series, null, 2));
    await page.click("[data-testid=paste-add]");
    await page.waitForFunction(() => document.querySelector("[data-testid=paste-outcome]")?.textContent, undefined, {
      timeout: 30_000,
    });
    expect(await page.textContent("[data-testid=paste-outcome]")).toContain("Added 1 series");
    // Data pane: the unit in the series counts.
    await page.waitForFunction(
      (u) => document.querySelector("[data-testid=series-counts]")?.textContent?.includes(u),
      XSS_UNIT,
      { timeout: 30_000 },
    );
    await screenshot(page, "xss-data-pane", ".data-pane");

    // Chart: legend and tooltip.
    await setQuery({
      metrics: ["Budget"],
      currency: null,
      select: { budget: ["atlas/xss"] },
      lod: { budget: 3 },
      granularity: "monthly",
      start: "2023-01-01",
      end: "2023-04-01",
    });
    await runQuery();
    await showTab("chart");
    expect(await attr(".chart-pane", "data-series")).toBe("1");
    expect(await page.locator(".chart-pane .legend button").textContent()).toContain(XSS_LABEL);
    const box = (await page.locator(".chart-pane .recharts-surface").first().boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.waitForSelector(".chart-tooltip", { timeout: 5000 });
    expect(await page.locator(".chart-tooltip").textContent()).toContain(XSS_LABEL);
    await screenshot(page, "xss-chart", ".tabs");

    // Table.
    await showTab("table");
    const row = page.locator("[data-testid=table-row]").filter({ hasText: "atlas/xss/evil" }).first();
    expect(await row.textContent()).toContain(XSS_LABEL);
    expect(await row.textContent()).toContain(XSS_UNIT);
    expect(
      await row
        .locator("td", { has: page.locator("code") })
        .first()
        .getAttribute("title"),
    ).toBe(XSS_DESCRIPTION);
    await screenshot(page, "xss-table", ".tabs");

    // JSON.
    await showTab("json");
    expect(await page.textContent("[data-testid=json-view]")).toContain(JSON.stringify(XSS_LABEL).slice(1, -1));

    // Dimensions: the label as text, and no <img> for a javascript: icon.
    await showTab("dimensions");
    await page.fill("[data-testid=dim-filter]", "xss");
    const node = page.locator('[data-testid=dim-node][data-path="atlas/xss/evil"]');
    await node.waitFor({ timeout: 30_000 });
    expect(await node.textContent()).toContain(XSS_LABEL);
    expect(await node.locator("img").count()).toBe(0);
    expect(await node.locator(".dim-path").getAttribute("title")).toBe(XSS_DESCRIPTION);
    await screenshot(page, "xss-dimensions", ".tabs");

    // SQL editor grid and the log.
    await showTab("sql");
    await setSql(`select label, icon, description from "AnalyticsDimension" where path like 'atlas/xss/%'`);
    await runSql();
    expect(await page.locator(".sql-pane [data-testid=sql-row] td").allTextContents()).toEqual([
      XSS_LABEL,
      XSS_ICON,
      XSS_DESCRIPTION,
    ]);
    await showTab("logs");

    // Nothing ran, no element was injected, and every place shows the text itself.
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(
      await page
        .locator("img[src=x], script:not([src]):not([type]), iframe")
        .evaluateAll((els) => els.filter((e) => !e.closest("head")).map((e) => e.outerHTML)),
    ).toEqual([]);
    expect(await page.locator('a[href^="javascript:"], img[src^="javascript:"]').count()).toBe(0);
    expect(errors.filter((e) => !/simulated uncaught error|engine worker failed|unreachable/.test(e))).toEqual([]);
  });
});

describe("acknowledged writes are durable (IndexedDB)", () => {
  it("addSeries answered, the tab closed at once: after reopening, every row is there (five times)", async () => {
    const context = await session.browser.newContext();
    try {
      // A page of the app's origin that runs nothing (a stylesheet), to read the origin's locks.
      const css = readdirSync(join(ROOT, "dist/assets")).find((f) => f.endsWith(".css"));
      const observer = await context.newPage();
      await observer.goto(`${preview.url}/assets/${css}`);
      // A closed tab's lock goes with its process, which a loaded machine may take a while to end.
      // This test is about the rows; a tab that waits for the lock is e2e/store.test.ts's.
      const held = async () =>
        (await observer.evaluate(async () => (await navigator.locks.query()).held?.map((l) => l.name))) ?? [];
      const released = async () => {
        for (let i = 0; i < 600; i++) {
          if (!(await held()).includes("analytics-db:durable")) return;
          await observer.waitForTimeout(100);
        }
        throw new Error("the closed tab still holds the database's lock after 60 s");
      };
      const open = async () => {
        await released();
        const p = await context.newPage();
        const logged: string[] = [];
        p.on("console", (m) => logged.push(`${m.type()}: ${m.text()}`));
        p.on("pageerror", (e) => logged.push(`pageerror: ${e.message}`));
        await p.goto(`${preview.url}?store=idb&db=durable&count=200`);
        await p.waitForSelector("[data-testid=series-count]", { timeout: 90_000 }).catch(async (e: Error) => {
          // Say what the page shows and who holds the database's lock, not just that it timed out.
          const shown = (await p.locator("body").innerText()).slice(0, 800);
          const locks = await p.evaluate(async () => JSON.stringify(await navigator.locks.query()));
          throw new Error(`${e.message}\npage shows: ${shown}\nlocks: ${locks}\nconsole: ${logged.join("\n")}`);
        });
        return p;
      };
      const count = (p: Page) =>
        p.evaluate(() =>
          window.__playground!.call!("raw", { sql: 'select count(*)::int as n from "AnalyticsSeries"' }).then((r) =>
            Number(r.statements[0].rows[0].n),
          ),
        );
      let expected = 200;
      for (let round = 0; round < 5; round++) {
        const p = await open();
        expect(await held()).toEqual(["analytics-db:durable"]);
        expect(await count(p)).toBe(expected);
        const inputs = Array.from({ length: 500 }, (_, i) => ({
          start: "2023-01-01",
          source: `durable/r${round}`,
          metric: "Budget",
          value: i,
          dimensions: { budget: `atlas/durable/${i % 7}` },
        }));
        // The answer, then the tab gone before anything else can run (its worker with it).
        const added = await p.evaluate((x) => window.__playground!.call!("addSeries", { inputs: x }), inputs);
        await p.close({ runBeforeUnload: false });
        expect(added).toEqual({ added: 500 });
        expected += 500;
      }
      const last = await open();
      expect(await count(last)).toBe(expected);
    } finally {
      await context.close();
    }
  }, 400_000);
});
