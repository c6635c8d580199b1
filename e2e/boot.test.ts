// Cold boot of the built app with the full 20,000-series demo, as a developer first sees it:
// fresh browser profile, nothing cached. Records the time to the first chart.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EXAMPLES } from "../src/ui/query/examples.js";
import { expectedOf, type Expected } from "../test/support/expected.js";
import { ROOT, screenshot, useApp, watchErrors, type Server, type Session } from "./harness.js";

let server: Server;
let session: Session;
let expected: Expected;

const app = useApp({ node: () => expectedOf(20_000, 42, EXAMPLES[0].query) });
beforeAll(() => ({ node: expected, server, session } = app));

describe("cold boot (20,000 series)", () => {
  it("loads the full demo from its snapshot and draws the default chart", async () => {
    const page = await session.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(server.url);
    // performance.now() counts from navigation start: the cold-boot clock.
    const firstChart = await page.waitForFunction(
      () => (document.querySelector(".chart-pane path.recharts-line-curve") ? performance.now() : 0),
      null,
      {
        timeout: 120_000,
        polling: 50,
      },
    );
    const ms = Number(await firstChart.jsonValue());
    expect(await page.textContent("[data-testid=series-count]")).toBe("20,000 series");
    expect(await page.locator(".chart-pane path.recharts-line-curve").count()).toBe(expected.seriesCount);
    expect(await page.getAttribute(".chart-pane", "data-periods")).toBe("48");

    const boot = await page.evaluate(() => ({
      marks: window.__playground?.marks,
      steps: window.__playground?.bootSteps,
    }));
    // The built app ships the prebuilt demo database: boot loads it instead of seeding.
    expect(boot.steps?.map((s) => s.label)).toEqual([
      expect.stringMatching(/^Loading the 20,000-series demo snapshot \(\d+\.\d MB\)$/),
      "Checking the schema",
    ]);
    const header = await page.textContent(".header");
    const report = { firstChartMs: Math.round(ms), marks: boot.marks, header, at: new Date().toISOString() };
    mkdirSync(join(ROOT, "test-results"), { recursive: true });
    writeFileSync(join(ROOT, "test-results", "boot-timing.json"), JSON.stringify(report, null, 2));
    console.log(
      `cold boot to first chart (20,000 series): ${Math.round(ms)} ms`,
      JSON.stringify(boot.marks),
      JSON.stringify(boot.steps),
    );
    await screenshot(page, "04-boot-20k");
    expect(errors).toEqual([]);
    await page.close();
  });
});
