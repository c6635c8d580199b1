import { PGlite } from "@electric-sql/pglite";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AnalyticsGranularity as G,
  AnalyticsInputError,
  AnalyticsPath,
  AnalyticsQueryEngine,
  MemoryAnalyticsStore,
  type AnalyticsQuery,
  type AnalyticsSeriesInput,
} from "../../src/engine/index.js";

// Bad input never reaches the tables: every case names the field and the fix, and the three
// tables' checksum is the same before and after.

let db: PGlite;
let store: MemoryAnalyticsStore;
let engine: AnalyticsQueryEngine;

const checksum = async () =>
  (
    await db.query<{ c: string }>(`select md5(string_agg(t, '|' order by t)) as c from (
      select 'S' || row_to_json(s)::text as t from "AnalyticsSeries" s
      union all select 'D' || row_to_json(d)::text from "AnalyticsDimension" d
      union all select 'L' || row_to_json(l)::text from "AnalyticsSeries_AnalyticsDimension" l) x`)
  ).rows[0].c;

beforeAll(async () => {
  db = await PGlite.create();
  store = new MemoryAnalyticsStore({ pgLiteFactory: async () => db });
  await store.init();
  engine = new AnalyticsQueryEngine(store);
  await store.addSeriesValues([
    { start: "2023-01-01", source: "s/a", metric: "Budget", value: 10, unit: "DAI", dimensions: { budget: "atlas/a" } },
    {
      start: "2023-02-01",
      end: "2024-02-01",
      source: "s/b",
      metric: "Budget",
      value: 12,
      unit: "MKR",
      fn: "DssVest",
      params: { cliff: "2023-05-01" },
      dimensions: { budget: "atlas/b" },
    },
  ]);
});
afterAll(() => store.destroy());

const good: AnalyticsSeriesInput = {
  start: "2023-03-01",
  source: "s/c",
  metric: "Budget",
  value: 1,
  unit: "DAI",
  dimensions: { budget: "atlas/c" },
};
const vest = { ...good, fn: "DssVest", end: "2024-03-01" };
const bad = (over: Record<string, unknown>) => ({ ...good, ...over }) as AnalyticsSeriesInput;

