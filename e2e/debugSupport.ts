// Shared by the "paste and debug" e2e files: the engine in Node (with conversions and the
// statements each run issued), and small page helpers.
import type { Page } from "playwright-core";
import {
  AnalyticsPath,
  AnalyticsQueryEngine,
  MemoryAnalyticsStore,
  type AnalyticsSeriesInput,
} from "../src/engine/index.js";
import { toResultsDto } from "../src/service/dto.js";
import type { PeriodDto, QueryJson } from "../src/rpc/protocol.js";
import { queryFromJson } from "../src/service/queryJson.js";
import { demoSeries, seedStore } from "../src/demo/seed.js";

export type Outcome = {
  results: PeriodDto[];
  /** Distinct series (dimension group × metric × unit): the chart's line count. */
  lines: number;
  /** Rows over all periods: the table's row count. */
  rows: number;
  statements: { sql: string; rows: number }[];
};

export type DebugNode = {
  run: (q: QueryJson) => Promise<Outcome>;
  add: (inputs: AnalyticsSeriesInput[]) => Promise<void>;
  count: () => Promise<number>;
  raw: (sql: string) => Promise<Record<string, unknown>[]>;
  destroy: () => Promise<void>;
};

/** The same engine seeded the same way as the page; `run` honours `conversions` as the worker does. */
export async function debugNode(count: number, seed: number): Promise<DebugNode> {
  let statements = new Map<number, { sql: string; rows: number }>();
  const store = new MemoryAnalyticsStore({
    queryLogger: (i, sql) => statements.set(i, { sql, rows: -1 }),
    resultsLogger: (i, rows) => {
      const s = statements.get(i);
      if (s) s.rows = Array.isArray(rows) ? rows.length : 0;
    },
  });
  await store.init();
  await seedStore(store, demoSeries(count, seed));
  const engine = new AnalyticsQueryEngine(store);
  return {
    async run(q) {
      statements = new Map();
      const query = queryFromJson({ ...q, conversions: undefined });
      const raw = q.conversions?.length
        ? await engine.executeMultiCurrency(query, {
            targetCurrency: query.currency,
            conversions: q.conversions.map((c) => ({
              metric: c.metric,
              currency: AnalyticsPath.fromString(c.currency),
            })),
          })
        : await engine.execute(query);
      const results = toResultsDto(raw);
      const ids = new Set(results.flatMap((p) => p.rows.map((r) => JSON.stringify([r.dimensions, r.metric, r.unit]))));
      return {
        results,
        lines: ids.size,
        rows: results.reduce((t, p) => t + p.rows.length, 0),
        statements: [...statements.values()].filter((s) => s.sql.length > 0),
      };
    },
    add: (inputs) => store.addSeriesValues(inputs),
    count: async () => Number((await store.raw(`select count(*)::int as n from "AnalyticsSeries"`))[0].n),
    raw: (sql) => store.raw(sql),
    destroy: () => store.destroy(),
  };
}

export const appRuns = (page: Page) => page.getAttribute(".app", "data-runs").then(Number);

/** Does `trigger` and waits until the page has shown the outcome of the query run it caused. */
export async function afterRun(page: Page, trigger: () => Promise<unknown>): Promise<void> {
  const before = await appRuns(page);
  await trigger();
  await page.waitForFunction(
    (n) =>
      Number(document.querySelector(".app")?.getAttribute("data-runs")) > n &&
      document.querySelector(".app")?.getAttribute("data-run-status") !== "running",
    before,
    { timeout: 30_000 },
  );
}

export async function setQuery(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => window.__playground!.setQuery!(t), text);
  await page.waitForFunction((t) => window.__playground!.getQuery!() === t, text);
}

export const showTab = (page: Page, id: string) => page.click(`.tab-list [data-tab="${id}"]`);
export const lineCount = (page: Page) => page.locator(".chart-pane path.recharts-line-curve").count();
export const shownJson = async (page: Page) => {
  await showTab(page, "json");
  const json = JSON.parse((await page.textContent("[data-testid=json-view]")) ?? "null") as PeriodDto[];
  await showTab(page, "chart");
  return json;
};
export const tableRows = async (page: Page) => {
  await showTab(page, "table");
  const n = await page.locator("[data-testid=table-row]").count();
  await showTab(page, "chart");
  return n;
};

/** The lines Monaco's diff editor inside `root` marks removed (left side) and inserted (right side), top to bottom. */
export async function diffEditorLines(page: Page, root: string): Promise<{ removed: string[]; added: string[] }> {
  await page.waitForSelector(
    `${root} [data-testid=diff-view][data-added] .monaco-diff-editor .editor.modified .view-line`,
  );
  // The diff's counts arrive before Monaco draws its line marks (a frame later): wait for as many
  // marked lines as the diff counted.
  const lines = await page.waitForFunction(
    (root) => {
      const view = document.querySelector<HTMLElement>(`${root} [data-testid=diff-view]`)!;
      const el = view.querySelector(".monaco-diff-editor")!;
      const marked = (side: string, cls: string) => {
        const editor = el.querySelector(`.editor.${side}`)!;
        // A marked line's overlay sits at the same height as its text.
        const tops = new Set(
          [...editor.querySelectorAll(`.view-overlays .${cls}`)].map((d) => (d.parentElement as HTMLElement).style.top),
        );
        return [...editor.querySelectorAll<HTMLElement>(".view-lines .view-line")]
          .filter((l) => tops.has(l.style.top))
          .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
          .map((l) => (l.textContent ?? "").replace(/\u00a0/g, " "));
      };
      const out = { removed: marked("original", "line-delete"), added: marked("modified", "line-insert") };
      const drawn =
        out.removed.length === Number(view.dataset.removed) && out.added.length === Number(view.dataset.added);
      return drawn ? out : null;
    },
    root,
    { timeout: 30_000 },
  );
  return (await lines.jsonValue())!;
}
