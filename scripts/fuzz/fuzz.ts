// Random calls through the worker RPC: random JSON shapes for every method, random paths full of
// metacharacters, random queries (valid ones mutated), random SQL from a small grammar with
// errors. The worker runs in a Node worker thread behind the real EngineClient; every call has a
// timeout, after which the thread is terminated and a new one booted (as Cancel does in the page).
// A run passes when nothing timed out, nothing crashed the worker, no call failed with an
// internal error (an unhandled exception in the worker) and the worker still answers at the end.
import { Worker } from "node:worker_threads";
import { EngineClient, RpcError } from "../../src/client/EngineClient.js";
import type { Transport } from "../../src/rpc/transport.js";
import type { Method, WorkerMessage } from "../../src/rpc/protocol.js";

export type FuzzOptions = {
  cases: number;
  seed: number;
  timeoutMs?: number;
  count?: number;
  log?: (line: string) => void;
};
export type FuzzReport = {
  cases: number;
  seed: number;
  elapsedMs: number;
  /** Outcome → count: `ok`, `error:<kind>`, `timeout`, `crashed`. */
  outcomes: Record<string, number>;
  byMethod: Record<string, Record<string, number>>;
  /** Calls that failed unexpectedly (a TypeError… in the worker, a timeout, a crash), with what was sent. */
  failures: { method: string; params: string; outcome: string; message: string }[];
  /**
   * Refusals without a field: `internal` (a plain Error) rather than `input`, or a Postgres error
   * from a method that takes no SQL (input that reached SQL unchecked). One per distinct message.
   */
  internal: { method: string; params: string; outcome: string; message: string }[];
  slowestMs: number;
  restarts: number;
  unhandled: string[];
};

