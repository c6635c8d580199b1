// The dev server (`npm run dev`): the worker, PGlite's WASM and knex's shims must work with
// Vite's on-demand transforms too, not only in the production bundle.
import { beforeAll, describe, expect, it } from "vitest";
import { startDevServer, useApp, watchErrors, type Server, type Session } from "./harness.js";

let server: Server;
let session: Session;

const app = useApp({ build: false, serve: startDevServer });
beforeAll(() => ({ server, session } = app));

describe("vite dev server", () => {
  it("boots the worker with PGlite and runs the default query", async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = watchErrors(page);
    await page.goto(`${server.url}?count=500`);
    await page.waitForSelector(".chart-pane path.recharts-line-curve", { timeout: 150_000 }).catch((e: Error) => {
      throw new Error(`${e.message}\n${errors.join("\n")}\n--- vite:\n${server.output()}`);
    });
    expect(await page.textContent("[data-testid=series-count]")).toBe("500 series");
    expect(await page.locator(".chart-pane path.recharts-line-curve").count()).toBeGreaterThan(0);
    // Monaco loads from the dev server too (its workers included): the JSON mode marks a syntax error.
    await page.evaluate(() => window.__playground!.setQuery!('{ "metrics": [ }'));
    await page.waitForSelector(".monaco-editor .squiggly-error", { timeout: 30_000 });
    expect(errors, `${errors.join("\n")}\n--- vite:\n${server.output()}`).toEqual([]);
    await page.close();
  });
});
