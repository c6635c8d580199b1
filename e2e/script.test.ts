// The Script pane in Chromium: every documented example runs in the pane's worker and prints what
// the same script prints under Node against src/engine/index.ts (run here, through the same
// runner); Cancel and the time limit stop a script that never yields; a link opens a script but
// never runs it; a script has no network; Monaco knows the engine's types.
import { readdirSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { loadScriptModules } from "../src/hosts/script/modules.js";
import { runScript } from "../src/hosts/script/run.js";
import { SCRIPT_WORKER_CSP, type ScriptEvent } from "../src/rpc/script.js";
import { SCRIPT_EXAMPLES } from "../src/ui/script/examples.js";
import { recordRun, type RecordedRun } from "../test/support/scriptRun.js";
import { ROOT, screenshot, useApp, watchErrors, type Preview, type Session } from "./harness.js";

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

const app = useApp({
  node: async () => {
    const modules = await loadScriptModules();
    for (const x of SCRIPT_EXAMPLES.filter((x) => !x.playground)) {
      const events: ScriptEvent[] = [];
      await runScript(x.code, modules, (e) => events.push(e));
      expected.set(x.id, recordRun(events));
    }
  },
  page: { viewport: { width: 1440, height: 1000 } },
  timeout: 900_000,
});
beforeAll(async () => {
  ({ server: preview, session, page, errors } = app);
  await openPlayground(page, `${preview.url}?count=2000&seed=7`);
  await showScriptPane(page);
}, 900_000);

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
    if (node.stages.length > 0) {
      // The run is the profiler pane's newest, with the Node run's stages (by their last name part).
      const latest = '[data-testid="profiler-run"]';
      const summary = `script · ${node.stages.length} stages`;
      await page.waitForFunction(
        ([selector, text]) => document.querySelector(`${selector} .history-summary`)?.textContent === text,
        [latest, summary],
      );
      // Marked as the script's run, not as a failed one (✕).
      expect(await page.textContent(`${latest} span:first-child`)).toBe("script");
      await page.click(latest);
      const metrics = await page.$$eval('[data-testid="waterfall"] [data-testid="timing"]', (els) =>
        els.map((e) => e.getAttribute("data-metric")),
      );
      expect(metrics.sort()).toEqual(node.stages.map((m) => m.slice(m.lastIndexOf(".") + 1)).sort());
      // Unpins the run the click chose, so the pane follows the newest run again.
      await page.click('.profiler-pane button:has-text("Clear")');
    }
    expect(await status()).toBe(id === "bad-input" ? "failed" : "done");
  });

  it.each([
    ["a syntax error", 'console.log("never");\nconst total: number = ;\n'],
    [
      "an error thrown in a function of the script",
      [
        'import { AnalyticsPath } from "analytics-engine";',
        "function check(limit: number): void {",
        "  if (limit > 1) throw new RangeError(`limit ${limit} is too high`);",
        "}",
        "const path: AnalyticsPath = AnalyticsPath.fromString('a/b'); check(path.segments.length);",
      ].join("\n"),
    ],
  ])("%s points at the same line and column as under Node", async (_what, source) => {
    const events: ScriptEvent[] = [];
    await runScript(source, await loadScriptModules(), (e) => events.push(e));
    const node = recordRun(events);
    expect(node.error?.position).not.toBeNull();
    await setText(source);
    await run();
    const shown = await recorded();
    expect(shown.error).toEqual(node.error);
    expect(shown.console).toEqual(node.console);
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

describe("plain rows", () => {
  it("show in the page's one grid: a header click sorts numbers as numbers, the box filters", async () => {
    await setText(
      'export default [{ name: "b", n: 10, tags: ["x"] }, { name: "a", n: 9, tags: null }, { name: "c", n: 100, tags: ["y"] }];\n',
    );
    await run();
    await page.click('[data-testid="script-view-table"]');
    const grid = '.script-output [data-testid="script-rows"]';
    const cells = () =>
      page.$$eval(`${grid} tbody tr`, (trs) =>
        trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)),
      );
    const sortBy = (label: string) =>
      page.locator(".script-output [data-testid=grid-sort]", { hasText: new RegExp(`^${label}( [▲▼])?$`) }).click();
    expect(await cells()).toEqual([
      ["b", "10", '["x"]'],
      ["a", "9", "NULL"],
      ["c", "100", '["y"]'],
    ]);
    await sortBy("n");
    expect((await cells()).map((r) => r[0])).toEqual(["a", "b", "c"]);
    await sortBy("n");
    expect((await cells()).map((r) => r[0])).toEqual(["c", "b", "a"]);
    await page.fill(".script-output [data-testid=grid-filter]", '"y"');
    expect(await cells()).toEqual([["c", "100", '["y"]']]);
    expect(await page.getAttribute(`${grid} table`, "data-rows")).toBe("1");
    await page.click('[data-testid="script-view-console"]');
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

describe("the log pane", () => {
  it("shows a script's lines as they are printed, in order and tagged as the script's, the default loggers' too", async () => {
    const body = [
      'import { MemoryAnalyticsStore, defaultQueryLogger, defaultResultsLogger } from "analytics-engine";',
      "const pause = () => new Promise((r) => setTimeout(r, 50));",
      'console.log("first");',
      "await pause();",
      'console.warn("second", { n: 2 });',
      "await pause();",
      'const store = new MemoryAnalyticsStore({ queryLogger: defaultQueryLogger("live"), resultsLogger: defaultResultsLogger("live") });',
      "await store.init();",
      'await store.getMatchingSeries({ start: null, end: null, metrics: ["Budget"], select: {} });',
      'console.info("waiting");',
    ].join("\n");
    const events: ScriptEvent[] = [];
    await runScript(body, await loadScriptModules(), (e) => events.push(e));
    const node = recordRun(events).console;
    expect(node[0]).toBe("log: first");
    expect(node.some((l) => l.startsWith("log: [live][Q:"))).toBe(true);
    expect(node.at(-1)).toBe("info: waiting");

    // The same lines, then the script waits for ever: they must show while it still runs.
    await setText(`${body}\nawait new Promise(() => {});\n`);
    await page.click('.tab-list [data-tab="logs"]');
    await page.click('[data-testid="script-run"]');
    const runNumber = await page.getAttribute(".script-pane", "data-runs");
    const shown = `[data-testid="log-script-run"][data-script-run="${runNumber}"]`;
    const lines = () =>
      page.$$eval(`${shown} [data-testid="log-script-line"]`, (els) =>
        els.map(
          (e) => `${e.getAttribute("data-level")}: ${e.querySelector('[data-testid="log-script-text"]')?.textContent}`,
        ),
      );
    await page.waitForFunction(
      (selector) =>
        document
          .querySelector(`${selector} [data-testid="log-script-line"]:last-child`)
          ?.textContent?.endsWith("waiting"),
      shown,
      { timeout: 120_000 },
    );
    expect(await lines()).toEqual(node);
    expect(await status()).toBe("running");
    expect(await page.getAttribute(shown, "data-status")).toBe("running");
    expect(
      await page.$$eval(`${shown} [data-testid="log-script-line"] .badge`, (els) => [
        ...new Set(els.map((e) => e.textContent)),
      ]),
    ).toEqual(["script"]);

    await page.click('[data-testid="script-cancel"]');
    await page.waitForSelector(`${shown}[data-status="cancelled"]`);
    expect(await lines()).toEqual([...node, "system: cancelled: the script's worker was stopped"]);
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

  it("Cancel in the middle of writes to the playground's store leaves it whole, and the page's engine serving", async () => {
    await setText(
      [
        'import { playground } from "playground";',
        "for (let i = 0; ; i++) {",
        '  await playground.addSeriesValues([{ source: "script/cancel", start: "2024-01-01", metric: "Budget", value: i, unit: "DAI", dimensions: { budget: `atlas/cancel/${i}` } }]);',
        "  console.log(`added ${i}`);",
        "}",
      ].join("\n"),
    );
    await page.click('[data-testid="script-run"]');
    await page.waitForFunction(
      () => [...document.querySelectorAll('[data-testid="script-line"]')].some((e) => e.textContent === "added 2"),
      null,
      { timeout: 120_000 },
    );
    await page.click('[data-testid="script-cancel"]');
    await page.waitForFunction(
      () => document.querySelector(".script-pane")?.getAttribute("data-status") === "cancelled",
    );
    const printed = (await consoleLines()).length;
    // The page's client runs one call at a time, so this reads after any write still in flight.
    const count = async () => {
      const sql = `select count(*)::int as series, count(distinct l."seriesId")::int as linked from "AnalyticsSeries" s left join "AnalyticsSeries_AnalyticsDimension" l on l."seriesId" = s.id where s.source like 'script/cancel%'`;
      const answer = await page.evaluate((q) => window.__playground!.call!("raw", { sql: q }), sql);
      return answer.statements[0].rows[0] as { series: number; linked: number };
    };
    const after = await count();
    // Each write the script saw through is there; besides, at most the one it was waiting for,
    // whole (a write is one transaction): every series has its dimension.
    expect([printed, printed + 1]).toContain(after.series);
    expect(after.linked).toBe(after.series);
    await page.evaluate(() => window.__playground!.call!("clearSource", { path: "script/cancel" }));
    expect(await count()).toEqual({ series: 0, linked: 0 });
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

  it("a script has no network: the worker's policy refuses every way out, however it is built", async () => {
    // A server on loopback, as a site a script would reach: it must never hear from the worker.
    let hits = 0;
    const target = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { "Access-Control-Allow-Origin": "*", "Content-Type": "text/javascript" }).end("export {};");
    });
    await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}/probe`;
    try {
      // Every server of the app sends the policy with the worker's file.
      const file = readdirSync(join(ROOT, "dist", "assets")).find((f) => /^scriptWorker-.*\.js$/.test(f));
      const served = await fetch(`${preview.url}assets/${file}`);
      expect(served.headers.get("content-security-policy")).toBe(SCRIPT_WORKER_CSP);
      // A module that fetches the probe, as a data: and as a blob: URL.
      const fetching = `await fetch(${JSON.stringify(url)});`;
      await setText(
        [
          "const outcomes: string[] = [];",
          "const attempt = async (name: string, fn: () => unknown) => {",
          "  try { await fn(); outcomes.push(`${name}: reached`); }",
          "  catch (e) { outcomes.push(`${name}: ${(e as Error).message}`); }",
          "};",
          "const g = globalThis as unknown as Record<string, any>;",
          `const url = ${JSON.stringify(url)};`,
          `const fetching = ${JSON.stringify(fetching)};`,
          // fetch as it is, and the real one recovered from the global scope's prototype.
          "let proto = Object.getPrototypeOf(g);",
          'while (!Object.hasOwn(proto, "fetch")) proto = Object.getPrototypeOf(proto);',
          "const realFetch = (u: string) => proto.fetch.call(g, u);",
          'await attempt("fetch", () => fetch(url));',
          'await attempt("prototype fetch", () => realFetch(url));',
          'await attempt("WebAssembly", () => WebAssembly.compileStreaming(realFetch(url)));',
          'await attempt("sendBeacon", () => g.navigator.sendBeacon(url, "x"));',
          'await attempt("XMLHttpRequest", () => { const x = new g.XMLHttpRequest(); x.open("GET", url); x.send(); });',
          'await attempt("WebSocket", () => new g.WebSocket(url.replace("http", "ws")));',
          'await attempt("EventSource", () => new g.EventSource(url));',
          'await attempt("importScripts", () => g.importScripts(url));',
          'await attempt("import", () => import(url));',
          'await attempt("eval import", () => (0, eval)(`import(${JSON.stringify(url)})`));',
          'await attempt("Function import", () => new Function("u", "return import(u)")(url));',
          'const load = new Function("u", "return import(u)") as (u: string) => Promise<unknown>;',
          'await attempt("data: import", () => load(`data:text/javascript,${encodeURIComponent(fetching)}`));',
          'const blob = URL.createObjectURL(new Blob([fetching], { type: "text/javascript" }));',
          'await attempt("blob: import", () => load(blob));',
          'console.log(outcomes.join("\\n"));',
        ].join("\n"),
      );
      await run();
      expect(await status()).toBe("done");
      const [text] = await consoleLines();
      const refused = (what: string) => `${what} is not available in a script: scripts have no network access`;
      expect(text.split("\n")).toEqual([
        `log: fetch: ${refused(`fetch(${url})`)}`,
        "prototype fetch: Failed to fetch",
        "WebAssembly: Failed to fetch",
        "sendBeacon: g.navigator.sendBeacon is not a function",
        `XMLHttpRequest: ${refused("XMLHttpRequest")}`,
        `WebSocket: ${refused("WebSocket")}`,
        `EventSource: ${refused("EventSource")}`,
        `importScripts: ${refused("importScripts")}`,
        `import: Cannot import "${url}": a script can import analytics-engine, luxon, knex, @electric-sql/pglite, playground`,
        `eval import: Failed to fetch dynamically imported module: ${url}`,
        `Function import: Failed to fetch dynamically imported module: ${url}`,
        `data: import: Failed to fetch dynamically imported module: data:text/javascript,${encodeURIComponent(fetching)}`,
        expect.stringMatching(
          /^blob: import: Failed to fetch dynamically imported module: blob:http:\/\/127\.0\.0\.1:\d+\/[\w-]+$/,
        ),
      ]);
      expect(hits).toBe(0);
    } finally {
      target.close();
    }
  });
});

describe("a server without the policy", () => {
  it("gets no script run: the worker finds its policy missing and says why", async () => {
    const other = await session.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    try {
      // As another static server would serve it: the worker's file without its header.
      await other.route("**/assets/scriptWorker-*.js", async (route) => {
        const response = await route.fetch();
        const headers = { ...response.headers() };
        delete headers["content-security-policy"];
        await route.fulfill({ response, headers });
      });
      await openPlayground(other, preview.url);
      await showScriptPane(other);
      await setText('console.log("ran");\n', other);
      await run(other);
      expect(await status(other)).toBe("failed");
      expect(await consoleLines(other)).toEqual([]);
      expect(await other.textContent('[data-testid="script-error-message"]')).toBe(
        "scripts are switched off: this server sends the script worker no Content-Security-Policy, without which a script could reach the network (docs/SECURITY.md)",
      );
    } finally {
      // A worker file still being fetched when the page closes would reject after the test.
      await other.unrouteAll({ behavior: "ignoreErrors" });
      await other.close();
    }
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
  // Retried: in three full runs here (every e2e file at once on 2 cores), and once in four runs of
  // this file alone, the text with the wrong line was counted as 2 errors for the whole wait; the
  // same test passed on its own and on rerun. Not yet explained.
  it(
    "knows the engine's types: every example is clean, a wrong line is caught, a hover shows the declaration",
    { retry: 2, timeout: 300_000 },
    async () => {
      await page.waitForFunction(() => Number(document.querySelector(".script-pane")?.getAttribute("data-types")) > 10);
      const typeErrors = () => page.getAttribute(".script-pane", "data-type-errors").then(Number);
      /** Waits until the pane counts `n` type errors. */
      const typeErrorsReach = (n: number) =>
        page.waitForFunction(
          (count) => document.querySelector(".script-pane")?.getAttribute("data-type-errors") === count,
          String(n),
          { timeout: 60_000 },
        );
      const query = SCRIPT_EXAMPLES.find((x) => x.id === "query")!.code;
      // TypeScript checks in its worker, after a pause in typing; the count moves when it has. From
      // a clean text first, so a count left by an earlier test is not read as this one's.
      await setText(query);
      await typeErrorsReach(0);
      await setText(`${query}const wrong: number = store;\n`);
      // Exactly one, once the check of this text has landed.
      await typeErrorsReach(1);
      expect(await typeErrors()).toBe(1);
      // Only a check of the fixed text clears it; without the declarations, the import would be an error.
      for (const x of SCRIPT_EXAMPLES) {
        await setText(x.code);
        await typeErrorsReach(0);
        await setText(`${x.code}const wrong: number = "text";\n`);
        await typeErrorsReach(1);
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
      // Monaco may drop a hover asked for while its TypeScript worker is still busy with the checks
      // above: point away and back until it shows.
      const hover = ".monaco-hover :text('MemoryAnalyticsStore.init(): Promise<void>')";
      for (let attempt = 1; ; attempt++) {
        await page.mouse.move(at!.x, at!.y + 200);
        await page.mouse.move(at!.x, at!.y);
        const shown = await page.waitForSelector(hover, { timeout: 20_000 }).then(
          () => true,
          (e: Error) => (attempt < 4 ? false : Promise.reject(e)),
        );
        if (shown) break;
      }
      expect(errors).toEqual([]);
      // Thirty type checks, each after Monaco's pause in typing (hence the timeout).
    },
  );
});