/** mulberry32: small, seeded, good enough to pick cases. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
type Rng = ReturnType<typeof prng>;

const META = [
  "/",
  "//",
  "\\",
  "\\\\",
  ":",
  "::",
  "%",
  "_",
  "*",
  "'",
  '"',
  "`",
  ";",
  "--",
  "\u0000",
  "\n",
  " ",
  "é",
  "😀",
  "<script>",
  "$1",
  "${x}",
  "..",
  "?",
  "#",
  "&",
  ",",
  "\t",
  "\u202e",
];
const WORDS = [
  "atlas",
  "legacy",
  "core-units",
  "SES-001",
  "scopes",
  "powerhouse",
  "demo",
  "fuzz",
  "budget",
  "category",
  "DAI",
  "MKR",
  "x",
];
const GRANULARITIES = [
  "total",
  "annual",
  "semiAnnual",
  "quarterly",
  "monthly",
  "weekly",
  "daily",
  "hourly",
  "Monthly",
  "fortnightly",
  "",
  "ANNUAL",
];
const METRICS = ["Budget", "Actuals", "Forecast", "PaymentsOnChain", "budget", "", "Nope", "a b", "Ünïcode"];

function segment(r: Rng): string {
  if (r.chance(0.6)) return r.pick(WORDS);
  let s = "";
  for (let i = 0, n = 1 + r.int(4); i < n; i++) s += r.chance(0.5) ? r.pick(META) : r.pick(WORDS);
  return s;
}
function path(r: Rng): string {
  const n = r.int(5);
  const parts = Array.from({ length: n }, () => segment(r));
  let p = parts.join("/");
  if (r.chance(0.1)) p += "/";
  if (r.chance(0.05)) p = "/" + p;
  if (r.chance(0.02)) p = p.repeat(400);
  return p;
}
function date(r: Rng): unknown {
  const roll = r.next();
  if (roll < 0.55)
    return `${2019 + r.int(7)}-${String(1 + r.int(12)).padStart(2, "0")}-${String(1 + r.int(28)).padStart(2, "0")}`;
  if (roll < 0.65) return null;
  if (roll < 0.72) return `${1900 + r.int(300)}-01-01`;
  if (roll < 0.8)
    return r.pick([
      "2023-02-30",
      "2023-13-01",
      "yesterday",
      "",
      "2023-01-01T25:00:00Z",
      "0000-00-00",
      "2023-1-1",
      "+275760-09-13",
    ]);
  if (roll < 0.9)
    return `${2020 + r.int(5)}-0${1 + r.int(9)}-1${r.int(9)}T${String(r.int(24)).padStart(2, "0")}:00:00Z`;
  return anyJson(r, 1);
}
function anyJson(r: Rng, depth = 3): unknown {
  const roll = r.int(depth > 0 ? 10 : 7);
  switch (roll) {
    case 0:
      return null;
    case 1:
      return r.pick([0, -1, 1.5, 1e308, -1e308, NaN, Infinity, 2 ** 53, r.int(1000)]);
    case 2:
      return r.chance(0.5);
    case 3:
      return path(r);
    case 4:
      return r.pick(["", " ", "null", "{}", "[]", "\u0000", "x".repeat(r.chance(0.1) ? 100_000 : 10)]);
    case 5:
      return undefined;
    case 6:
      return r.pick(WORDS);
    case 7:
    case 8:
      return Array.from({ length: r.int(4) }, () => anyJson(r, depth - 1));
    default:
      return Object.fromEntries(
        Array.from({ length: r.int(4) }, () => [
          r.chance(0.7)
            ? r.pick([...WORDS, "query", "sql", "path", "inputs", "text", "metrics", "select"])
            : segment(r),
          anyJson(r, depth - 1),
        ]),
      );
  }
}

/** A query the editor could hold, often valid, then mutated. */
function query(r: Rng): Record<string, unknown> {
  const dims = r.chance(0.8) ? ["budget"] : r.chance(0.5) ? ["budget", "category"] : [segment(r)];
  const q: Record<string, unknown> = {
    metrics: Array.from({ length: 1 + r.int(2) }, () => r.pick(METRICS)),
    currency: r.pick(["DAI", "MKR", null, "USDC", "", path(r)]),
    select: Object.fromEntries(
      dims.map((d) => [
        d,
        Array.from({ length: 1 + r.int(2) }, () =>
          r.chance(0.6)
            ? r.pick(["atlas", "atlas/legacy", "atlas/scopes", "atlas/legacy/core-units/SES-001"])
            : path(r),
        ),
      ]),
    ),
    lod: Object.fromEntries(
      dims.filter(() => r.chance(0.7)).map((d) => [d, r.pick([0, 1, 2, 3, 4, null, -1, 101, 2.5, "2"])]),
    ),
    granularity: r.pick(GRANULARITIES),
    start: date(r),
    end: date(r),
  };
  if (r.chance(0.25))
    return {
      metrics: [r.pick(METRICS.slice(0, 4))],
      currency: r.pick(["DAI", "MKR", null]),
      select: { budget: [r.pick(["atlas", "atlas/legacy", "atlas/scopes"])] },
      lod: { budget: r.int(5) },
      granularity: r.pick(GRANULARITIES.slice(0, 6)),
      start: null,
      end: null,
    };
  // Fine granularities only over short ranges most of the time: each case should take milliseconds.
  if (["daily", "hourly", "weekly"].includes(String(q.granularity)) && r.chance(0.8)) {
    q.start = "2023-01-01";
    q.end = q.granularity === "hourly" ? "2023-01-04" : "2023-03-01";
  }
  for (let i = 0, n = r.int(3); i < n; i++) {
    const key = r.pick([...Object.keys(q), "limit", "conversions", segment(r)]);
    if (r.chance(0.3)) delete q[key];
    else q[key] = anyJson(r, 2);
  }
  return q;
}
function corrupt(r: Rng, text: string): string {
  const at = r.int(text.length + 1);
  switch (r.int(4)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return text.slice(0, at) + r.pick(["{", "}", ",", '"', "]", ":", "\\", "\u0000"]) + text.slice(at);
    case 2:
      return text.slice(0, at) + text.slice(at + 1 + r.int(5));
    default:
      return text;
  }
}

function series(r: Rng): Record<string, unknown> {
  const s: Record<string, unknown> = {
    start: date(r),
    source: r.chance(0.7) ? `fuzz/${r.int(20)}` : path(r),
    metric: r.pick(METRICS),
    value: r.pick([1, -2.5, 1e9, 0, NaN, Infinity, "3", null, r.next() * 1000]),
    unit: r.pick(["DAI", "MKR", null, "", path(r)]),
    dimensions: {
      budget: r.chance(0.7) ? `atlas/fuzz/${r.int(10)}` : path(r),
      ...(r.chance(0.2) ? { [segment(r)]: path(r) } : {}),
    },
  };
  if (r.chance(0.2))
    Object.assign(s, { fn: "DssVest", end: date(r), params: r.chance(0.5) ? { cliff: date(r) } : anyJson(r, 1) });
  if (r.chance(0.15)) s.fn = r.pick(["Single", "Linear", "", 3]);
  if (r.chance(0.2))
    s.dimensionMetadata = {
      path: s.dimensions && (s.dimensions as Record<string, string>).budget,
      label: r.pick(["<b>x</b>", "Label", "x".repeat(r.chance(0.1) ? 20_000 : 5)]),
      icon: r.pick(["javascript:alert(1)", "https://x/i.png", ""]),
    };
  if (r.chance(0.1)) {
    const key = r.pick(Object.keys(s));
    s[key] = anyJson(r, 1);
  }
  return s;
}

