// The Script pane in Chromium: every documented example runs in the pane's worker and prints what
// the same script prints under Node against src/engine/index.ts (run here, through the same
// runner); Cancel and the time limit stop a script that never yields; a link opens a script but
// never runs it; a script has no network; Monaco knows the engine's types.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadScriptModules } from "../src/hosts/script/modules.js";
import { runScript } from "../src/hosts/script/run.js";
import type { ScriptEvent } from "../src/rpc/script.js";
import { SCRIPT_EXAMPLES } from "../src/ui/script/examples.js";
import { recordRun, type RecordedRun } from "../test/support/scriptRun.js";
import {
  ensureBuilt,
  launchBrowser,
  screenshot,
  startPreview,
  watchErrors,
  type Preview,
  type Session,
} from "./harness.js";

let preview: Preview;
let session: Session;
let page: Page;
let errors: string[];
const expected = new Map<string, RecordedRun>();

async function openPlayground(p: Page, url: string): Promise<void> {
  await p.goto(url);
  await p.waitForFunction(() => Number(document.querySelector(".app")?.getAttribute("data-runs")) > 0, null, {
    timeout: 120_000,
  });
}

async function showScriptPane(p: Page): Promise<void> {
  await p.click('.tab-list [data-tab="script"]');
  await p.waitForSelector(".script-pane .monaco-editor", { timeout: 120_000 });
}

beforeAll(async () => {
  const node = (async () => {
    const modules = await loadScriptModules();
    for (const x of SCRIPT_EXAMPLES.filter((x) => !x.playground)) {
      const events: ScriptEvent[] = [];
      await runScript(x.code, modules, (e) => events.push(e));
      expected.set(x.id, recordRun(events));
    }
  })();
  await ensureBuilt();
  preview = await startPreview();
  session = await launchBrowser();
  page = await session.browser.newPage({ viewport: { width: 1440, height: 1000 } });
  errors = watchErrors(page);
  await openPlayground(page, `${preview.url}?count=2000&seed=7`);
  await showScriptPane(page);
  await node;
}, 900_000);

afterAll(async () => {
  await session?.close();
  await preview?.stop();
});

const status = (p: Page = page) => p.getAttribute(".script-pane", "data-status");

/** Presses Run and waits until that run has ended (any way). */
async function run(p: Page = page): Promise<void> {
  const before = Number(await p.getAttribute(".script-pane", "data-runs"));
  await p.click('[data-testid="script-run"]');
  await p.waitForFunction(
    (n) => {
      const pane = document.querySelector(".script-pane");
      return Number(pane?.getAttribute("data-runs")) > n && pane?.getAttribute("data-status") !== "running";
    },
    before,
    { timeout: 120_000 },
  );
}

const setText = (text: string, p: Page = page) => p.evaluate((t) => window.__scriptSession!.setText(t), text);
const consoleLines = (p: Page = page) =>
  p.$$eval('[data-testid="script-line"]', (els) =>
    els
      .filter((e) => e.getAttribute("data-level") !== "system")
      .map((e) => `${e.getAttribute("data-level")}: ${e.textContent}`),
  );
const systemLines = () =>
  page.$$eval('[data-testid="script-line"][data-level="system"]', (els) => els.map((e) => e.textContent ?? ""));

/** What the pane shows, in the shape the Node run is recorded in. */
async function recorded(): Promise<RecordedRun> {
  await page.click('[data-testid="script-view-console"]');
  const lines = await consoleLines();
  const views = await page.$$eval('[data-testid^="script-view-"]', (els) =>
    els.map((e) => e.getAttribute("data-testid")),
  );
  let result: RecordedRun["result"] = null;
  if (views.includes("script-view-json")) {
    await page.click('[data-testid="script-view-json"]');
    const json = JSON.parse((await page.textContent('[data-testid="script-json"]')) ?? "null");
    const shape = views.includes("script-view-chart")
      ? "periods"
      : views.includes("script-view-table")
        ? "rows"
        : "value";
    result = { shape, json };
    await page.click('[data-testid="script-view-console"]');
  }
  const banner = await page.$('[data-testid="script-error"]');
  const error = banner && {
    name: (await banner.getAttribute("data-name")) ?? "",
    message: (await page.textContent('[data-testid="script-error-message"]')) ?? "",
    position: (await banner.getAttribute("data-line"))
      ? {
          line: Number(await banner.getAttribute("data-line")),
          column: Number(await banner.getAttribute("data-column")),
        }
      : null,
    stack: (await page.$$eval('[data-testid="script-stack"]', (els) => els.map((e) => e.textContent ?? ""))).map((s) =>
      s.trim(),
    ),
  };
  const stageText = /(\d+) profiler stages/.exec((await page.textContent('[data-testid="script-status"]')) ?? "");
  return { console: lines, stages: stageText ? Array(Number(stageText[1])).fill("") : [], result, error };
}