const inputCases: [string, AnalyticsSeriesInput, string][] = [
  ["value NaN", bad({ value: NaN }), "inputs[1].value: value must be a finite number, got NaN"],
  ["value Infinity", bad({ value: Infinity }), "inputs[1].value: value must be a finite number, got Infinity"],
  ["value -Infinity", bad({ value: -Infinity }), "inputs[1].value: value must be a finite number, got -Infinity"],
  ["value as text", bad({ value: "12" }), "inputs[1].value: value must be a finite number, got 12"],
  ["value missing", bad({ value: undefined }), "inputs[1].value: value must be a finite number, got undefined"],
  [
    "start missing",
    bad({ start: undefined }),
    'inputs[1].start: expected an ISO date such as "2023-01-01", got undefined',
  ],
  ["start not a date", bad({ start: "yesterday" }), 'inputs[1].start: "yesterday" is not a valid date'],
  ["start Feb 30", bad({ start: "2023-02-30" }), 'inputs[1].start: "2023-02-30" is not a valid date'],
  [
    "start before 1970",
    bad({ start: "1969-12-31" }),
    "inputs[1].start: 1969-12-31T00:00:00.000Z is outside 1970-01-01 … 2100-12-31; check the year",
  ],
  [
    "start after 2100",
    bad({ start: "2101-01-01" }),
    "inputs[1].start: 2101-01-01T00:00:00.000Z is outside 1970-01-01 … 2100-12-31; check the year",
  ],
  [
    "start a number",
    bad({ start: 1672531200000 }),
    'inputs[1].start: expected an ISO date such as "2023-01-01", got 1672531200000',
  ],
  [
    "end before start",
    bad({ end: "2023-01-01" }),
    "inputs[1].end: end (2023-01-01T00:00:00.000Z) must be after start (2023-03-01T00:00:00.000Z)",
  ],
  [
    "end equal to start",
    bad({ end: "2023-03-01" }),
    "inputs[1].end: end (2023-03-01T00:00:00.000Z) must be after start (2023-03-01T00:00:00.000Z)",
  ],
  [
    "invalid luxon start",
    bad({ start: DateTime.invalid("broken") }),
    'inputs[1].start: "Invalid DateTime" is not a valid date',
  ],
  [
    "source empty",
    bad({ source: "" }),
    'inputs[1].source: source must be a non-empty path such as "powerhouse/budgets"',
  ],
  ["source dangling backslash", bad({ source: "s\\" }), 'inputs[1].source: dangling "\\" at the end of "s\\"'],
  [
    "source empty segment",
    bad({ source: "s//x" }),
    'inputs[1].source: empty segment 2 in "s//x"; remove the extra "/"',
  ],
  [
    "source a number",
    bad({ source: 42 }),
    'inputs[1].source: expected a path string such as "atlas/legacy", got number',
  ],
  ["metric empty", bad({ metric: "" }), 'inputs[1].metric: metric must be a non-empty string, got ""'],
  ["metric blank", bad({ metric: "   " }), 'inputs[1].metric: metric must be a non-empty string, got "   "'],
  ["metric a number", bad({ metric: 7 }), "inputs[1].metric: metric must be a non-empty string, got 7"],
  [
    "metric huge",
    bad({ metric: "m".repeat(300) }),
    "inputs[1].metric: metric is 300 characters long; the limit is 255",
  ],
  ["unit empty", bad({ unit: "" }), 'inputs[1].unit: unit must be a non-empty string, got ""'],
  ["unit a number", bad({ unit: 1 }), "inputs[1].unit: unit must be a non-empty string, got 1"],
  ["fn unknown", bad({ fn: "Linear" }), 'inputs[1].fn: unknown function "Linear"; use "Single" or "DssVest"'],
  [
    "DssVest without end",
    bad({ fn: "DssVest" }),
    "inputs[1].end: a DssVest series vests from start to end; give an end",
  ],
  [
    "cliff before start",
    { ...vest, params: { cliff: "2023-01-01" } } as AnalyticsSeriesInput,
    "inputs[1].params.cliff: cliff (2023-01-01T00:00:00.000Z) must lie between start (2023-03-01T00:00:00.000Z) and end (2024-03-01T00:00:00.000Z)",
  ],
  [
    "cliff after end",
    { ...vest, params: { cliff: "2025-01-01" } } as AnalyticsSeriesInput,
    "inputs[1].params.cliff: cliff (2025-01-01T00:00:00.000Z) must lie between",
  ],
  [
    "cliff not a date",
    { ...vest, params: { cliff: "soon" } } as AnalyticsSeriesInput,
    'inputs[1].params.cliff: "soon" is not a valid date',
  ],
  [
    "params an array",
    bad({ params: [1] }),
    'inputs[1].params: params must be an object such as { "cliff": "2023-06-01" } or null',
  ],
  [
    "dimensions missing",
    bad({ dimensions: undefined }),
    'inputs[1].dimensions: expected an object of dimension → path, e.g. { "budget": "atlas/legacy" }',
  ],
  [
    "dimensions an array",
    bad({ dimensions: ["atlas"] }),
    "inputs[1].dimensions: expected an object of dimension → path",
  ],
  [
    "dimension path empty",
    bad({ dimensions: { budget: "" } }),
    'inputs[1].dimensions.budget: path must have at least one segment, e.g. "atlas"',
  ],
  [
    "dimension name blank",
    bad({ dimensions: { " ": "atlas" } }),
    'inputs[1].dimensions. : a dimension name must be a non-empty string, got " "',
  ],
  [
    "dimension path a number",
    bad({ dimensions: { budget: 3 } }),
    'inputs[1].dimensions.budget: expected a path string such as "atlas/legacy", got number',
  ],
  [
    "dimension path huge",
    bad({ dimensions: { budget: "a/".repeat(1001) + "b" } }),
    "inputs[1].dimensions.budget: path is 2003 characters long; the limit is 2000",
  ],
  [
    "metadata for a foreign path",
    bad({ dimensionMetadata: { path: "atlas/zzz", label: "Z" } }),
    'inputs[1].dimensionMetadata.path: "atlas/zzz" is not one of this series\' dimension paths',
  ],
  [
    "metadata label a number",
    bad({ dimensionMetadata: { path: "atlas/c", label: 5 } }),
    "inputs[1].dimensionMetadata.label: expected text, got number",
  ],
  [
    "metadata description huge",
    bad({ dimensionMetadata: { path: "atlas/c", description: "d".repeat(10_001) } }),
    "inputs[1].dimensionMetadata.description: text is 10001 characters long; the limit is 10000",
  ],
  ["input null", null as unknown as AnalyticsSeriesInput, "inputs[1]: expected a series object"],
  [
    "NUL in source",
    bad({ source: "a/\u0000b" }),
    "inputs[1].source: path contains a NUL character (\\u0000), which the database cannot store; remove it",
  ],
  ["NUL in metric", bad({ metric: "Bud\u0000get" }), "inputs[1].metric: metric contains a NUL character"],
  [
    "NUL in a built path",
    bad({ dimensions: { budget: AnalyticsPath.fromStringArray(["atlas", "x\u0000"]) } }),
    "inputs[1].dimensions.budget: path contains a NUL character",
  ],
  [
    "NUL in a label",
    bad({ dimensionMetadata: { path: "atlas/c", label: "\u0000" } }),
    "inputs[1].dimensionMetadata.label: text contains a NUL character",
  ],
];

describe("addSeriesValues refuses bad input and stores nothing", () => {
  it.each(inputCases)("%s", async (_name, input, message) => {
    const before = await checksum();
    const error = await store.addSeriesValues([good, input, good]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AnalyticsInputError);
    expect((error as Error).message.startsWith(message)).toBe(true);
    expect((error as AnalyticsInputError).field.startsWith("inputs[1]")).toBe(true);
    expect(await checksum()).toBe(before);
  });

  it("refuses a non-array", async () => {
    await expect(store.addSeriesValues({} as unknown as AnalyticsSeriesInput[])).rejects.toThrow(
      "inputs: expected an array of series",
    );
  });
});