const TABLES = [
  '"AnalyticsSeries"',
  '"AnalyticsDimension"',
  '"AnalyticsSeries_AnalyticsDimension"',
  '"Nope"',
  "pg_class",
];
const COLUMNS = [
  "id",
  "source",
  "metric",
  "value",
  "unit",
  "start",
  '"end"',
  "path",
  "dimension",
  "label",
  "count(*)",
  "sum(value)",
  "nope",
  "1/0",
  "'x'::int",
  "now()",
  "*",
];
/** SQL from a small grammar; about a third of it is wrong on purpose. */
function sql(r: Rng): string {
  const roll = r.next();
  if (roll < 0.55) {
    const cols = Array.from({ length: 1 + r.int(3) }, () => r.pick(COLUMNS)).join(", ");
    let s = `select ${cols} from ${r.pick(TABLES)}`;
    if (r.chance(0.4))
      s += ` where ${r.pick(COLUMNS)} ${r.pick(["=", "<", "like", "is", "in", "~"])} ${r.pick(["1", "'atlas%'", "null", "(1,2)", "'\\'", "$1", "'x"])}`;
    if (r.chance(0.3)) s += ` order by ${r.pick(["1", "id", "random()", "nope"])}`;
    if (r.chance(0.5)) s += ` limit ${r.pick(["10", "0", "-1", "all", "x", String(r.int(20000))])}`;
    return s;
  }
  if (roll < 0.65) return `select g, md5(g::text) from generate_series(1, ${r.pick([10, 1000, 12000, 30000])}) g`;
  if (roll < 0.72)
    return `begin; delete from "AnalyticsSeries" where source like 'fuzz/%'; select 1/${r.pick([0, 1])}; rollback`;
  if (roll < 0.8) return corrupt(r, `select metric, count(*) from "AnalyticsSeries" group by metric`);
  if (roll < 0.85)
    return r.pick([
      "",
      ";",
      "-- only a comment",
      "/* open comment",
      "select",
      "selec 1",
      "select 'unterminated",
      "select $$x",
      "\\d",
      "explain select 1",
    ]);
  if (roll < 0.9)
    return `create temp table if not exists t${r.int(3)} (n int); insert into t${r.int(3)} values (${r.pick(["1", "'x'", "null"])})`;
  if (roll < 0.95)
    return `select ${r.pick(["'<img src=x>'", "repeat('x', 100000)", "'\\x00'::bytea", "'{\"a\":1}'::jsonb", "interval '1 day'", "array[1,2]", "point(1,2)", "'NaN'::float8", "'infinity'::timestamptz"])} as v`;
  return String(anyJson(r, 1));
}

/** Everything but what is slow (reseed, dumps). */
const RANDOM_METHODS: Method[] = [
  "boot",
  "execute",
  "raw",
  "getDimensions",
  "getMetrics",
  "getCurrencies",
  "getDimensionCounts",
  "seriesCounts",
  "addSeries",
  "clearSource",
  "detectPaste",
  "explain",
  "planImport",
  "stageText",
  "stageImport",
  "storeStaged",
  "importDump",
];

