import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { build, preview, type PreviewServer } from "vite";
import { beforeAll, describe, expect, it } from "vitest";
import { useApp, watchErrors, type Session } from "./harness.js";

// BrowserAnalyticsStore in real Chromium: rows written through one store are there for a new
// store on the same database name after a page reload; another name is a separate database.

const configFile = fileURLToPath(new URL("./pages/vite.config.ts", import.meta.url));
let server: PreviewServer;
let session: Session;

// A page of its own (e2e/pages/), built and served here instead of the app.
const app = useApp({
  build: false,
  serve: async () => {
    await build({ configFile, logLevel: "warn" });
    return preview({ configFile, preview: { host: "127.0.0.1", port: 0 }, logLevel: "warn" });
  },
});
beforeAll(() => ({ server, session } = app));

type Check = {
  write(name: string, count: number): Promise<number>;
  read(name: string): Promise<{ n: number; total: number; labels: string[]; sum: number | null }>;
};
const open = async (page: Page) => {
  await page.goto(`${server.resolvedUrls!.local[0]}browser-store.html`);
  await page.waitForFunction(() => document.getElementById("status")?.textContent === "ready");
};

describe("BrowserAnalyticsStore", () => {
  it("persists rows in IndexedDB across a reload", async () => {
    const page = await session.browser.newPage();
    const errors = watchErrors(page);
    await open(page);
    expect(
      await page.evaluate(() => (window as unknown as { storeCheck: Check }).storeCheck.write("e2e-persist", 1000)),
    ).toBe(1000);
    await page.reload();
    await open(page);
    const after = await page.evaluate(() =>
      (window as unknown as { storeCheck: Check }).storeCheck.read("e2e-persist"),
    );
    // 0 + 1 + … + 999 = 499500
    expect(after).toEqual({
      n: 1000,
      total: 499500,
      labels: ["Team 0", "Team 1", "Team 2", "Team 3", "Team 4"],
      sum: 499500,
    });
    const other = await page.evaluate(() => (window as unknown as { storeCheck: Check }).storeCheck.read("e2e-other"));
    expect(other).toEqual({ n: 0, total: null, labels: [], sum: null });
    expect(errors).toEqual([]);
  });
});
