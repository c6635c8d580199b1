// Every user-facing entry point of the worker, fed bad input through the real client: each call
// fails with the exact error (kind, field, message naming the fix) and the three tables'
// checksum is unchanged, so nothing was half-written. The engine's own table of bad inputs is
// test/store/validation.test.ts; this one is what reaches it from the page (text, structured
// clones, wrong types, unknown methods) and what the worker checks itself.
import { beforeAll, describe, expect, it } from "vitest";
import { RpcError, type EngineClient } from "../../src/client/EngineClient.js";
import type { ErrorDto, Method, WorkerMessage } from "../../src/rpc/protocol.js";
import { pgliteBackend } from "../../src/hosts/worker/pgliteBackend.js";
import { createEngineService } from "../../src/service/service.js";
import { checksum, inProcessWorker } from "../support/inProcessWorker.js";

const COUNT = 300;
const SEED = 7;

let client: EngineClient;
let before: { checksum: string; series: number };

beforeAll(async () => {
  ({ client } = await inProcessWorker());
  await client.boot({ count: COUNT, seed: SEED, store: { kind: "memory" } });
  before = await checksum(client);
});

const query = {
  metrics: ["Budget"],
  currency: "DAI",
  select: { budget: ["atlas"] },
  lod: { budget: 2 },
  granularity: "annual",
  start: "2021-01-01",
  end: "2024-01-01",
};
const q = (over: Record<string, unknown>) => ({ query: { ...query, ...over } });
const series = {
  start: "2023-03-01",
  source: "rpc/bad",
  metric: "Budget",
  value: 1,
  unit: "DAI",
  dimensions: { budget: "atlas/bad" },
};
const s = (over: Record<string, unknown>) => ({ inputs: [{ ...series, ...over }] });
const MB = "m".repeat(1 << 20);
const GRANULARITIES = "total, annual, semiAnnual, quarterly, monthly, weekly, daily, hourly";

type Expected = Pick<ErrorDto, "kind" | "message"> & { field?: string; position?: number };
const input = (field: string, detail: string): Expected => ({
  kind: "input",
  field,
  message: field ? `${field}: ${detail}` : detail,
});