function nextCase(r: Rng): { method: Method; params: unknown } {
  const roll = r.next();
  if (roll < 0.3) {
    const q = query(r);
    return {
      method: "execute",
      params: { query: r.chance(0.5) ? q : r.chance(0.6) ? JSON.stringify(q) : corrupt(r, JSON.stringify(q, null, 2)) },
    };
  }
  if (roll < 0.55) return { method: "raw", params: { sql: sql(r) } };
  if (roll < 0.7) {
    const list = Array.from({ length: r.int(4) }, () => series(r));
    return {
      method: "addSeries",
      params: {
        inputs: r.chance(0.7) ? list : r.chance(0.5) ? JSON.stringify(list) : corrupt(r, JSON.stringify(list)),
      },
    };
  }
  if (roll < 0.77) return { method: "clearSource", params: { path: r.chance(0.4) ? `fuzz/${r.int(20)}` : path(r) } };
  if (roll < 0.8)
    return {
      method: r.pick(["getDimensions", "getMetrics", "getCurrencies", "getDimensionCounts", "seriesCounts"] as const),
      params: {},
    };
  if (roll < 0.85)
    return {
      method: r.pick(["explain", "detectPaste"] as const),
      params: r.chance(0.5) ? { sql: sql(r), text: sql(r) } : { text: JSON.stringify(query(r)), sql: sql(r) },
    };
  if (roll < 0.88)
    return {
      method: "planImport",
      params: {
        format: r.pick(["csv", "json", "xml", null]),
        text: r.chance(0.5)
          ? JSON.stringify([series(r)])
          : `start,source,metric,value\n${String(date(r))},fuzz/1,Budget,${r.pick(["1", "x", ""])}`,
      },
    };
  if (roll < 0.89) {
    // A staged import: chunks in or out of order, then its check and batches, under a few ids.
    const id = r.pick(["fuzz-stage", "fuzz-stage", "fuzz-other", segment(r)]);
    const which = r.pick(["stageText", "stageText", "stageImport", "storeStaged"] as const);
    if (which === "stageText")
      return {
        method: which,
        params: {
          id,
          offset: r.pick([0, 0, 0, 31, 5, -1, 1e20, 0.5]),
          text: r.chance(0.7)
            ? `start,source,metric,value\n${String(date(r))},fuzz/s,Budget,${r.pick(["1", "x", "", "1e400"])}\n`
            : String(anyJson(r, 2)),
        },
      };
    if (which === "stageImport") return { method: which, params: { id, format: r.pick(["csv", "json", "xml"]) } };
    return { method: which, params: { id, offset: r.pick([0, 1, 7]), limit: r.pick([1, 10, 0, 1e9]) } };
  }
  if (roll < 0.9)
    return {
      method: "importDump",
      params: {
        sql: r.chance(0.5)
          ? sql(r)
          : `insert into "AnalyticsSeries" (source, start, metric, value) values ('fuzz/d', '2023-01-01', 'Budget', ${r.pick(["1", "'x'", "null"])});`,
      },
    };
  // Random shapes for any method, and methods that do not exist.
  // Random shapes for any method, methods that do not exist, and Object's own names.
  const name = r.chance(0.5) ? segment(r) : r.pick(["__proto__", "constructor", "toString", "hasOwnProperty"]);
  return { method: r.chance(0.9) ? r.pick(RANDOM_METHODS) : (name as Method), params: anyJson(r, 3) };
}

/** The worker's engine service in a fresh Node worker thread, as a Transport for EngineClient. */
function threadWorker(): Transport {
  const thread = new Worker(new URL("./host.mjs", import.meta.url));
  return {
    send: (request) => thread.postMessage(request),
    onMessage: (listener) => void thread.on("message", (data: WorkerMessage) => listener(data)),
    onClose: (listener) => void thread.on("error", (e: Error) => listener(e.message)),
    close: () => void thread.terminate(),
  };
}

const show = (v: unknown) => {
  try {
    const s = JSON.stringify(v, (_k, x) =>
      typeof x === "number" && !Number.isFinite(x) ? String(x) : x === undefined ? "(undefined)" : x,
    );
    return s === undefined ? String(v) : s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s;
  } catch {
    return String(v);
  }
};

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(Object.assign(new Error(`no answer after ${ms} ms`), { timeout: true })), ms).unref(),
    ),
  ]);