describe("every example runs in the pane as it does under Node", () => {
  it.each(SCRIPT_EXAMPLES.filter((x) => !x.playground).map((x) => x.id))("%s", async (id) => {
    await page.selectOption('[data-testid="script-examples"]', id);
    await run();
    const node = expected.get(id)!;
    const shown = await recorded();
    expect(shown.console).toEqual(node.console);
    expect(shown.result).toEqual(node.result);
    expect(shown.error).toEqual(node.error);
    // The profiler pane's stages: as many as the Node run's (their names are checked under Node).
    expect(shown.stages.length).toBe(node.stages.length);
    expect(await status()).toBe(id === "bad-input" ? "failed" : "done");
  });

  it("a GroupedPeriodResults renders in the chart and table panes; the error marks its line in the editor", async () => {
    await page.selectOption('[data-testid="script-examples"]', "query");
    await run();
    await page.click('[data-testid="script-view-chart"]');
    await page.waitForSelector('.script-output .chart-pane[data-periods="3"]');
    expect(await page.getAttribute(".script-output .chart-pane", "data-series")).toBe("2");
    await page.click('[data-testid="script-view-table"]');
    expect(await page.getAttribute(".script-output .table-pane", "data-rows")).toBe("6");
    await screenshot(page, "script-pane-query", ".script-pane");
    await page.click('[data-testid="script-view-console"]');
    // The example type-checks clean, so a squiggle after its failed run is the run's own marker.
    await page.selectOption('[data-testid="script-examples"]', "bad-input");
    await run();
    await page.waitForSelector(".script-pane .squiggly-error", { timeout: 60_000 });
    expect(await page.$$eval(".script-pane .squiggly-error", (els) => els.length)).toBe(1);
  });
});

describe("the playground's own store", () => {
  it("a script's writes go through the page's engine: the SQL log shows them and the shown query re-runs", async () => {
    const runsBefore = Number(await page.getAttribute(".app", "data-runs"));
    await page.selectOption('[data-testid="script-examples"]', "playground-store");
    await run();
    expect(await status()).toBe("done");
    expect(await consoleLines()).toEqual(["log: added: 1", "log: series under script/attached: 1", "log: removed: 1"]);
    // The live re-run after the data changed (debounced in the page).
    await page.waitForFunction(
      (n) => Number(document.querySelector(".app")?.getAttribute("data-runs")) > n,
      runsBefore,
      {
        timeout: 60_000,
      },
    );
    await page.click('.tab-list [data-tab="logs"]');
    // The write's own statements (the dimension path is in the SQL) beside the script's raw query.
    await page.waitForFunction(
      () => document.querySelector('[data-panel="logs"]')?.textContent?.includes("atlas/script/"),
      null,
      {
        timeout: 60_000,
      },
    );
    const left = await page.evaluate(() =>
      window.__playground!.call!("raw", {
        sql: "select count(*)::int as n from \"AnalyticsSeries\" where source like 'script/%'",
      }),
    );
    expect(left.statements[0].rows).toEqual([{ n: 0 }]);
    await showScriptPane(page);
  });
});

describe("limits", () => {
  it("Cancel stops a script that never yields, and the pane runs the next one", async () => {
    await setText('console.log("spinning");\nwhile (true) {}\n');
    await page.click('[data-testid="script-run"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="script-line"]')?.textContent === "spinning");
    expect(await status()).toBe("running");
    await page.click('[data-testid="script-cancel"]');
    await page.waitForFunction(
      () => document.querySelector(".script-pane")?.getAttribute("data-status") === "cancelled",
    );
    expect(await systemLines()).toEqual(["cancelled: the script's worker was stopped"]);
    await page.selectOption('[data-testid="script-examples"]', "paths");
    await run();
    expect(await status()).toBe("done");
    expect(await consoleLines()).toEqual(expected.get("paths")!.console);
  });

  it("the time limit stops a run; the user can raise it", async () => {
    await page.fill('[data-testid="script-limit"]', "2");
    await setText("while (true) {}\n");
    await run();
    expect(await status()).toBe("timeout");
    expect(await systemLines()).toEqual(["stopped after 2 s, the time limit: raise it to let a script run longer"]);
    await page.fill('[data-testid="script-limit"]', "30");
    expect(await page.inputValue('[data-testid="script-limit"]')).toBe("30");
  });

  it("a script has no network: fetch, XHR, WebSocket, EventSource and importScripts refuse", async () => {
    const probe = `${preview.url}network-probe`;
    const requests: string[] = [];
    page.context().on("request", (r) => requests.push(r.url()));
    await setText(
      [
        "const outcomes: string[] = [];",
        "const attempt = async (name: string, fn: () => unknown) => {",
        "  try { await fn(); outcomes.push(`${name}: reached`); }",
        "  catch (e) { outcomes.push(`${name}: ${(e as Error).message}`); }",
        "};",
        "const g = globalThis as unknown as Record<string, any>;",
        `const url = ${JSON.stringify(probe)};`,
        'await attempt("fetch", () => fetch(url));',
        'await attempt("XMLHttpRequest", () => { const x = new g.XMLHttpRequest(); x.open("GET", url); x.send(); });',
        'await attempt("WebSocket", () => new g.WebSocket(url.replace("http", "ws")));',
        'await attempt("EventSource", () => new g.EventSource(url));',
        'await attempt("importScripts", () => g.importScripts(url));',
        'console.log(outcomes.join("\\n"));',
      ].join("\n"),
    );
    await run();
    expect(await status()).toBe("done");
    const [text] = await consoleLines();
    expect(text).toBe(
      [
        `log: fetch: fetch(${probe}) is not available in a script: scripts have no network access`,
        "XMLHttpRequest: XMLHttpRequest is not available in a script: scripts have no network access",
        "WebSocket: WebSocket is not available in a script: scripts have no network access",
        "EventSource: EventSource is not available in a script: scripts have no network access",
        "importScripts: importScripts is not available in a script: scripts have no network access",
      ].join("\n"),
    );
    expect(requests.filter((u) => u.includes("network-probe"))).toEqual([]);
  });
});

