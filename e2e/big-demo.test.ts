// Big demos in Chromium: 200,000 series boot from the shipped snapshot, a new IndexedDB database
// starts as the demo snapshot instead of seeding, Cancel keeps the series the user added, a size
// with no shipped snapshot shows its seeding progress and is kept in the browser after its first
// seed, and a million series boot from their shipped snapshot. Times are printed, never asserted
// (docs/BENCHMARKS.md has them).
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { screenshot, useApp, watchErrors, type Server, type Session } from "./harness.js";
import { added, bootLabels, call, checksum, ready } from "./pageCalls.js";

let server: Server;
let session: Session;

const app = useApp();
beforeAll(() => ({ server, session } = app));

/** Under a loaded 2-core machine a big demo's test takes minutes, not the default minute. */
const BIG = 600_000;

const rows = async <T>(page: Page, sql: string) =>
  (await call<{ statements: { rows: T[] }[] }>(page, "raw", { sql })).statements[0].rows;
const total = async (page: Page) =>
  (await rows<{ n: number }>(page, `select count(*)::int as n from "AnalyticsSeries"`))[0].n;
/** ms since navigation when the first chart drew, and the boot's steps. */
const firstChart = async (page: Page) => {
  await page.waitForFunction(() => window.__playground?.marks.firstChart, undefined, { timeout: 240_000 });
  return page.evaluate(() => ({ marks: window.__playground!.marks, steps: window.__playground!.bootSteps }));
};
/** The demos this browser keeps (src/hosts/worker/demoCache.ts), once there is one. */
async function keptDemos(page: Page): Promise<string[]> {
  for (let tries = 0; ; tries++) {
    const paths = await page.evaluate(async () =>
      (await (await caches.open("playground-demo-snapshots")).keys()).map((r) => new URL(r.url).pathname),
    );
    if (paths.length > 0 || tries > 240) return paths;
    await new Promise((r) => setTimeout(r, 500));
  }
}
const shown = (page: Page) => page.getAttribute("[data-testid=series-count]", "data-count").then(Number);

