import { describe, expect, it } from "vitest";
import { decodeViewState, encodeViewState, type ViewState } from "../../src/playground/viewState.js";

describe("URL view state", () => {
  it("round-trips the editors, tab and dataset through a short hash", async () => {
    const state: ViewState = {
      query: JSON.stringify(
        {
          metrics: ["Budget"],
          select: { budget: ["atlas/legacy/core-units/SES-001"] },
          lod: { budget: 3 },
          granularity: "monthly",
          start: "2021-01-01",
          end: "2025-01-01",
        },
        null,
        2,
      ),
      sql: `select metric, count(*) from "AnalyticsSeries" group by 1 -- ünïcödé ' " \\`,
      tab: "table",
      dataset: { count: 200000, seed: 7 },
    };
    const hash = await encodeViewState(state);
    expect(hash.startsWith("#v1=")).toBe(true);
    expect(hash).toMatch(/^#v1=[A-Za-z0-9_-]+$/);
    expect(hash.length).toBeLessThan(JSON.stringify(state).length);
    expect(await decodeViewState(hash)).toEqual(state);
  });

  it("ignores other hashes and explains damaged ones", async () => {
    expect(await decodeViewState("#section-2")).toBeNull();
    const hash = await encodeViewState({ query: "{}" });
    await expect(decodeViewState(hash.slice(0, -6))).rejects.toThrow(
      "this link's view is damaged (it was probably cut short when copied); the default view is shown instead",
    );
    await expect(decodeViewState(await encodeViewState({ query: 5 } as unknown as ViewState))).rejects.toThrow(
      "this link holds no query",
    );
  });

  it("carries how the chart is drawn, each bad setting replaced by its default", async () => {
    const chart = { kind: "stacked", measure: "sum", top: 10, other: false } as const;
    expect(await decodeViewState(await encodeViewState({ query: "q", chart }))).toEqual({ query: "q", chart });
    const bad = { kind: "pie", measure: "sum", top: 0, other: "yes" } as unknown as ViewState["chart"];
    expect(await decodeViewState(await encodeViewState({ query: "q", chart: bad }))).toEqual({
      query: "q",
      chart: { kind: "line", measure: "sum", top: 60, other: true },
    });
  });

  it("carries the table's sort and filter and the splitters", async () => {
    const view: ViewState = {
      query: "q",
      tab: "table,sql",
      table: { filter: "atlas/legacy", sort: { column: "value", dir: "desc" } },
      layout: { top: 0.5, left: 0.25, bottomLeft: 0.7 },
    };
    expect(await decodeViewState(await encodeViewState(view))).toEqual(view);
    const filterOnly = { query: "q", table: { filter: "SES", sort: null } };
    expect(await decodeViewState(await encodeViewState(filterOnly))).toEqual(filterOnly);
  });

  it("drops a bad sort, and splitters unless all three are fractions inside (0, 1)", async () => {
    const bad = {
      query: "q",
      table: { filter: 3, sort: { column: "value", dir: "up" } },
      layout: { top: 0.5, left: 1, bottomLeft: 0.7 },
    } as unknown as ViewState;
    expect(await decodeViewState(await encodeViewState(bad))).toEqual({
      query: "q",
      table: { filter: "", sort: null },
    });
    const noSortColumn = { query: "q", table: { filter: "x", sort: { dir: "asc" } } } as unknown as ViewState;
    expect((await decodeViewState(await encodeViewState(noSortColumn)))?.table).toEqual({ filter: "x", sort: null });
  });

  it("drops malformed optional parts", async () => {
    const hash = await encodeViewState({ query: "q", dataset: { count: 1.5, seed: 1 } } as ViewState);
    expect(await decodeViewState(hash)).toEqual({ query: "q" });
  });
});
