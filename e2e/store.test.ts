// The store switch in Chromium: named IndexedDB databases (PGlite idb://<name>) that keep every
// row across reloads, the Web Lock that keeps a second tab from writing the same database (it
// gets a read-only copy, or picks another), and the picker that creates and deletes databases.
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { screenshot, useApp, watchErrors, type Server } from "./harness.js";
import { added, bootLabels, call, checksum, ready, seriesIn } from "./pageCalls.js";

let preview: Server;
let context: BrowserContext;

// One profile for every page: they share IndexedDB and Web Locks, like tabs of one browser.
const app = useApp({ context: { viewport: { width: 1440, height: 900 } } });
beforeAll(() => ({ server: preview, context } = app));

describe("IndexedDB store", () => {
  let page: Page;
  let errors: string[];

  it("seeds a new database with 10,000 series; after a reload all are there with the same checksum", async () => {
    page = await context.newPage();
    errors = watchErrors(page);
    const t0 = Date.now();
    await page.goto(`${preview.url}?store=idb&db=e2e&count=10000`);
    await ready(page);
    const seededMs = Date.now() - t0;
    expect(await bootLabels(page)).toEqual([
      'Opening IndexedDB database "e2e"',
      "Creating the schema",
      "Generating and seeding 10,000 demo series",
    ]);
    // Written through the data RPC too: those persist as well.
    expect(await call(page, "addSeries", { inputs: added("e2e/rpc", 3) })).toEqual({ added: 3 });
    const before = await checksum(page);
    expect(before.series).toBe(10_003);
    expect(await page.getAttribute("[data-testid=store-picker]", "data-store")).toBe("idb");

    const t1 = Date.now();
    await page.reload();
    await ready(page);
    const reopenedMs = Date.now() - t1;
    // Opened, not seeded again: the rows are the ones written before the reload.
    expect(await bootLabels(page)).toEqual(['Opening IndexedDB database "e2e"', "Checking the schema"]);
    expect(await checksum(page)).toEqual(before);
    expect(await page.getAttribute("[data-testid=series-count]", "data-count")).toBe("10003");
    // Cancel on this store: the new worker opens the same database (this tab keeps its lock).
    await page.evaluate(() => {
      void window.__playground!.call!("raw", { sql: "select pg_sleep(60)" }).catch(
        (e: Error) => ((window as unknown as { cancelled?: string }).cancelled = e.message),
      );
    });
    await page.waitForSelector("[data-testid=engine-busy][data-method=raw]");
    await page.click("[data-testid=cancel-run]");
    await page.waitForFunction(
      () =>
        /^Cancelled raw after [\d.]+ s: the engine was restarted · the database keeps every committed change$/.test(
          document.querySelector("[data-testid=engine-restarted] span")?.textContent ?? "",
        ),
      undefined,
      { timeout: 60_000 },
    );
    expect(await page.evaluate(() => (window as unknown as { cancelled?: string }).cancelled)).toMatch(
      /^cancelled after \d+\.\d s$/,
    );
    expect(await bootLabels(page)).toEqual(['Opening IndexedDB database "e2e"', "Checking the schema"]);
    expect(await checksum(page)).toEqual(before);

    console.log(
      `IndexedDB "e2e": seeded 10,000 series and booted in ${seededMs} ms; reopened after a reload in ${reopenedMs} ms; checksum ${before.checksum} before and after`,
    );
    await page.click("[data-testid=store-picker]");
    await page.waitForSelector('[data-testid=db-row][data-name="e2e"]');
    await screenshot(page, "store-01-picker");
    await page.keyboard.press("Escape");
  }, 180_000); // seeds, reloads, then cancels and reboots: minutes on a loaded 2-core machine

  it("a second tab on the same database is told it is in use, and opens a read-only copy: never two writers", async () => {
    const a = await context.newPage();
    await a.goto(`${preview.url}?store=idb&db=shared&count=2000`);
    await ready(a);
    expect(await seriesIn(a)).toBe(2000);

    const b = await context.newPage();
    const bErrors = watchErrors(b);
    await b.goto(`${preview.url}?store=idb&db=shared&count=2000`);
    await b.waitForSelector("[data-testid=db-in-use]", { timeout: 30_000 });
    expect(await b.textContent("[data-testid=db-in-use] h2")).toBe("“shared” is open in another tab");
    // In the dialog's list, "shared" cannot be deleted from here.
    const row = b.locator('[data-testid=db-in-use] [data-testid=db-row][data-name="shared"]');
    await row.waitFor();
    expect(await row.getAttribute("data-in-use")).toBe("true");
    expect(await row.locator("[data-testid=db-delete]").isDisabled()).toBe(true);
    await screenshot(b, "store-02-in-use");

    await b.click("[data-testid=open-copy]");
    await ready(b);
    expect(await bootLabels(b)).toEqual(['Copying IndexedDB database "shared" into memory', "Checking the schema"]);
    expect(await b.getAttribute("[data-testid=store-picker]", "data-store")).toBe("idb-copy");
    await b.waitForSelector("[data-testid=store-copy-badge]");
    expect(await seriesIn(b)).toBe(2000);
    await screenshot(b, "store-03-copy");

    // Writes in the copy stay in tab B; tab A's database never sees them, nor B A's.
    await call(b, "addSeries", { inputs: added("tab-b", 1) });
    await call(a, "addSeries", { inputs: added("tab-a", 2) });
    expect(await seriesIn(a)).toBe(2002);
    expect(await seriesIn(b)).toBe(2001);

    // A third tab waits on the dialog; once A is closed, it opens the database itself, with A's rows only.
    const c = await context.newPage();
    await c.goto(`${preview.url}?store=idb&db=shared`);
    await c.waitForSelector("[data-testid=db-waiting]", { timeout: 30_000 });
    await a.close();
    await ready(c);
    expect(await c.locator("[data-testid=db-in-use]").count()).toBe(0);
    expect(await c.getAttribute("[data-testid=store-picker]", "data-store")).toBe("idb");
    expect(await bootLabels(c)).toEqual(['Opening IndexedDB database "shared"', "Checking the schema"]);
    expect(await seriesIn(c)).toBe(2002);
    await c.close();

    // Once C is closed too, B reloads into the database itself.
    await b.reload();
    await ready(b);
    expect(await b.locator("[data-testid=db-in-use]").count()).toBe(0);
    expect(await b.getAttribute("[data-testid=store-picker]", "data-store")).toBe("idb");
    expect(await bootLabels(b)).toEqual(['Opening IndexedDB database "shared"', "Checking the schema"]);
    expect(await seriesIn(b)).toBe(2002);
    expect(
      await call<{ statements: { rows: unknown[] }[] }>(b, "raw", {
        sql: `select source from "AnalyticsSeries" where source like 'tab-%' group by source order by source`,
      }).then((r) => r.statements[0].rows),
    ).toEqual([{ source: "tab-a/" }]);
    expect(bErrors).toEqual([]);
  }, 180_000); // IndexedDB seeds and reboots in several tabs: near a minute alone, more beside other tests

  it("a seed cut short by a reload is started over, not kept half-made", async () => {
    const p = await context.newPage();
    await p.goto(`${preview.url}?store=idb&db=halfway&count=5000`);
    // Reload once a few batches are stored (the boot screen shows the seed's progress).
    await p.waitForFunction(
      () => /^([1-9][\d,]*) \/ 5,000$/.test(document.querySelector("[data-step=seed] .muted")?.textContent ?? ""),
      undefined,
      { timeout: 60_000, polling: 20 },
    );
    await p.reload();
    await ready(p);
    expect(await bootLabels(p)).toEqual([
      'Opening IndexedDB database "halfway"',
      "Checking the schema",
      "Seeding again (the last seed was interrupted): 5,000 demo series",
    ]);
    expect(await seriesIn(p)).toBe(5000);
    expect(await p.getAttribute("[data-testid=series-count]", "data-count")).toBe("5000");
    await p.close();
  }, 180_000); // IndexedDB seeds and reboots in several tabs: near a minute alone, more beside other tests

  it("the picker creates an empty database, refuses to delete open ones, and deletes one no tab holds", async () => {
    await page.click("[data-testid=store-picker]");
    await page.fill("[data-testid=db-new-name]", "bad name!");
    await page.click("[data-testid=db-create]");
    expect(await page.textContent("[data-testid=db-error]")).toBe(
      `"bad name!" is not a database name: use 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
    await page.fill("[data-testid=db-new-name]", "scratch");
    await page.selectOption("[data-testid=db-new-content]", "empty");
    await page.click("[data-testid=db-create]");
    await page.waitForURL(/store=idb&db=scratch/);
    await ready(page);
    expect(await page.getAttribute("[data-testid=series-count]", "data-count")).toBe("0");

    await page.click("[data-testid=store-picker]");
    const row = (name: string) => page.locator(`.store-popover [data-testid=db-row][data-name="${name}"]`);
    await row("scratch").waitFor();
    expect(
      await page
        .locator(".store-popover [data-testid=db-row]")
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-name"))),
    ).toEqual(["", "e2e", "halfway", "scratch", "shared"]);
    // The open one and one open in another tab cannot be deleted.
    expect(await row("scratch").locator("[data-testid=db-delete]").isDisabled()).toBe(true);
    expect(await row("shared").locator("[data-testid=db-delete]").isDisabled()).toBe(true);
    await row("e2e").locator("[data-testid=db-delete]").click();
    await row("e2e").locator("[data-testid=db-delete-confirm]").click();
    await row("e2e").waitFor({ state: "detached" });
    expect(await page.evaluate(() => indexedDB.databases().then((d) => d.map((x) => x.name).sort()))).toEqual([
      "/pglite/halfway",
      "/pglite/scratch",
      "/pglite/shared",
    ]);
    await screenshot(page, "store-04-after-delete");

    // Back to the in-memory demo.
    await page.click(".store-popover [data-testid=db-open-memory]");
    await page.waitForURL((u) => !u.search.includes("store="));
    await ready(page);
    expect(await page.getAttribute("[data-testid=store-picker]", "data-store")).toBe("memory");
    expect(await page.getAttribute("[data-testid=series-count]", "data-count")).toBe("20000");
    expect(errors).toEqual([]);
  }, 180_000); // IndexedDB seeds and reboots in several tabs: near a minute alone, more beside other tests
});
