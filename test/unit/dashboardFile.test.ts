import { describe, expect, it } from "vitest";
import { parseDashboard, parseDashboardText } from "../../src/playground/dashboardFile.js";
import { DEMO_DASHBOARD } from "../../src/ui/dashboard/demoDashboard.js";

describe("dashboard files", () => {
  it("accepts the demo dashboard as it is exported", () => {
    expect(parseDashboard(JSON.parse(JSON.stringify(DEMO_DASHBOARD)))).toEqual(DEMO_DASHBOARD);
  });

  it("fills chart settings and size left out, and keeps SQL tiles", () => {
    const d = parseDashboard({
      version: 1,
      id: "d",
      title: "T",
      tiles: [{ id: "a", title: "A", query: { kind: "sql", sql: "select 1 as x, 2 as y" } }],
    });
    expect(d.tiles).toEqual([
      {
        id: "a",
        title: "A",
        query: { kind: "sql", sql: "select 1 as x, 2 as y" },
        chart: { kind: "line", measure: "value", top: 60, other: true },
        size: "medium",
      },
    ]);
  });

  it("names the first bad field and how to fix it", () => {
    const tile = { title: "A", query: { kind: "series", query: { metrics: ["Budget"], granularity: "monthly" } } };
    const bad = (change: object) => () => parseDashboard({ version: 1, title: "T", tiles: [{ ...tile, ...change }] });
    expect(() => parseDashboard([])).toThrow("dashboard: expected an object, got an array");
    expect(() => parseDashboard({ version: 2, title: "T", tiles: [] })).toThrow(
      "version: expected 1 (this playground's dashboard format), got 2",
    );
    expect(() => parseDashboard({ version: 1, title: "T" })).toThrow("tiles: expected a list of tiles, got undefined");
    expect(bad({ title: 3 })).toThrow("tiles[0].title: expected text, got number");
    expect(bad({ query: { kind: "graphql" } })).toThrow(
      'tiles[0].query.kind: expected one of "series", "sql", got "graphql"',
    );
    expect(bad({ query: { kind: "series", query: { metrics: "Budget", granularity: "monthly" } } })).toThrow(
      "tiles[0].query.query.metrics: expected a list of metric names",
    );
    expect(bad({ query: { kind: "sql", sql: "  " } })).toThrow(
      "tiles[0].query.sql: is empty: write the SELECT the tile shows",
    );
    expect(bad({ size: "huge" })).toThrow(
      'tiles[0].size: expected one of "small", "medium", "wide", "large", got "huge"',
    );
    expect(bad({ chart: { top: 0 } })).toThrow("tiles[0].chart.top: expected a whole number of lines ≥ 1, got 0");
    expect(() => parseDashboardText("{")).toThrow(/^file: not JSON \(/);
  });
});
