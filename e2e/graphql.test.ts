// The GraphQL pane end to end in Chromium on the 2,000-series demo (seed 42): a pasted document
// with inline arguments runs in the pane and answers exactly what the engine in Node computes for
// the same filter; variables; errors in the response; completion, hover docs and markers from the schema.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  LEGACY_FILTER,
  LEGACY_INLINE,
  LEGACY_QUERY,
  SERIES_SELECTION,
  subgraphPeriods,
} from "../test/support/graphqlExpected.js";
import { debugNode, showTab, type DebugNode } from "./debugSupport.js";
import { screenshot, useApp, type Server } from "./harness.js";

const COUNT = 2000;
const SEED = 42;

let preview: Server;
let page: Page;
let node: DebugNode;
let errors: string[];

const app = useApp({ node: () => debugNode(COUNT, SEED), page: { viewport: { width: 1440, height: 900 } } });
beforeAll(() => ({ server: preview, page, node, errors } = app));

const INLINE = `query Legacy {
  analytics {
    ${LEGACY_INLINE} {
      ${SERIES_SELECTION}
    }
  }
}`;

const graphqlRuns = () => page.getAttribute(".graphql-pane", "data-run-id").then(Number);
const response = async () =>
  JSON.parse((await page.textContent("[data-testid=graphql-response]")) ?? "null") as unknown;

async function paste(text: string): Promise<void> {
  await page.click("[data-testid=open-paste]");
  await page.fill("[data-testid=paste-box]", text);
  await page.click("[data-testid=paste-submit]");
}

/** Waits until the pane shows a run newer than `before`. */
async function nextRun(before: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const pane = document.querySelector(".graphql-pane");
      return Number(pane?.getAttribute("data-run-id") ?? 0) > n && pane?.getAttribute("data-status") !== "running";
    },
    before,
    { timeout: 30_000 },
  );
}

describe("GraphQL pane (2,000 series, seed 42)", () => {
  it("boots the demo", async () => {
    await page.goto(`${preview.url}?count=${COUNT}&seed=${SEED}`);
    await page.waitForFunction(
      () => document.querySelector(".app")?.getAttribute("data-run-status") === "done",
      undefined,
      {
        timeout: 90_000,
      },
    );
  });

  it("a pasted document with inline arguments runs in the pane: the response equals the engine's in Node", async () => {
    await paste(INLINE);
    await page.waitForSelector("[data-testid=graphql-response]", { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector(".graphql-pane")?.getAttribute("data-status") === "done");
    expect(await page.textContent("[data-testid=paste-notice-title]")).toBe(
      "Recognised a GraphQL document; it runs in the GraphQL pane",
    );
    const expected = subgraphPeriods((await node.run(LEGACY_QUERY)).results);
    expect(expected.length).toBe(4);
    expect(await response()).toEqual({ data: { analytics: { series: expected } } });
    // The run's SQL is there with EXPLAIN, and the profiler has it.
    expect(await page.locator(".graphql-pane [data-testid=plan-statement]").count()).toBeGreaterThan(0);
    await page.locator(".graphql-pane [data-testid=plan-explain]").first().click();
    await page.waitForSelector(".graphql-pane [data-testid=plan-tree]");
    await screenshot(page, "graphql-01-inline", ".graphql-pane");
  });

  it("a request with variables, an operation name, and errors in the response", async () => {
    const filter = LEGACY_FILTER;
    const doc = `query Q($f: AnalyticsFilter) { analytics { series(filter: $f) { ${SERIES_SELECTION} } } }`;
    await page.evaluate(
      ([query, variables]) => window.__playground!.openGraphql!({ query, variables }),
      [doc, JSON.stringify({ f: filter })],
    );
    expect(await response()).toEqual({
      data: { analytics: { series: subgraphPeriods((await node.run(LEGACY_QUERY)).results) } },
    });

    // A pasted request without a filter variable runs in the pane too.
    const before = await graphqlRuns();
    await paste(JSON.stringify({ query: "query Names { analytics { metrics currencies } }", variables: {} }));
    await nextRun(before);
    const metrics = (await node.raw(`select distinct metric from "AnalyticsSeries" order by metric`)).map(
      (r) => r.metric,
    );
    expect(await response()).toMatchObject({ data: { analytics: { metrics } } });

    // $f unset: the resolver says there is no filter, in the response, as the server would.
    await page.evaluate((query) => window.__playground!.openGraphql!({ query }), doc);
    expect(await response()).toEqual({
      data: { analytics: { series: null } },
      errors: [
        {
          message: 'filter: pass a filter, e.g. series(filter: { metrics: ["Budget"], granularity: total })',
          locations: [{ line: 1, column: 44 }],
          path: ["analytics", "series"],
        },
      ],
    });
    // Variables that are not JSON are refused before running, with where.
    await page.evaluate((query) => window.__playground!.openGraphql!({ query, variables: "{ f: 1 }" }), doc);
    expect(await page.getAttribute("[data-testid=graphql-error]", "data-field")).toBe("");
    expect(await page.textContent("[data-testid=graphql-error]")).toContain("Invalid JSON");
  });

  it("completion, hover docs and markers come from the schema", async () => {
    await showTab(page, "graphql");
    const editor = ".graphql-document .monaco-editor";
    await page.waitForSelector(editor);
    // Typed text races the suggestions it pops up; the document is put there, the cursor after `se`.
    await page.evaluate(() => window.__playground!.openGraphql!({ query: "{ analytics { se } }" }));
    await page.click(`${editor} .view-lines`);
    await page.keyboard.press("Control+End");
    for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("Control+Space");
    await page.waitForSelector(".suggest-widget.visible", { timeout: 10_000 });
    const labels = await page.locator(".suggest-widget.visible .monaco-list-row .label-name").allTextContents();
    expect(labels.sort()).toEqual(["multiCurrencySeries", "series"]);
    await page.keyboard.press("Escape");
    // An unknown field gets a marker with graphql-js's "did you mean".
    await page.evaluate(() => window.__playground!.openGraphql!({ query: "{ analytics { serie } }" }));
    // Monaco draws the decoration before its line is laid out, and may draw it again; its hover
    // shows after a delay in one of two hover widgets. So: hover once the squiggle has a size, and
    // again if no hover says it.
    const hover = page.locator(".monaco-hover-content", {
      hasText: 'Cannot query field "serie" on type "AnalyticsQuery". Did you mean "series"?',
    });
    for (let attempt = 1; ; attempt++) {
      await page.waitForFunction(
        () => {
          const box = document.querySelector(".graphql-pane .squiggly-error")?.getBoundingClientRect();
          return box !== undefined && box.width > 0 && box.height > 0;
        },
        null,
        { timeout: 10_000 },
      );
      const shown = await page
        .hover(".graphql-pane .squiggly-error", { force: true })
        .then(() => hover.first().waitFor({ timeout: 5_000 }))
        .then(
          () => true,
          () => false,
        );
      if (shown) break;
      if (attempt === 3) throw new Error("no hover with graphql-js's message after three tries");
      await page.mouse.move(0, 0);
    }
    await screenshot(page, "graphql-02-marker", ".graphql-pane");
    expect(errors).toEqual([]);
  });
});