describe("big demos", () => {
  it(
    "200,000 series boot from the shipped snapshot; Cancel keeps the series the user added and removed",
    async () => {
      const page = await session.browser.newPage({ viewport: { width: 1280, height: 720 } });
      const errors = watchErrors(page);
      await page.goto(`${server.url}?count=200000`);
      const timing = await firstChart(page);
      await ready(page);
      const snapshotBoot = [
        expect.stringMatching(/^Loading the 200,000-series demo snapshot \(\d+\.\d MB\)$/),
        "Checking the schema",
      ];
      expect(await bootLabels(page)).toEqual(snapshotBoot);
      expect(await shown(page)).toBe(200_000);
      expect(await page.locator(".chart-pane path.recharts-line-curve").count()).toBeGreaterThan(0);
      console.log(`200,000 series: first chart at ${Math.round(timing.marks.firstChart!)} ms`, JSON.stringify(timing));

      // The user's changes: three series added, one demo source cleared.
      const [{ source, n: cleared }] = await rows<{ source: string; n: number }>(
        page,
        `select source, count(*)::int as n from "AnalyticsSeries" group by source order by source limit 1`,
      );
      expect(await call(page, "addSeries", { inputs: added("mine/cancel", 3) })).toEqual({ added: 3 });
      expect(await call(page, "clearSource", { path: source })).toEqual({ deleted: cleared });
      const expected = 200_000 + 3 - cleared;
      expect(await total(page)).toBe(expected);
      await page.waitForFunction(
        (n) => document.querySelector("[data-testid=series-count]")?.getAttribute("data-count") === String(n),
        expected,
      );

      await page.evaluate(
        () => void window.__playground!.call!("raw", { sql: "select pg_sleep(60)" }).catch(() => undefined),
      );
      await page.waitForSelector("[data-testid=engine-busy][data-method=raw]");
      await page.click("[data-testid=cancel-run]");
      await page.waitForFunction(
        () =>
          /^Cancelled raw after [\d.]+ s: the engine was restarted · the in-memory demo starts over and your 2 changes were made again$/.test(
            document.querySelector("[data-testid=engine-restarted] span")?.textContent ?? "",
          ),
        undefined,
        { timeout: 120_000 },
      );
      // The new worker booted from the snapshot again, then made the two changes.
      expect(await bootLabels(page)).toEqual(snapshotBoot);
      expect(await total(page)).toBe(expected);
      expect(
        await rows(
          page,
          `select source, count(*)::int as n from "AnalyticsSeries" where source in ('mine/cancel/', '${source}') group by source`,
        ),
      ).toEqual([{ source: "mine/cancel/", n: 3 }]);
      await page.waitForFunction(
        (n) => document.querySelector("[data-testid=series-count]")?.getAttribute("data-count") === String(n),
        expected,
      );
      await screenshot(page, "big-01-cancel-kept");
      expect(errors).toEqual([]);
      await page.close();
    },
    BIG,
  );

  it(
    "a new IndexedDB database starts as the demo snapshot (same rows as the in-memory demo) and keeps them",
    async () => {
      const context = await session.browser.newContext({ viewport: { width: 1280, height: 720 } });
      const memory = await context.newPage();
      await memory.goto(server.url);
      await ready(memory);
      const demo = await checksum(memory);
      expect(demo.series).toBe(20_000);
      await memory.close();

      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${server.url}?store=idb&db=from-snapshot`);
      await ready(page);
      expect(await bootLabels(page)).toEqual([
        expect.stringMatching(
          /^Creating IndexedDB database "from-snapshot" from the 20,000-series demo snapshot \(\d+\.\d MB\)$/,
        ),
        "Checking the schema",
        expect.stringMatching(/^Writing \d+\.\d MB to IndexedDB$/),
      ]);
      const steps = await page.evaluate(() => window.__playground!.bootSteps!);
      console.log(
        `IndexedDB database from the 20,000 snapshot: ${Math.round(steps.reduce((t, s) => t + s.elapsedMs, 0))} ms`,
        JSON.stringify(steps),
      );
      expect(await checksum(page)).toEqual(demo);
      await call(page, "addSeries", { inputs: added("mine/idb", 2) });
      const kept = await checksum(page);
      expect(kept.series).toBe(20_002);

      await page.reload();
      await ready(page);
      expect(await bootLabels(page)).toEqual(['Opening IndexedDB database "from-snapshot"', "Checking the schema"]);
      expect(await checksum(page)).toEqual(kept);
      expect(errors).toEqual([]);
      await context.close();
    },
    BIG,
  );

  it(
    "a size with no shipped snapshot is seeded once, kept in this browser, and loaded from there next time",
    async () => {
      const context = await session.browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${server.url}?count=60000`);
      // A batch's progress between the first and the last: "N / 60,000" with 0 < N < 60,000.
      const partial = await page.waitForFunction(
        () => {
          const text = document.querySelector("[data-step=seed] .muted")?.textContent ?? "";
          const done = /^([\d,]+) \/ 60,000$/.exec(text)?.[1];
          const n = done ? Number(done.replace(/,/g, "")) : 0;
          return n > 0 && n < 60_000 ? n : 0;
        },
        undefined,
        { timeout: 120_000, polling: "raf" },
      );
      expect(Number(await partial.jsonValue()) % 3_000).toBe(0);
      await ready(page);
      expect(await bootLabels(page)).toEqual([
        "Loading the database (PGlite WASM)",
        "Creating the schema",
        "Generating and seeding 60,000 demo series",
      ]);
      // Kept once the first calls have answered and the engine was idle a moment (in the background).
      expect(await keptDemos(page)).toEqual([
        expect.stringMatching(/^\/demo-cache\/[0-9a-f]{16}\/demo-60000-42\.tar$/),
      ]);
      const seeded = await checksum(page);
      expect(seeded.series).toBe(60_000);

      await page.reload();
      await ready(page);
      expect(await bootLabels(page)).toEqual([
        expect.stringMatching(/^Loading the 60,000-series demo kept in this browser \(\d+\.\d MB\)$/),
        "Checking the schema",
      ]);
      expect(await checksum(page)).toEqual(seeded);
      const steps = await page.evaluate(() => window.__playground!.bootSteps!);
      console.log(`60,000 series from this browser's cache: ${JSON.stringify(steps)}`);
      expect(errors).toEqual([]);
      await context.close();
    },
    BIG,
  );

  it(
    "1,000,000 series boot from the shipped snapshot, then chart",
    async () => {
      const page = await session.browser.newPage({ viewport: { width: 1280, height: 720 } });
      const errors = watchErrors(page);
      await page.goto(`${server.url}?count=1000000`);
      const timing = await firstChart(page);
      await ready(page);
      expect(await bootLabels(page)).toEqual([
        expect.stringMatching(/^Loading the 1,000,000-series demo snapshot \(\d+\.\d MB\)$/),
        "Checking the schema",
      ]);
      expect(await shown(page)).toBe(1_000_000);
      expect(await total(page)).toBe(1_000_000);
      console.log(
        `1,000,000 series: first chart at ${Math.round(timing.marks.firstChart!)} ms`,
        JSON.stringify(timing),
      );
      expect(errors).toEqual([]);
      await page.close();
    },
    BIG,
  );
});
