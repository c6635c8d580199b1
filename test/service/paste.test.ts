import { describe, expect, it } from "vitest";
import { AnalyticsGranularity, AnalyticsPath } from "../../src/engine/index.js";
import { PASTE_HELP, detectPaste } from "../../src/service/paste/detect.js";
import { queryFromJson } from "../../src/service/queryJson.js";

const filter = {
  start: "2023-01-01",
  end: "2024-01-01T00:00:00.000Z",
  granularity: "MONTHLY",
  metrics: ["Budget", "Actuals"],
  dimensions: [
    { name: "budget", select: "atlas/legacy", lod: 3 },
    { name: "category", select: "atlas/headcount", lod: 2 },
    { name: "budget", select: "atlas/scopes", lod: 3 },
  ],
  currency: "DAI",
};
const expectedQuery = {
  metrics: ["Budget", "Actuals"],
  currency: "DAI",
  select: { budget: ["atlas/legacy", "atlas/scopes"], category: ["atlas/headcount"] },
  lod: { budget: 3, category: 2 },
  granularity: "monthly",
  start: "2023-01-01",
  end: "2024-01-01",
};

describe("detectPaste", () => {
  it("converts an AnalyticsFilter", () => {
    expect(detectPaste(JSON.stringify(filter))).toEqual({
      kind: "query",
      format: "analyticsFilter",
      query: expectedQuery,
      conversions: undefined,
      notes: [],
    });
  });

  it("converts { filter } variables with multi-currency conversions", () => {
    const r = detectPaste(JSON.stringify({ filter, conversions: [{ metric: "MKR-DAI", sourceCurrency: "MKR" }] }));
    expect(r).toEqual({
      kind: "query",
      format: "filterVariables",
      query: expectedQuery,
      conversions: [{ metric: "MKR-DAI", currency: "MKR" }],
      notes: [],
    });
  });

  it("finds the filter in a whole GraphQL request body", () => {
    const body = {
      query: "query Q($f: AnalyticsFilter) { analytics { series(filter: $f) { period } } }",
      variables: { f: filter },
    };
    const r = detectPaste(JSON.stringify(body, null, 2));
    expect(r).toEqual({
      kind: "query",
      format: "graphqlRequest",
      query: expectedQuery,
      conversions: undefined,
      notes: [],
    });
  });

  it("reads a serialized AnalyticsQuery: _t paths, numeric granularity, ISO instants, lod {}", () => {
    const serialized = JSON.stringify({
      start: "2022-01-01T00:00:00.000Z",
      end: "2022-06-15T12:00:00.000Z",
      granularity: AnalyticsGranularity.Quarterly,
      metrics: ["Budget"],
      currency: AnalyticsPath.fromString("MKR"),
      select: { budget: [AnalyticsPath.fromString("atlas/legacy/core-units")] },
      lod: {},
    });
    expect(serialized).toContain('{"_t":0,"_v":"atlas/legacy/core-units"}');
    expect(detectPaste(serialized)).toEqual({
      kind: "query",
      format: "serializedQuery",
      query: {
        metrics: ["Budget"],
        currency: "MKR",
        select: { budget: ["atlas/legacy/core-units"] },
        lod: {},
        granularity: "quarterly",
        start: "2022-01-01",
        end: "2022-06-15T12:00:00.000Z",
      },
      notes: [],
    });
  });

  it("passes the editor's own format through", () => {
    expect(detectPaste(JSON.stringify(expectedQuery))).toEqual({
      kind: "query",
      format: "editor",
      query: expectedQuery,
      notes: [],
    });
  });

  it("routes SQL, also after comments", () => {
    expect(detectPaste('-- budgets\n/* by month */ SELECT * FROM "AnalyticsSeries"')).toEqual({
      kind: "sql",
      format: "sql",
      sql: '-- budgets\n/* by month */ SELECT * FROM "AnalyticsSeries"',
      notes: [],
    });
    expect(detectPaste("  with x as (select 1) select * from x").kind).toBe("sql");
  });

  it("notes conflicting lods of one dimension", () => {
    const r = detectPaste(
      JSON.stringify({
        ...filter,
        dimensions: [
          { name: "budget", select: "atlas", lod: 2 },
          { name: "budget", select: "x", lod: 4 },
        ],
      }),
    );
    expect(r.notes).toEqual(["dimension budget has two lods (2 and 4); kept 2"]);
  });

  it("every converted query passes the editor's validation", () => {
    for (const text of [JSON.stringify(filter), JSON.stringify({ filter })]) {
      const r = detectPaste(text);
      if (r.kind !== "query") throw new Error("expected a query");
      expect(queryFromJson(r.query).granularity).toBe(AnalyticsGranularity.Monthly);
    }
  });

  it("explains what it expected, with examples, when it recognises nothing", () => {
    expect(() => detectPaste("hello there")).toThrow(`this is neither JSON, SQL nor GraphQL.\n${PASTE_HELP}`);
    expect(() => detectPaste("[1,2]")).toThrow("expected a JSON object, got an array.");
    expect(() => detectPaste('{"foo": 1}')).toThrow("this JSON is not a query the playground knows (keys: foo).");
    expect(() => detectPaste("   ")).toThrow("nothing was pasted.");
    expect(() => detectPaste("query Budget { analytics { series(filter: ")).toThrow(
      "this looks like GraphQL but does not parse: Syntax Error: Unexpected <EOF>.",
    );
  });

  it("hands GraphQL documents and requests without a filter variable to the GraphQL pane", () => {
    const doc = `# inline arguments
{ analytics { series(filter: { metrics: ["Budget"], granularity: total }) { period rows { value } } } }`;
    expect(detectPaste(doc)).toEqual({
      kind: "graphql",
      format: "graphqlDocument",
      request: { query: doc },
      notes: [],
    });
    const named = "query Names { analytics { metrics } }";
    expect(detectPaste(named)).toEqual({
      kind: "graphql",
      format: "graphqlDocument",
      request: { query: named },
      notes: [],
    });
    expect(detectPaste(JSON.stringify({ query: named }))).toEqual({
      kind: "graphql",
      format: "graphqlDocument",
      request: { query: named },
      notes: [],
    });
    expect(detectPaste(JSON.stringify({ query: "{ x }", variables: { a: 1 } }))).toEqual({
      kind: "graphql",
      format: "graphqlDocument",
      request: { query: "{ x }", variables: '{\n  "a": 1\n}' },
      notes: [],
    });
  });

  it("names the field of a bad filter", () => {
    expect(() => detectPaste(JSON.stringify({ ...filter, granularity: "fortnightly" }))).toThrow(
      'granularity: unknown granularity "fortnightly"',
    );
    expect(() => detectPaste(JSON.stringify({ filter: { ...filter, dimensions: [{ select: "atlas" }] } }))).toThrow(
      'filter.dimensions[0]: expected { "name": "budget", "select": "atlas", "lod": 2 }',
    );
    expect(() => detectPaste(JSON.stringify({ ...filter, start: "soon" }))).toThrow(
      'start: "soon" is not a valid ISO date',
    );
    expect(() => detectPaste(JSON.stringify({ filter, conversions: [{ metric: "X" }] }))).toThrow(
      "conversions[0]: expected",
    );
  });
});