describe("a shared link", () => {
  it("opens the script on the Script pane but runs it only when Run is pressed", async () => {
    const script = 'console.log("ran from the link", 1 + 1);\n';
    await setText(script);
    await page.waitForFunction(() => location.hash.startsWith("#v1="));
    await page.click('[data-testid="script-copy-link"]');
    const link = await page.getAttribute('[data-testid="script-link"]', "data-link");
    expect(link).toContain("script=");

    const other = await session.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    try {
      const otherErrors = watchErrors(other);
      await openPlayground(other, link!);
      await other.waitForSelector(".script-pane .monaco-editor", { timeout: 120_000 });
      await other.waitForSelector('[data-testid="script-from-link"]');
      // Monaco draws spaces as no-break spaces.
      const shownText = await other.evaluate(() => document.querySelector(".script-pane .view-lines")?.textContent);
      expect(shownText?.replaceAll("\u00a0", " ")).toContain('console.log("ran from the link", 1 + 1);');
      // The engine's first query ran, the page settled: still nothing ran in the script worker.
      expect(await status(other)).toBe("idle");
      expect(await other.getAttribute(".script-pane", "data-runs")).toBe("0");
      expect(await consoleLines(other)).toEqual([]);
      await run(other);
      expect(await consoleLines(other)).toEqual(["log: ran from the link 2"]);
      expect(await other.$('[data-testid="script-from-link"]')).toBeNull();
      expect(otherErrors).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

describe("the editor", () => {
  it("knows the engine's types: every example is clean, a wrong line is caught, a hover shows the declaration", async () => {
    await page.waitForFunction(() => Number(document.querySelector(".script-pane")?.getAttribute("data-types")) > 10);
    const typeErrors = () => page.getAttribute(".script-pane", "data-type-errors").then(Number);
    const query = SCRIPT_EXAMPLES.find((x) => x.id === "query")!.code;
    // TypeScript checks in its worker, after a pause in typing; the count moves when it has.
    await setText(`${query}const wrong: number = store;\n`);
    await page.waitForFunction(
      () => document.querySelector(".script-pane")?.getAttribute("data-type-errors") !== "0",
      null,
      {
        timeout: 60_000,
      },
    );
    expect(await typeErrors()).toBe(1);
    // Only a check of the fixed text clears it; without the declarations, the import would be an error.
    for (const x of SCRIPT_EXAMPLES) {
      await setText(x.code);
      await page.waitForFunction(
        () => document.querySelector(".script-pane")?.getAttribute("data-type-errors") === "0",
        null,
        {
          timeout: 60_000,
        },
      );
      await setText(`${x.code}const wrong: number = "text";\n`);
      await page.waitForFunction(
        () => document.querySelector(".script-pane")?.getAttribute("data-type-errors") === "1",
        null,
        {
          timeout: 60_000,
        },
      );
    }
    // A hover shows the engine's declaration (and its doc comment, when it has one).
    await setText(SCRIPT_EXAMPLES.find((x) => x.id === "construct")!.code);
    // Where "init" is drawn in `await store.init();` (Monaco may draw it in one span with its neighbours).
    // Monaco draws the new text on a later frame, so wait for the line rather than read it once.
    const handle = await page.waitForFunction(() => {
      for (const span of document.querySelectorAll<HTMLElement>(".script-pane .view-line span span")) {
        const text = span.firstChild;
        const i = text?.textContent?.indexOf("init") ?? -1;
        if (!text || i < 0 || !span.closest(".view-line")?.textContent?.includes("store.init()")) continue;
        const range = document.createRange();
        range.setStart(text, i);
        range.setEnd(text, i + 4);
        const box = range.getBoundingClientRect();
        return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      }
      return null;
    });
    const at = (await handle.jsonValue()) as { x: number; y: number } | null;
    expect(at).not.toBeNull();
    await page.mouse.move(at!.x, at!.y);
    await page.waitForSelector(".monaco-hover :text('MemoryAnalyticsStore.init(): Promise<void>')", {
      timeout: 60_000,
    });
    expect(errors).toEqual([]);
    // Thirty type checks, each after Monaco's pause in typing.
  }, 300_000);
});