export async function runFuzz({
  cases,
  seed,
  timeoutMs = 20_000,
  count = 300,
  log = () => undefined,
}: FuzzOptions): Promise<FuzzReport> {
  const unhandled: string[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.on("unhandledRejection", onUnhandled);
  process.on("uncaughtException", onUnhandled);
  const client = new EngineClient(threadWorker(), threadWorker);
  const boot = () => withTimeout(client.boot({ count, seed: 7 }), 120_000);
  await boot();
  const r = prng(seed);
  const report: FuzzReport = {
    cases,
    seed,
    elapsedMs: 0,
    outcomes: {},
    byMethod: {},
    failures: [],
    internal: [],
    slowestMs: 0,
    restarts: 0,
    unhandled,
  };
  const t0 = performance.now();
  try {
    for (let i = 0; i < cases; i++) {
      const { method, params } = nextCase(r);
      const c0 = performance.now();
      let outcome: string;
      let message = "";
      try {
        await withTimeout(client.call(method, params as never), timeoutMs);
        outcome = "ok";
      } catch (e) {
        message = e instanceof Error ? e.message : String(e);
        // An internal error thrown as TypeError, RangeError… is a bug in the worker; a plain Error is a refusal without a kind.
        outcome =
          e instanceof RpcError
            ? e.kind === "internal" && e.errorClass && e.errorClass !== "Error"
              ? `bug:${e.errorClass}`
              : `error:${e.kind}`
            : (e as { timeout?: boolean }).timeout
              ? "timeout"
              : "unexpected";
      }
      const ms = performance.now() - c0;
      report.slowestMs = Math.max(report.slowestMs, ms);
      report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
      const m = (report.byMethod[method in RANDOM_METHODS_SET ? method : "(unknown method)"] ??= {});
      m[outcome] = (m[outcome] ?? 0) + 1;
      const entry = { method, params: show(params), outcome, message: message.slice(0, 300) };
      if (
        outcome === "timeout" ||
        outcome === "unexpected" ||
        outcome === "error:crashed" ||
        outcome.startsWith("bug:")
      )
        report.failures.push(entry);
      else if (
        outcome === "error:sql" &&
        !SQL_METHODS.has(method) &&
        !report.internal.some((x) => x.message.slice(0, 60) === entry.message.slice(0, 60))
      )
        report.internal.push(entry);
      else if (
        outcome === "error:internal" &&
        !report.internal.some((x) => x.method === method && x.message.slice(0, 60) === entry.message.slice(0, 60))
      )
        report.internal.push(entry);
      if (outcome === "timeout" || client.health.state === "dead") {
        // As the page's Cancel / Restart: a new worker on a fresh demo.
        client.restart();
        report.restarts++;
        await boot();
      }
      if ((i + 1) % 1000 === 0)
        log(`${i + 1} cases · ${((performance.now() - t0) / 1000).toFixed(1)} s · ${show(report.outcomes)}`);
    }
    // Still answering: a plain query runs.
    try {
      await withTimeout(
        client.execute({
          metrics: ["Budget"],
          select: { budget: ["atlas"] },
          lod: { budget: 2 },
          granularity: "annual",
        }),
        timeoutMs,
      );
    } catch (e) {
      report.failures.push({
        method: "execute",
        params: "(the final check)",
        outcome: "final check",
        message: e instanceof Error ? e.message : String(e),
      });
    }
  } finally {
    report.elapsedMs = performance.now() - t0;
    client.terminate();
    process.off("unhandledRejection", onUnhandled);
    process.off("uncaughtException", onUnhandled);
  }
  return report;
}

/** Methods that take SQL: a Postgres error is their answer. From any other method it means input reached SQL unchecked. */
const SQL_METHODS = new Set<string>(["raw", "explain", "importDump"]);
const RANDOM_METHODS_SET: Record<string, true> = Object.fromEntries(RANDOM_METHODS.map((m) => [m, true]));

/** The report as the CLI prints it. */
export function formatReport(r: FuzzReport): string {
  const lines = [
    `fuzz: ${r.cases.toLocaleString("en-US")} cases (seed ${r.seed}) in ${(r.elapsedMs / 1000).toFixed(1)} s · ${(r.elapsedMs / r.cases).toFixed(1)} ms/case · slowest ${r.slowestMs.toFixed(0)} ms · worker restarts ${r.restarts}`,
    "outcomes:",
    ...Object.entries(r.outcomes)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `  ${k.padEnd(16)} ${String(n).padStart(6)}`),
    "by method:",
    ...Object.entries(r.byMethod)
      .sort()
      .map(
        ([m, o]) =>
          `  ${m.padEnd(20)} ${Object.entries(o)
            .sort((a, b) => b[1] - a[1])
            .map(([k, n]) => `${k} ${n}`)
            .join(" · ")}`,
      ),
    `unhandled errors in this process: ${r.unhandled.length}`,
    `failures (exceptions in the worker, crashes, timeouts): ${r.failures.length}`,
    ...r.failures.slice(0, 20).map((f) => `  ${f.outcome} ${f.method}: ${f.message}\n    params ${f.params}`),
    `refusals without a field (internal, or SQL errors from methods that take no SQL; distinct): ${r.internal.length}`,
    ...r.internal.slice(0, 10).map((f) => `  ${f.outcome} ${f.method}: ${f.message}\n    params ${f.params}`),
  ];
  return lines.join("\n");
}
