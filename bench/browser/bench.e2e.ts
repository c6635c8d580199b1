// The bench page in Chromium: `npm run bench`'s workload in a Web Worker. Writes the figures to
// test-results/bench-browser.json (`npm run bench:browser`; not part of `npm test`). Small sizes by default; BENCH_SIZES=2000,20000,200000,1000000
// gives the documented figures (docs/BENCHMARKS.md).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ensureBuilt,
  launchBrowser,
  ROOT,
  screenshot,
  startPreview,
  watchErrors,
  type Server,
  type Session,
} from "../../e2e/harness.js";

const sizes = (process.env.BENCH_SIZES ?? "2000,20000").split(",").map(Number);
const queries = Number(process.env.BENCH_QUERIES ?? 30);
let server: Server;
let session: Session;

beforeAll(async () => {
  await ensureBuilt();
  server = await startPreview();
  session = await launchBrowser();
});
afterAll(async () => {
  await session?.close();
  await server?.stop();
});

type Bench = {
  done: boolean;
  error?: string;
  results: {
    size: number;
    ingestPerSecond: number;
    p50Ms: number;
    p95Ms: number;
    demoMonthlyMs: number;
    queries: number;
    rows: number;
  }[];
  longTasks: { count: number; maxMs: number };
  userAgent: string;
};

describe("bench page", () => {
  it("runs the workload in a worker and reports every size", async () => {
    const page = await session.browser.newPage({ viewport: { width: 1200, height: 700 } });
    const errors = watchErrors(page);
    await page.goto(`${server.url}bench.html?sizes=${sizes.join(",")}&queries=${queries}`);
    await page.waitForFunction(() => (window as unknown as { __bench?: Bench }).__bench?.done === true, null, {
      timeout: 1_800_000,
      polling: 500,
    });
    const bench = await page.evaluate(() => (window as unknown as { __bench: Bench }).__bench);
    expect(bench.error).toBeUndefined();
    expect(bench.results.map((r) => r.size)).toEqual(sizes);
    for (const r of bench.results) {
      expect(r.queries).toBe(queries);
      expect(r.rows).toBeGreaterThan(0);
      expect(r.p50Ms).toBeGreaterThan(0);
      expect(r.p95Ms).toBeGreaterThanOrEqual(r.p50Ms);
    }
    expect(await page.locator("#results tbody tr").count()).toBe(sizes.length);
    mkdirSync(join(ROOT, "test-results"), { recursive: true });
    writeFileSync(
      join(ROOT, "test-results", "bench-browser.json"),
      JSON.stringify({ date: new Date().toISOString(), ...bench }, null, 2),
    );
    console.log(JSON.stringify(bench, null, 1));
    await screenshot(page, "bench-page");
    expect(errors).toEqual([]);
  }, 1_900_000);
});