const CASES: [string, Method, unknown, Expected][] = [
  // execute: the query editor's text or object
  // The position is the unexpected "}" (V8's message gives none; the worker finds it).
  [
    "execute: malformed JSON",
    "execute",
    { query: '{ "metrics": ["Budget"], "granularity": }' },
    { kind: "json", position: 40, message: `Invalid JSON: Unexpected token '}', ..."ularity": }" is not valid JSON` },
  ],
  [
    "execute: empty text",
    "execute",
    { query: "" },
    { kind: "json", position: 0, message: "Invalid JSON: Unexpected end of JSON input" },
  ],
  [
    "execute: metrics a string",
    "execute",
    q({ metrics: "Budget" }),
    input("metrics", 'expected a list of metric names such as ["Budget"], got "Budget"'),
  ],
  [
    "execute: metric a number",
    "execute",
    q({ metrics: [42] }),
    input("metrics[0]", "a metric must be a non-empty string, got 42"),
  ],
  [
    "execute: select a list",
    "execute",
    q({ select: ["atlas"] }),
    input("select", 'expected an object of dimension → paths such as { "budget": ["atlas"] }, got ["atlas"]'),
  ],
  [
    "execute: unknown granularity",
    "execute",
    q({ granularity: "fortnightly" }),
    input("granularity", `unknown granularity "fortnightly"; use one of ${GRANULARITIES}`),
  ],
  [
    "execute: granularity a number",
    "execute",
    q({ granularity: 4 }),
    input("granularity", `unknown granularity 4; use one of ${GRANULARITIES}`),
  ],
  [
    "execute: start after end",
    "execute",
    q({ start: "2024-06-01", end: "2023-01-01" }),
    input("end", "end (2023-01-01) must be after start (2024-06-01)"),
  ],
  [
    "execute: start before 1970",
    "execute",
    q({ start: "1969-12-31" }),
    input("start", "1969-12-31T00:00:00.000Z is outside 1970-01-01 … 2100-12-31; check the year"),
  ],
  [
    "execute: end after 2100",
    "execute",
    q({ end: "2101-01-01" }),
    input("end", "2101-01-01T00:00:00.000Z is outside 1970-01-01 … 2100-12-31; check the year"),
  ],
  [
    "execute: month 13",
    "execute",
    q({ start: "2023-13-01" }),
    input(
      "start",
      '"2023-13-01" is not a valid ISO date (you specified 13 (of type number) as a month, which is invalid); write e.g. "2023-01-01"',
    ),
  ],
  [
    "execute: empty path segment",
    "execute",
    q({ select: { budget: ["atlas//legacy"] } }),
    input("select.budget[0]", 'empty segment 2 in "atlas//legacy"; remove the extra "/"'),
  ],
  [
    "execute: dangling backslash",
    "execute",
    q({ select: { budget: ["atlas\\"] } }),
    input("select.budget[0]", 'dangling "\\" at the end of "atlas\\"; escape a backslash as "\\\\"'),
  ],
  [
    "execute: 1 MB metric name",
    "execute",
    q({ metrics: [MB] }),
    input("metrics[0]", "a metric is 1048576 characters long; the limit is 255"),
  ],
  [
    "execute: 1 MB select path",
    "execute",
    q({ select: { budget: [MB] } }),
    input("select.budget[0]", "path is 1048576 characters long; the limit is 2000"),
  ],
  [
    "execute: 1 MB currency",
    "execute",
    q({ currency: MB }),
    input("currency", "path is 1048576 characters long; the limit is 2000"),
  ],
  [
    "execute: NUL in a path",
    "execute",
    q({ select: { budget: ["atlas/\u0000x"] } }),
    input("select.budget[0]", "contains a NUL character (\\u0000 at 6), which Postgres text cannot hold; remove it"),
  ],
  [
    "execute: lod a string",
    "execute",
    q({ lod: { budget: "3" } }),
    input("lod.budget", 'level of detail must be a whole number from 0 to 100 (or null), got "3"'),
  ],
  [
    "execute: unknown field",
    "execute",
    q({ limit: 10 }),
    input(
      "limit",
      'unknown field "limit"; the query has metrics, currency, select, lod, granularity, start, end, conversions',
    ),
  ],
  ["execute: query a number", "execute", { query: 42 }, input("", "the query must be a JSON object, got 42")],
  [
    "execute: conversions not a list",
    "execute",
    q({ conversions: "MKR" }),
    input("conversions", 'expected a list such as [{ "metric": "MKR-DAI", "currency": "MKR" }], got "MKR"'),
  ],
  ["execute: params null", "execute", null, input("params", "expected an object of parameters, got null")],
  ["execute: params a list", "execute", [query], input("params", "expected an object of parameters, got an array")],
  // addSeries: the data pane's form, paste box and imports
  [
    "addSeries: malformed JSON",
    "addSeries",
    { inputs: '[{ "start": "2023-01-01", }]' },
    {
      kind: "json",
      position: 26,
      message: "Invalid JSON: Expected double-quoted property name in JSON at position 26",
    },
  ],
  ["addSeries: an object, not a list", "addSeries", { inputs: series }, input("inputs", "expected an array of series")],
  [
    "addSeries: value NaN",
    "addSeries",
    s({ value: NaN }),
    input("inputs[0].value", "value must be a finite number, got NaN"),
  ],
  [
    "addSeries: value Infinity",
    "addSeries",
    s({ value: Infinity }),
    input("inputs[0].value", "value must be a finite number, got Infinity"),
  ],
  [
    "addSeries: DssVest without end",
    "addSeries",
    s({ fn: "DssVest" }),
    input("inputs[0].end", "a DssVest series vests from start to end; give an end"),
  ],
  [
    "addSeries: cliff outside start…end",
    "addSeries",
    s({ fn: "DssVest", end: "2024-03-01", params: { cliff: "2025-01-01" } }),
    input(
      "inputs[0].params.cliff",
      "cliff (2025-01-01T00:00:00.000Z) must lie between start (2023-03-01T00:00:00.000Z) and end (2024-03-01T00:00:00.000Z)",
    ),
  ],
  [
    "addSeries: 1 MB metric name",
    "addSeries",
    s({ metric: MB }),
    input("inputs[0].metric", "metric is 1048576 characters long; the limit is 255"),
  ],
  [
    "addSeries: start in 2200",
    "addSeries",
    s({ start: "2200-01-01" }),
    input("inputs[0].start", "2200-01-01T00:00:00.000Z is outside 1970-01-01 … 2100-12-31; check the year"),
  ],
  [
    "addSeries: bad dimension path",
    "addSeries",
    s({ dimensions: { budget: "atlas//x" } }),
    input("inputs[0].dimensions.budget", 'empty segment 2 in "atlas//x"; remove the extra "/"'),
  ],
  [
    "addSeries: 20,000-character label",
    "addSeries",
    s({ dimensionMetadata: { path: "atlas/bad", label: "x".repeat(20_000) } }),
    input("inputs[0].dimensionMetadata.label", "text is 20000 characters long; the limit is 10000"),
  ],
  [
    "addSeries: NUL in a source",
    "addSeries",
    s({ source: "rpc/\u0000" }),
    input("inputs[0].source", "contains a NUL character (\\u0000 at 4), which Postgres text cannot hold; remove it"),
  ],
  [
    "addSeries: a good row, then a bad one",
    "addSeries",
    { inputs: [series, { ...series, value: NaN }] },
    input("inputs[1].value", "value must be a finite number, got NaN"),
  ],
  // raw: the SQL editor
  [
    "raw: syntax error",
    "raw",
    { sql: "selec 1" },
    { kind: "sql", position: 1, message: 'syntax error at or near "selec"' },
  ],
  [
    "raw: unknown table",
    "raw",
    { sql: 'select * from "Nope"' },
    { kind: "sql", position: 15, message: 'relation "Nope" does not exist' },
  ],
  [
    "raw: a delete, then an error (one transaction)",
    "raw",
    { sql: 'delete from "AnalyticsSeries"; select 1/0' },
    { kind: "sql", message: "division by zero" },
  ],
  [
    "raw: begin, a delete, then an error",
    "raw",
    { sql: 'begin; delete from "AnalyticsSeries"; select 1/0' },
    { kind: "sql", message: "division by zero" },
  ],
  [
    "raw: 1 MB of junk",
    "raw",
    { sql: `${MB};` },
    { kind: "sql", position: 1, message: `syntax error at or near "${MB}"` },
  ],
  ["raw: sql a number", "raw", { sql: 42 }, input("sql", "expected SQL text, got number")],
  ["explain: sql missing", "explain", {}, input("sql", "expected SQL text, got nothing")],
  [
    "explain: logId a string",
    "explain",
    { sql: "select 1", logId: "7" },
    input("logId", 'expected the log entry\'s id (a whole number), got "7"'),
  ],
  ["detectPaste: text null", "detectPaste", { text: null }, input("text", "expected text, got null")],
  // clearSource: the data pane's "clear source"
  [
    "clearSource: empty path",
    "clearSource",
    { path: "" },
    input("path", 'enter a source path such as "powerhouse/demo/SES-001"; to start over, reseed the demo'),
  ],
  [
    "clearSource: empty segment",
    "clearSource",
    { path: "powerhouse//demo" },
    input("path", 'empty segment 2 in "powerhouse//demo"; remove the extra "/"'),
  ],
  [
    "clearSource: NUL in the path",
    "clearSource",
    { path: "powerhouse/\u0000" },
    input("path", "contains a NUL character (\\u0000 at 11), which Postgres text cannot hold; remove it"),
  ],
  [
    "clearSource: path a number",
    "clearSource",
    { path: 42 },
    input("path", 'expected a path string such as "atlas/legacy", got number'),
  ],
  // reseed: the dataset controls
  [
    "reseed: negative count",
    "reseed",
    { count: -1, seed: 1 },
    input("count", "count must be a whole number from 0 to 1,000,000, got -1"),
  ],
  [
    "reseed: count too large",
    "reseed",
    { count: 1e9, seed: 1 },
    input("count", "count must be a whole number from 0 to 1,000,000, got 1000000000"),
  ],
  [
    "reseed: fractional seed",
    "reseed",
    { count: 10, seed: 1.5 },
    input("seed", "seed must be a whole number from 0 to 2147483647, got 1.5"),
  ],
  // the RPC itself
  [
    "an unknown method",
    "dropEverything" as Method,
    {},
    {
      kind: "input",
      field: "method",
      message: expect.stringMatching(
        /^method: unknown method "dropEverything"; the engine answers boot, execute, raw, /,
      ) as unknown as string,
    },
  ],
  ...["__proto__", "constructor", "toString", "hasOwnProperty", "simulateFault"].map(
    (name): [string, Method, unknown, Expected] => [
      `a method named ${name} (not in the table)`,
      name as Method,
      {},
      {
        kind: "input",
        field: "method",
        message: expect.stringMatching(
          new RegExp(`^method: unknown method "${name}"; the engine answers boot, execute, raw, `),
        ) as unknown as string,
      },
    ],
  ),
  [
    "execute: 100,000 metrics",
    "execute",
    q({ metrics: Array.from({ length: 100_000 }, (_, i) => `M${i}`) }),
    input("metrics", "the query names 100,000 metrics; the limit is 1,000: query fewer at a time"),
  ],
  [
    "execute: 5,000 select paths",
    "execute",
    q({ select: { budget: Array.from({ length: 5_000 }, (_, i) => `atlas/p${i}`) } }),
    input("select", "the query selects 5,000 paths; the limit is 1,000: select a common parent path instead"),
  ],
  [
    "boot: store of an unknown kind",
    "boot",
    { count: 10, seed: 1, store: { kind: "s3" } },
    input("store.kind", 'unknown store "s3"; use "memory", "idb" or "idb-copy"'),
  ],
  [
    "loadDatabase: bytes a string",
    "loadDatabase",
    { bytes: "PGDATA" },
    input("bytes", 'expected the bytes of a database dump (from "Export database"), got "PGDATA"'),
  ],
  [
    "planImport: format xml",
    "planImport",
    { format: "xml", text: "<a/>" },
    input("format", 'expected "csv" or "json", got "xml"'),
  ],
];

