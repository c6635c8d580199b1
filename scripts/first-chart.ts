// npx tsx scripts/first-chart.ts [counts=200000] [runs=3] [--kept]: opens the built app (vite
// preview of dist/, built as the e2e tests build it) in Debian's Chromium, a fresh page per run,
// and prints when the boot finished, the first result arrived and the first chart drew (ms since
// navigation, the page's window.__playground marks) with the boot's steps. Pages share one
// incognito context (the e2e tests' kind, whose small storage quota keeps no big demo), or with
// --kept one on-disk profile, so a size without a shipped snapshot is seeded in the first run
// and loaded from the browser's cache (src/hosts/worker/demoCache.ts) in the next ones.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { ensureBuilt, launchBrowser, startPreview } from "../e2e/harness.js";

const [countsArg = "200000", runsArg = "3"] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const counts = countsArg.split(",").map(Number);
const runs = Number(runsArg);
const kept = process.argv.includes("--kept");
await ensureBuilt();
const server = await startPreview();
const session = kept
  ? await chromium
      .launchPersistentContext(mkdtempSync(join(tmpdir(), "first-chart-")), {
        executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
        args: ["--no-sandbox", "--disable-gpu"],
        viewport: { width: 1280, height: 720 },
      })
      .then((context) => ({ browser: context, close: () => context.close() }))
  : await launchBrowser();
const s = (ms?: number) => (ms === undefined ? "–" : `${(ms / 1000).toFixed(2)} s`);
try {
  for (const count of counts)
    for (let run = 1; run <= runs; run++) {
      const page = await session.browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(`${server.url}?count=${count}`);
      await page.waitForFunction(() => window.__playground?.marks.firstChart, undefined, {
        timeout: 300_000,
        polling: 50,
      });
      const { marks, steps } = await page.evaluate(() => ({
        marks: window.__playground!.marks,
        steps: window.__playground!.bootSteps ?? [],
      }));
      console.log(
        `${count.toLocaleString("en-US")} series, run ${run}: boot done ${s(marks.bootDone)}, first result ${s(marks.firstResult)}, first chart ${s(marks.firstChart)} | ` +
          steps.map((step) => `${step.label}: ${Math.round(step.elapsedMs)} ms`).join("; "),
      );
      // The next run opens after the demo was kept (a dump in the background after the first query).
      if (kept && run === 1 && steps.some((step) => step.label.startsWith("Generating and seeding")))
        for (let tries = 0; tries < 600; tries++) {
          const keys = await page.evaluate(async () =>
            (await (await caches.open("playground-demo-snapshots")).keys()).map((r) => r.url),
          );
          if (keys.some((url) => url.includes(`/demo-${count}-`))) break;
          await new Promise((r) => setTimeout(r, 500));
        }
      await page.close();
    }
} finally {
  await session.close();
  await server.stop();
}
