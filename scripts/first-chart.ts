// npx tsx scripts/first-chart.ts [counts=200000] [runs=3] [extra query string]: opens the built app
// (vite preview of dist/, built as the e2e tests build it) in Debian's Chromium, a fresh page per
// run, and prints when the boot finished, the first result arrived and the first chart drew (ms
// since navigation, the page's window.__playground marks) with the boot's steps.
import { ensureBuilt, launchBrowser, startPreview } from "../e2e/harness.js";

const counts = (process.argv[2] ?? "200000").split(",").map(Number);
const runs = Number(process.argv[3] ?? 3);
const extra = process.argv[4] ?? "";
await ensureBuilt();
const server = await startPreview();
const session = await launchBrowser();
const s = (ms?: number) => (ms === undefined ? "–" : `${(ms / 1000).toFixed(2)} s`);
try {
  for (const count of counts)
    for (let run = 1; run <= runs; run++) {
      const page = await session.browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(`${server.url}?count=${count}${extra}`);
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
      await page.close();
    }
} finally {
  await session.close();
  await server.stop();
}