describe(`bad input through the worker RPC (${CASES.length} cases)`, () => {
  it.each(CASES)("%s", async (_name, method, params, expected) => {
    const e = await client.call(method, params as never).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(RpcError);
    const { kind, field, message, position } = e as RpcError;
    expect({ kind, field, message, position }).toEqual({ field: undefined, position: undefined, ...expected });
    // Messages say where and how to fix, never only "invalid".
    expect(message.length).toBeGreaterThan((field ?? "").length + 12);
    expect(await checksum(client)).toEqual(before);
  });

  it("rolls back a transaction the SQL left open (each run is its own session)", async () => {
    const r = await client.raw(
      `begin; insert into "AnalyticsSeries" (source, start, metric, value) values ('rpc/open', now(), 'Budget', 1); select count(*)::int as n from "AnalyticsSeries"`,
    );
    expect(r.rolledBack).toBe(true);
    expect(r.statements[2].rows).toEqual([{ n: COUNT + 1 }]);
    expect(await checksum(client)).toEqual(before);
  });

  it("still answers afterwards", async () => {
    const r = await client.execute(query);
    expect(r.results.length).toBe(3);
    expect((await checksum(client)).series).toBe(COUNT);
  });
});

describe("the request envelope, straight into the service (what a raw socket or postMessage may send)", () => {
  const answers: WorkerMessage[] = [];
  const service = createEngineService(pgliteBackend, (m) => answers.push(m));
  const answer = async (message: unknown) => {
    answers.length = 0;
    service.handle(message);
    await new Promise((r) => setTimeout(r, 20));
    return answers.filter((m) => m.type === "response");
  };
  const idError = (got: string) => ({
    type: "response",
    id: null,
    ok: false,
    error: {
      kind: "input",
      field: "id",
      message: `id: the request id must be a whole number from 0 to 9007199254740991, got ${got}; the answer could not name the request`,
    },
  });

  it.each([
    [
      "1e400 (Infinity once parsed)",
      JSON.parse('{"type":"request","id":1e400,"method":"getMetrics","params":{}}'),
      "Infinity",
    ],
    ["a fraction", { type: "request", id: 1.5, method: "getMetrics", params: {} }, "1.5"],
    ["negative", { type: "request", id: -1, method: "getMetrics", params: {} }, "-1"],
    ["a string", { type: "request", id: "7", method: "getMetrics", params: {} }, '"7"'],
    ["past 2^53", { type: "request", id: 2 ** 53, method: "getMetrics", params: {} }, "9007199254740992"],
  ])("refuses an id that is %s, answering with id null", async (_name, message, got) => {
    expect(await answer(message)).toEqual([idError(got)]);
  });

  it("refuses a request that is not an object", async () => {
    expect(await answer("getMetrics")).toEqual([
      {
        type: "response",
        id: null,
        ok: false,
        error: {
          kind: "input",
          field: "request",
          message: 'request: expected a request object { "type": "request", "id", "method", "params" }',
        },
      },
    ]);
  });

  it("answers an own-name method by the table only: __proto__ is unknown, with its id", async () => {
    const [r] = await answer(JSON.parse('{"type":"request","id":9,"method":"__proto__","params":{}}'));
    expect(r).toMatchObject({ id: 9, ok: false, error: { kind: "input", field: "method" } });
  });
});