const q: AnalyticsQuery = {
  start: DateTime.utc(2023, 1, 1),
  end: DateTime.utc(2024, 1, 1),
  metrics: ["Budget"],
  granularity: G.Monthly,
  select: { budget: [AnalyticsPath.fromString("atlas")] },
  lod: { budget: 2 },
};
const badQuery = (over: Record<string, unknown>) => ({ ...q, ...over }) as AnalyticsQuery;

const queryCases: [string, AnalyticsQuery, string][] = [
  ["metrics empty", badQuery({ metrics: [] }), 'metrics: list at least one metric, e.g. ["Budget"]'],
  ["metrics a string", badQuery({ metrics: "Budget" }), 'metrics: list at least one metric, e.g. ["Budget"]'],
  ["metric blank", badQuery({ metrics: ["Budget", ""] }), 'metrics[1]: a metric must be a non-empty string, got ""'],
  [
    "start after end",
    badQuery({ start: DateTime.utc(2024, 6, 1) }),
    "end: end (2024-01-01) must be after start (2024-06-01)",
  ],
  [
    "start equals end",
    badQuery({ start: DateTime.utc(2024, 1, 1) }),
    "end: end (2024-01-01) must be after start (2024-01-01)",
  ],
  ["start invalid", badQuery({ start: "2023-13-01" }), 'start: "2023-13-01" is not a valid date'],
  [
    "end outside the years",
    badQuery({ end: "2200-01-01" }),
    "end: 2200-01-01T00:00:00.000Z is outside 1970-01-01 … 2100-12-31; check the year",
  ],
  [
    "granularity unknown",
    badQuery({ granularity: 9 }),
    "granularity: unknown granularity 9; use one of total, annual, semiAnnual, quarterly, monthly, weekly, daily, hourly",
  ],
  ["granularity a name", badQuery({ granularity: "monthly" }), 'granularity: unknown granularity "monthly"'],
  [
    "lod negative",
    badQuery({ lod: { budget: -1 } }),
    "lod.budget: level of detail must be a whole number from 0 to 100 (or null), got -1",
  ],
  [
    "lod fractional",
    badQuery({ lod: { budget: 1.5 } }),
    "lod.budget: level of detail must be a whole number from 0 to 100 (or null), got 1.5",
  ],
  [
    "lod a string",
    badQuery({ lod: { budget: "2" } }),
    'lod.budget: level of detail must be a whole number from 0 to 100 (or null), got "2"',
  ],
  [
    "lod of an unselected dimension",
    badQuery({ lod: { budget: 1, project: 2 } }),
    'lod.project: "project" is not in select; add it to select or remove its lod',
  ],
  ["lod an array", badQuery({ lod: [1] }), 'lod: expected an object of dimension → level, e.g. { "budget": 2 }'],
  [
    "select missing",
    badQuery({ select: undefined }),
    'select: expected an object of dimension → paths, e.g. { "budget": ["atlas"] }',
  ],
  [
    "select paths a string",
    badQuery({ select: { budget: "atlas" } }),
    'select.budget: expected a list of paths, e.g. ["atlas/legacy"]',
  ],
  [
    "select path grammar",
    badQuery({ select: { budget: ["atlas//x"] } }),
    'select.budget[0]: empty segment 2 in "atlas//x"; remove the extra "/"',
  ],
  [
    "select dangling backslash",
    badQuery({ select: { budget: ["atlas\\"] } }),
    'select.budget[0]: dangling "\\" at the end of "atlas\\"',
  ],
  [
    "NUL in a select path",
    badQuery({ select: { budget: ["atlas/\u0000"] } }),
    "select.budget[0]: path contains a NUL character",
  ],
  [
    "huge built select path",
    badQuery({ select: { budget: [AnalyticsPath.fromStringArray(["a".repeat(3000)])] } }),
    "select.budget[0]: path is 3000 characters long; the limit is 2000",
  ],
  ["currency grammar", badQuery({ currency: "DAI\\" }), 'currency: dangling "\\" at the end of "DAI\\"'],
  [
    "hourly over decades",
    badQuery({ granularity: G.Hourly, start: DateTime.utc(1990, 1, 1), end: DateTime.utc(2090, 1, 1) }),
    "granularity: the range gives more than 100000 periods; choose a coarser granularity or a shorter start/end",
  ],
];

describe("execute refuses bad queries naming the field", () => {
  it.each(queryCases)("%s", async (_name, query, message) => {
    const before = await checksum();
    const error = await engine.execute(query).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AnalyticsInputError);
    expect((error as Error).message.startsWith(message)).toBe(true);
    expect(await checksum()).toBe(before);
  });

  it("still answers a good query afterwards", async () => {
    const r = await engine.execute(q);
    expect(r).toHaveLength(12);
    expect(r[0].rows.map((row) => [row.dimensions.budget.path.toString(), row.unit, row.value])).toEqual([
      ["atlas/a", "DAI", 0],
      ["atlas/b", "MKR", 0],
    ]);
  });
});
