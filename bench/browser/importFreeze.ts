// The page's longest main-thread task while the Transfer pane imports a 200,000-row CSV:
// `npx tsx bench/browser/importFreeze.ts [rows] [--server]`. Builds the app, serves it, drives
// Chromium; with --server the page imports to `npm run serve` on a throwaway PostgreSQL.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuilt, launchBrowser, ROOT, startPreview } from "../../e2e/harness.js";
import { startServer } from "../../src/hosts/server/server.js";
import { startPostgres } from "../../test/support/postgres.js";

const rows = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 200_000);
const onServer = process.argv.includes("--server");
const lines = ["start,end,source,metric,value,unit,dim_budget"];
for (let i = 0; i < rows; i++)
  lines.push(
    `2024-${String((i % 12) + 1).padStart(2, "0")}-01,,import/bench/${i % 50},Budget,${i % 997},DAI,atlas/bench/${i % 300}`,
  );
const csv = lines.join("\n");

await ensureBuilt();
const pg = onServer ? await startPostgres() : null;
const preview = pg
  ? await startServer({ pg: pg.url, port: 0, allowWrites: true, dist: join(ROOT, "dist") }).then((s) => ({
      url: s.url,
      async stop() {
        await s.close();
        await pg.stop();
      },
    }))
  : await startPreview();
const session = await launchBrowser();
try {
  const page = await session.browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${preview.url}?count=2000&seed=1${onServer ? "&backend=server" : ""}`);
  await page.waitForFunction(() => document.querySelector(".app")?.getAttribute("data-run-status") === "done", null, {
    timeout: 120_000,
  });
  await page.click('.tab-list [data-tab="transfer"]');
  // A file on disk: playwright passes no buffer over 50 MB.
  const file = join(mkdtempSync(join(tmpdir(), "import-bench-")), "big.csv");
  writeFileSync(file, csv);
  await page.setInputFiles("[data-testid=import-file]", file);
  await page.evaluate(() => {
    const w = window as unknown as { longest: number; tasks: number };
    w.longest = 0;
    w.tasks = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        w.tasks++;
        w.longest = Math.max(w.longest, e.duration);
      }
    }).observe({ type: "longtask" });
  });
  const t0 = Date.now();
  await page.click("[data-testid=import-run]");
  await page.waitForSelector("[data-testid=import-summary]", { timeout: 600_000 });
  const elapsed = Date.now() - t0;
  const summary = await page.textContent("[data-testid=import-summary] strong");
  const { longest, tasks } = await page.evaluate(() => {
    const w = window as unknown as { longest: number; tasks: number };
    return { longest: w.longest, tasks: w.tasks };
  });
  console.log(
    `import of ${rows.toLocaleString("en-US")} CSV rows (${(csv.length / 1e6).toFixed(1)} MB) to ${onServer ? "the server" : "the tab"}: ${summary}; ${(elapsed / 1000).toFixed(1)} s; main-thread long tasks ${tasks}, longest ${longest.toFixed(0)} ms`,
  );
} finally {
  await session.close();
  await preview.stop();
}
