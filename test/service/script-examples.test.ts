// Every example of the Script pane runs under Node against src/engine/index.ts, through the same
// runner as the script worker; what each prints is kept in a snapshot, which the e2e test
// (e2e/script.test.ts) compares with what Chromium prints for the same script.
import { beforeAll, describe, expect, it } from "vitest";
import type { ScriptEvent } from "../../src/rpc/script.js";
import { loadScriptModules } from "../../src/hosts/script/modules.js";
import { runScript, type ScriptModules } from "../../src/hosts/script/run.js";
import { SCRIPT_EXAMPLES } from "../../src/ui/script/examples.js";
import { recordRun, type RecordedRun } from "../support/scriptRun.js";

/** The examples that need no page (the playground's store is the page's). */
const NODE_EXAMPLES = SCRIPT_EXAMPLES.filter((x) => !x.playground);
let modules: ScriptModules;
/** Each example's run, once: every example boots its own PGlite. */
const runs = new Map<string, RecordedRun>();
beforeAll(async () => {
  modules = await loadScriptModules();
  for (const x of NODE_EXAMPLES) runs.set(x.id, await run(x.code));
}, 600_000);

async function run(source: string): Promise<RecordedRun> {
  const events: ScriptEvent[] = [];
  await runScript(source, modules, (e) => events.push(e));
  return recordRun(events);
}

const recorded = (id: string) => runs.get(id)!;

describe("each example runs as written", () => {
  it.each(NODE_EXAMPLES.map((x) => x.id))("%s", (id) => {
    const run = recorded(id);
    // Only the bad-input example fails, on purpose.
    expect(run.error === null, JSON.stringify(run.error)).toBe(id !== "bad-input");
    expect(run).toMatchSnapshot();
  });
});

describe("what the documented calls do", () => {
  it("clearSeriesBySource returns how many series it removed; with cleanUpDimensions the dimensions go too", async () => {
    expect(recorded("clear-by-source").console).toEqual([
      "log: removed: 2",
      "log: removed under example/: 2",
      "log: dimensions left: []",
    ]);
  });

  it("init() twice keeps the rows; a shared PGlite is seen by both stores and left open", async () => {
    expect(recorded("init-twice").console).toEqual(["log: after a second init(): 1 series"]);
    expect(recorded("shared-database").console).toEqual([
      "log: the reader sees 1 series written by the writer",
      "log: db closed after destroy: false",
    ]);
  });

  it("a subscription receives each written or cleared source path under it, until unsubscribed", async () => {
    expect(recorded("subscribe").console).toEqual([
      "log: updated: AnalyticsPath(example/a)",
      "log: updated: AnalyticsPath(example/b)",
      "log: updated: AnalyticsPath(example/a)",
      "log: after unsubscribe: no more calls",
    ]);
  });

  it("the default loggers print through the global console; the profiler's stages are reported in order", async () => {
    const options = recorded("construct-options");
    // A store's first read checks which tables' statistics it can trust (pg_class), then brings
    // the others up to date (the store's ANALYZE policy) and reads the row count back.
    expect(options.console).toHaveLength(8);
    expect(options.console[0]).toMatch(
      /^log: \[memory\]\[Q:0\]: select relname as name, reltuples::float8 as tuples, relpages as pages,/,
    );
    expect(options.console[1]).toBe("log: [memory][R:0]: 3 results");
    expect(options.console[2]).toBe(
      'log: [memory][Q:1]: analyze "AnalyticsSeries", "AnalyticsDimension", "AnalyticsSeries_AnalyticsDimension"',
    );
    expect(options.console[3]).toBe("log: [memory][R:1]: 0 results");
    expect(options.console[6]).toMatch(/^log: \[memory\]\[Q:3\]: select .* from "AnalyticsSeries" as "s" where/);
    expect(options.console[7]).toBe("log: [memory][R:3]: 0 results");
    const profiled = recorded("profiler");
    expect(profiled.stages).toEqual([
      ...Array.from({ length: 8 }, () => "example.Query"),
      "example.GetGroupedSeries",
      "example.Discretize",
    ]);
  });

  it("a query's GroupedPeriodResults comes back as periods with ISO dates and string paths", async () => {
    const { result } = recorded("query");
    expect(result?.shape).toBe("periods");
    const periods = result!.json as {
      period: string;
      start: string;
      rows: { dimensions: { budget: { path: string } }; value: number; sum: number }[];
    }[];
    expect(periods.map((p) => p.period)).toEqual(["2024/01", "2024/02", "2024/03"]);
    expect(periods[0].start).toBe("2024-01-01T00:00:00.000Z");
    expect(periods[1].rows.map((r) => [r.dimensions.budget.path, r.value, r.sum])).toEqual([
      ["atlas/legacy", 0, 100],
      ["atlas/scope", 50, 50],
    ]);
    expect(recorded("multi-currency").console).toEqual(["log: 3150 DAI"]);
  });
});

describe("the runner", () => {
  it("reports a syntax error at the script's line and column, and runs nothing", async () => {
    const got = await run('console.log("never");\nconst total: number = ;\n');
    expect(got.console).toEqual([]);
    expect(got.error).toEqual({
      name: "SyntaxError",
      message: "Unexpected token",
      position: { line: 2, column: 23 },
      stack: [],
    });
  });

  it("maps a thrown error's frames back to the TypeScript, past stripped types and imports", async () => {
    const source = [
      'import { AnalyticsPath } from "analytics-engine";',
      "function check(limit: number): void {",
      "  if (limit > 1) throw new RangeError(`limit ${limit} is too high`);",
      "}",
      "const path: AnalyticsPath = AnalyticsPath.fromString('a/b'); check(path.segments.length);",
    ].join("\n");
    const { error } = await run(source);
    expect(error).toEqual({
      name: "RangeError",
      message: "limit 2 is too high",
      position: { line: 3, column: 24 },
      stack: ["at check (script.ts:3:24)", "at (script.ts:5:62)"],
    });
  });

  it("imports only the documented modules, and says which", async () => {
    const { error } = await run('import fs from "node:fs";\nconsole.log(fs);');
    expect(error?.message).toBe(
      'Cannot import "node:fs": a script can import analytics-engine, luxon, knex, @electric-sql/pglite',
    );
    expect(error?.position).toEqual({ line: 1, column: 1 });
  });

  it("prints values the same way everywhere: strings bare, the rest inspected, long ones over lines", async () => {
    const source = [
      'import { AnalyticsPath } from "analytics-engine";',
      'console.info("n =", 3, -0, 10n, null, undefined, [1, "two"], { a: { b: { c: { d: { e: 1 } } } } });',
      'console.warn(new Map([["k", AnalyticsPath.fromString("x/y")]]), new Set([1]), new Date(0), new TypeError("bad"));',
      "const loop: Record<string, unknown> = {}; loop.self = loop; console.error(loop, () => 1);",
      'console.debug(Array.from({ length: 103 }, (_, i) => i).length, { "two words": "a long value ".repeat(6) });',
    ].join("\n");
    expect((await run(source)).console).toEqual([
      'info: n = 3 -0 10n null undefined [ 1, "two" ] { a: { b: { c: { d: [Object] } } } }',
      'warn: Map(1) { "k" => AnalyticsPath(x/y) } Set(1) { 1 } 1970-01-01T00:00:00.000Z TypeError: bad',
      "error: { self: [Circular] } [Function: anonymous]",
      `debug: 103 {\n  "two words": ${JSON.stringify("a long value ".repeat(6))}\n}`,
    ]);
  });
});
