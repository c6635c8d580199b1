// What e2e tests ask a page's engine directly (window.__playground), beside what they click.
import type { Page } from "playwright-core";
import { CHECKSUM_SQL } from "../test/support/inProcessWorker.js";

/** Waits until the header shows the series count and the first run has ended. */
export const ready = async (page: Page, timeout = 180_000) => {
  await page.waitForSelector("[data-testid=series-count]", { timeout });
  await page.waitForFunction(
    () => ["done", "error"].includes(document.querySelector(".app")?.getAttribute("data-run-status") ?? ""),
    undefined,
    { timeout: 60_000 },
  );
};
export const call = <T>(page: Page, method: string, params: unknown) =>
  page.evaluate(([m, p]) => window.__playground!.call!(m as never, p as never), [
    method,
    params,
  ] as const) as Promise<T>;
/** One md5 over every row of the three tables, and the series count. */
export const checksum = async (page: Page) => {
  const r = await call<{ statements: { rows: { checksum: string; series: number }[] }[] }>(page, "raw", {
    sql: CHECKSUM_SQL,
  });
  return r.statements[0].rows[0];
};
export const seriesIn = async (page: Page) => (await checksum(page)).series;
export const bootLabels = (page: Page) => page.evaluate(() => window.__playground!.bootSteps!.map((s) => s.label));
/** `n` monthly Budget rows under `source`, as the data pane's form adds them. */
export const added = (source: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    start: `2024-0${i + 1}-01`,
    source,
    metric: "Budget",
    value: 100 + i,
    unit: "DAI",
    dimensions: { budget: `atlas/tabs/${source}` },
  }));
