/**
 * Benchmark: our store and query engine against the reference (@powerhousedao/analytics-engine-*
 * 0.6.4 on PGlite 0.3.15), on the seeded demo workload (`generateDemoSeries`, seed 42).
 *
 *   npm run bench                                  # sizes 2000, 20000, 200000
 *   npm run bench -- --sizes 2000,20000 --json bench-results.json
 *   npm run bench -- --pg local                    # ours on a throwaway PostgreSQL, 200k and 1M
 *   npm run bench -- --pg postgres://u@host/db     # …or on a server (BENCH_PG_URL works too)
 *   npm run bench -- --pg local --pg-set work_mem=64MB   # session settings for the bench's connections
 *
 * Each (engine, size) runs in its own child process, so that memory figures are that engine's
 * alone and one run cannot warm or slow the next. Per run: PGlite init, ingest of all series in
 * one `addSeriesValues` call, RSS and heap after the load (after a GC), one untimed warm-up
 * query, then the timed queries through `AnalyticsQueryEngine.execute`: the demo default
 * monthly query (5 times, median; once for the reference above 2,000) and 36 dashboard queries.
 *
 * With `--pg`, the same workload runs on `PostgresAnalyticsStore` instead (default sizes 200,000
 * and 1,000,000), each size in a fresh database created on the server and dropped afterwards;
 * `local` starts a throwaway cluster (test/support/postgres.ts) for the run. No reference there.
 *
 * The reference runs at sizes ≤ 20,000 only, twice: as it ships, and ANALYZEd after the load
 * (it never analyzes, and PGlite has no autovacuum, so as shipped it plans on empty statistics).
 * At 2,000 both run every query; above that, as shipped only the demo's default monthly query and
 * the first two dashboard queries (≈ 25 s each at 20,000), analyzed the first eight; each ratio
 * is taken over the queries that reference ran, for both engines.
 *
 * Before the demo sizes, in their own child processes (bench/scenarios.ts): writes of 1, 10, 100
 * and 1,000 series per call (ours and the reference), a 200-series store (ours and both
 * references) and real-shaped stores of 700 and 5,000 series (bench/realShaped.ts).
 */
import { execFileSync, fork } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_DEFAULTS, generateDemoSeries } from "../src/demo/generator.js";
import { AnalyticsGranularity as G, granularityNames } from "../src/engine/index.js";
import { createOurs, createReference, type EngineHandle } from "../test/support/engines.js";
import { createOursOnPostgres, postgresDatabases, type PostgresTarget } from "./postgres.js";
import { runStoreQueries, runWrites, type Engine, type StoreQueriesResult, type WritesResult } from "./scenarios.js";
import { DEMO_DEFAULT_MONTHLY, dashboardQueries, percentile, type QuerySpec } from "./workload.js";

export { DEMO_DEFAULT_MONTHLY, dashboardQueries };

const DEFAULT_SIZES = [2_000, 20_000, 200_000];
const DEFAULT_PG_SIZES = [200_000, 1_000_000];
/** Above this many series the reference is not run at all. */
const REFERENCE_MAX_SIZE = 20_000;
/** Dashboard queries per run (the demo default comes on top). */
const DASHBOARD_QUERIES = 36;
/** Timings of the demo default per run (median reported); the reference above 2,000 runs it once. */
const DEMO_REPEATS = 5;
/** Above 2,000 series the reference runs the demo default plus this many dashboard queries. */
const REFERENCE_LARGE_DASHBOARD_QUERIES = 2;
/** …and the analyzed reference, whose queries take a fraction of a second, this many. */
const ANALYZED_LARGE_DASHBOARD_QUERIES = 8;
/** The small-work scenarios: a small store, and real-shaped stores up to 5,000 series. */
const SMALL_STORE = 200;
const REAL_SHAPED_SIZES = [700, 5_000];

/** `postgres`: our engine on PostgresAnalyticsStore (the `--pg` run); `reference-analyzed`: ANALYZE after the load. */
type EngineName = EngineHandle["name"] | "postgres" | "reference-analyzed";

/** `ms` is the median of `samples` when a query was timed more than once. */
type TimedQuery = { name: string; ms: number; periods: number; rows: number; samples?: number[] };

export type RunResult = {
  engine: EngineName;
  size: number;
  initMs: number;
  ingestMs: number;
  ingestPerSecond: number;
  rssMb: number;
  heapUsedMb: number;
  /** On PostgreSQL: the three tables with their indexes after the load. */
  databaseMb?: number;
  demoMonthly: TimedQuery;
  dashboard: TimedQuery[];
};

type Ratios = { ingest: number; queryP50: number; demoMonthly: number; sharedQueries: number };

type SizeResult = {
  size: number;
  ours: RunResult;
  reference: RunResult | null;
  analyzed: RunResult | null;
  /** Reference time ÷ ours, over the queries both ran. */
  ratios: Ratios | null;
  analyzedRatios: Ratios | null;
};

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

function describeQuery(q: QuerySpec): string {
  const sel = Object.entries(q.select).map(([d, p]) => `${d}=${p.join(",")}@${q.lod[d]}`);
  return `${granularityNames[q.granularity]} ${q.start?.slice(0, 4)}–${q.end ? Number(q.end.slice(0, 4)) - 1 : "…"} ${q.metrics.join("+")} ${q.currency ?? "all units"} ${sel.join(" ")}`;
}

function countRows(result: unknown): { periods: number; rows: number } {
  const periods = result as Array<{ rows: unknown[] }>;
  return { periods: periods.length, rows: periods.reduce((n, p) => n + p.rows.length, 0) };
}

async function timeQuery(engine: EngineHandle, name: string, spec: QuerySpec): Promise<TimedQuery> {
  const t0 = performance.now();
  const result = await engine.execute(spec);
  const ms = performance.now() - t0;
  return { name, ms, ...countRows(result) };
}

/** Queries the reference runs at a size: all of them at 2,000, a few above. */
function referenceQueryCount(size: number, engine: EngineName): number {
  if (size <= 2_000) return DASHBOARD_QUERIES;
  return engine === "reference-analyzed" ? ANALYZED_LARGE_DASHBOARD_QUERIES : REFERENCE_LARGE_DASHBOARD_QUERIES;
}

/** One engine at one size, in this (child) process; `postgres` runs on the database at `url`. */
async function runOne(engine: EngineName, size: number, url?: string): Promise<RunResult> {
  const inputs = generateDemoSeries({ seed: DEMO_DEFAULTS.seed, count: size });
  if (inputs.length !== size) throw new Error(`the demo generator gave ${inputs.length} series for ${size}`);
  const isReference = engine === "reference" || engine === "reference-analyzed";
  const queries = dashboardQueries(DASHBOARD_QUERIES).slice(
    0,
    isReference ? referenceQueryCount(size, engine) : DASHBOARD_QUERIES,
  );
  const t0 = performance.now();
  const handle =
    engine === "ours"
      ? await createOurs()
      : engine === "postgres"
        ? await createOursOnPostgres(url!)
        : await createReference();
  const initMs = performance.now() - t0;
  const load = handle.prepare(inputs);
  const t1 = performance.now();
  await load();
  const ingestMs = performance.now() - t1;
  if (engine === "reference-analyzed") await handle.analyze!();
  globalThis.gc?.();
  const mem = process.memoryUsage();
  const databaseMb =
    "databaseBytes" in handle
      ? mb(await (handle as Awaited<ReturnType<typeof createOursOnPostgres>>).databaseBytes())
      : undefined;
  // Warm-up (untimed): a small total query, so that the first timed one pays no cold start.
  await handle.execute({
    ...DEMO_DEFAULT_MONTHLY,
    granularity: G.Total,
    metrics: ["Budget"],
    select: { budget: ["atlas/legacy/core-units/SES-001"] },
    lod: { budget: 4 },
  });
  // The demo default is timed DEMO_REPEATS times (median), except where one run takes seconds.
  const repeats = isReference && size > 2_000 ? 1 : DEMO_REPEATS;
  const demoRuns: TimedQuery[] = [];
  for (let i = 0; i < repeats; i++)
    demoRuns.push(await timeQuery(handle, "demo default monthly", DEMO_DEFAULT_MONTHLY));
  const samples = demoRuns.map((q) => q.ms);
  const demoMonthly: TimedQuery = { ...demoRuns[0], ms: percentile(samples, 50), samples };
  const dashboard: TimedQuery[] = [];
  for (const [i, q] of queries.entries()) dashboard.push(await timeQuery(handle, `#${i + 1} ${describeQuery(q)}`, q));
  await handle.destroy();
  return {
    engine,
    size,
    initMs,
    ingestMs,
    ingestPerSecond: size / (ingestMs / 1000),
    rssMb: mb(mem.rss),
    heapUsedMb: mb(mem.heapUsed),
    databaseMb,
    demoMonthly,
    dashboard,
  };
}

/** One child process's work: a demo-workload run, the writes, or queries on a small or real-shaped store. */
type Job =
  | { kind: "demo"; engine: EngineName; size: number; url?: string }
  | { kind: "writes"; engine: Engine }
  | { kind: "store"; engine: Engine; workload: StoreQueriesResult["workload"]; size: number };

function runJob(job: Job): Promise<unknown> {
  if (job.kind === "demo") return runOne(job.engine, job.size, job.url);
  if (job.kind === "writes") return runWrites(job.engine);
  return runStoreQueries(job.engine, job.workload, job.size);
}

/** Runs a job in a fresh child process with --expose-gc. */
function inChild<T>(job: Job): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ["--child", JSON.stringify(job)], {
      execArgv: [...process.execArgv, "--expose-gc", "--max-old-space-size=8192"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let result: T | null = null;
    child.on("message", (m) => (result = m as T));
    child.on("error", reject);
    child.on("exit", (code) =>
      result && code === 0 ? resolve(result) : reject(new Error(`${JSON.stringify(job)}: child exited with ${code}`)),
    );
  });
}

function runInChild(engine: EngineName, size: number, url?: string): Promise<RunResult> {
  return inChild<RunResult>({ kind: "demo", engine, size, url });
}

function machineInfo() {
  // Read from node_modules directly: these packages' export maps hide package.json.
  const version = (pkg: string) => {
    try {
      const file = fileURLToPath(new URL(`../node_modules/${pkg}/package.json`, import.meta.url));
      return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
    } catch {
      return "?";
    }
  };
  const git = (args: string[]) => {
    try {
      return execFileSync("git", args, {
        cwd: fileURLToPath(new URL("..", import.meta.url)),
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
    } catch {
      return null;
    }
  };
  const head = git(["rev-parse", "--short", "HEAD"]);
  const dirty = git(["status", "--porcelain", "--", "src/engine"]);
  return {
    revision:
      head === null ? "unknown (not a git checkout)" : `${head}${dirty ? " + uncommitted changes in src/engine" : ""}`,
    loadAverage: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" "),
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    oursPglite: version("@electric-sql/pglite"),
    referenceEngine: version("@powerhousedao/analytics-engine-core"),
    referencePglite: version("pglite-ref"),
  };
}

type Args = { sizes: number[]; json: string | null; pg: PostgresTarget | null };

function parseArgs(argv: string[]): Args {
  let sizes: number[] | null = null;
  let json: string | null = null;
  let pg: string | null = process.env.BENCH_PG_URL || null;
  const pgSettings: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => inline ?? argv[++i];
    if (flag === "--sizes") {
      sizes = value()
        .split(",")
        .map((s) => Number(s.trim().replace(/_/g, "").replace(/k$/i, "000").replace(/m$/i, "000000")));
      if (sizes.some((s) => !Number.isInteger(s) || s <= 0))
        throw new Error(`--sizes wants whole numbers such as 2000,20000; got ${argv[i]}`);
    } else if (flag === "--json") {
      json = value();
      if (!json) throw new Error("--json wants a file name");
    } else if (flag === "--pg") {
      pg = value();
      if (!pg) throw new Error("--pg wants a connection string (postgres://user@host:5432/db) or local");
    } else if (flag === "--pg-set") {
      pgSettings.push(
        ...value()
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean),
      );
    } else {
      throw new Error(
        `unknown argument ${argv[i]}; use --sizes 2000,20000, --json <file>, --pg <connection string|local> and --pg-set name=value`,
      );
    }
  }
  if (pgSettings.length > 0 && pg === null) throw new Error("--pg-set goes with --pg");
  const target: PostgresTarget | null =
    pg === null ? null : pg === "local" ? { local: true, settings: pgSettings } : { url: pg, settings: pgSettings };
  return { sizes: sizes ?? (target ? DEFAULT_PG_SIZES : DEFAULT_SIZES), json, pg: target };
}

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : "–";

/** Ingest series/s, ingest s, query count, p50, p95 and the demo query: the columns both tables share. */
function speedCells(run: {
  ingestPerSecond: number;
  ingestMs: number;
  dashboard: { ms: number }[];
  demoMonthly: { ms: number };
}): string[] {
  const ms = run.dashboard.map((q) => q.ms);
  return [
    fmt(run.ingestPerSecond),
    fmt(run.ingestMs / 1000, 2),
    String(run.dashboard.length),
    fmt(percentile(ms, 50), 1),
    fmt(percentile(ms, 95), 1),
    fmt(run.demoMonthly.ms, 1),
  ];
}
const times = (n: number) => (Number.isFinite(n) ? `${fmt(n, n >= 100 ? 0 : 1)}×` : "–");

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  return [
    line(head),
    `|${widths.map((w, i) => (i === 0 ? ` ${"-".repeat(w)} ` : ` ${"-".repeat(w - 1)}: `)).join("|")}|`,
    ...rows.map(line),
  ].join("\n");
}

/** Reference time ÷ ours over the queries the reference ran (its dashboard queries are a prefix of ours). */
function ratiosOf(ours: RunResult, reference: RunResult | null): Ratios | null {
  if (!reference) return null;
  const shared = (run: RunResult) =>
    run.dashboard
      .slice(0, reference.dashboard.length)
      .map((q) => q.ms)
      .concat(run.demoMonthly.ms);
  return {
    ingest: ours.ingestPerSecond / reference.ingestPerSecond,
    queryP50: percentile(shared(reference), 50) / percentile(shared(ours), 50),
    demoMonthly: reference.demoMonthly.ms / ours.demoMonthly.ms,
    sharedQueries: reference.dashboard.length + 1,
  };
}

function report(results: SizeResult[]): string {
  const engineRows: string[][] = [];
  for (const r of results) {
    for (const [label, run] of [
      ["ours", r.ours],
      ["reference", r.reference],
      ["reference analyzed", r.analyzed],
    ] as const) {
      if (!run) engineRows.push([fmt(r.size), label, "skipped", "–", "–", "–", "–", "–", "–", "–"]);
      else engineRows.push([fmt(r.size), label, ...speedCells(run), fmt(run.rssMb), fmt(run.heapUsedMb)]);
    }
  }
  const head = [
    "series",
    "engine",
    "ingest series/s",
    "ingest s",
    "dashboard queries",
    "query p50 ms",
    "query p95 ms",
    "demo monthly ms",
    "RSS MB",
    "heap MB",
  ];
  const ratioTable = (pick: (r: SizeResult) => Ratios | null) =>
    table(
      ["series", "ingest ×", "same queries", "query p50 ×", "demo monthly ×"],
      results
        .filter((r) => pick(r))
        .map((r) => {
          const x = pick(r)!;
          return [fmt(r.size), times(x.ingest), String(x.sharedQueries), times(x.queryP50), times(x.demoMonthly)];
        }),
    );
  return [
    table(head, engineRows),
    "\nThe reference is skipped above 20k: it needs minutes.",
    "\nRatios against the reference ANALYZED after loading (reference time ÷ ours, over the queries both ran):\n",
    ratioTable((r) => r.analyzedRatios),
    "\nRatios against the reference as it ships (no ANALYZE: plans on empty statistics):\n",
    ratioTable((r) => r.ratios),
  ].join("\n");
}

function writesReport(writes: WritesResult[]): string {
  const rows = writes.flatMap((w) =>
    w.rows.map((r) => [w.engine, fmt(r.perCall), String(r.calls), fmt(r.medianMs, 2), fmt(r.seriesPerSecond)]),
  );
  return table(["engine", "series per call", "calls", "median ms per call", "series/s"], rows);
}

function storesReport(stores: StoreQueriesResult[]): string {
  const rows = stores.map((x) => [
    `${x.workload} ${fmt(x.size)}`,
    fmt(x.paths),
    x.engine,
    String(x.queries),
    fmt(x.firstMs, 1),
    fmt(x.p50, 2),
    fmt(x.p95, 1),
    fmt(x.max, 1),
    fmt(x.maxAfterFirst, 1),
    fmt(x.afterWriteMs, 1),
  ]);
  return table(
    [
      "store",
      "paths",
      "engine",
      "queries",
      "first ms",
      "p50 ms",
      "p95 ms",
      "max ms",
      "max after the first ms",
      "after a write ms",
    ],
    rows,
  );
}

function targets(results: SizeResult[], writes: WritesResult[], stores: StoreQueriesResult[]): string[] {
  const lines: string[] = [];
  const verdict = (ok: boolean) => (ok ? "MET   " : "MISSED");
  const ours = writes.find((w) => w.engine === "ours");
  for (const [perCall, goal] of [
    [1, 1.5],
    [10, 2.5],
  ]) {
    const row = ours?.rows.find((r) => r.perCall === perCall);
    if (row)
      lines.push(
        `${verdict(row.medianMs <= goal)} ${perCall}-series write ≤ ${goal} ms median: ${fmt(row.medianMs, 2)} ms`,
      );
  }
  const batch = ours?.rows.find((r) => r.perCall === 1_000);
  if (batch)
    lines.push(
      `${verdict(batch.seriesPerSecond >= 100_000)} 1,000-series batches ≥ 100,000 series/s: ${fmt(batch.seriesPerSecond)} series/s`,
    );
  for (const x of stores.filter((x) => x.engine === "ours")) {
    if (x.workload === "demo")
      lines.push(`${verdict(x.p50 <= 3)} query on a ${fmt(x.size)}-series store ≤ 3 ms (p50): ${fmt(x.p50, 2)} ms`);
    else
      lines.push(
        `${verdict(x.max <= 20)} no query over 20 ms on a real-shaped ${fmt(x.size)}-series store: max ${fmt(x.max, 1)} ms (the first after the load ${fmt(x.firstMs, 1)}, the rest ${fmt(x.maxAfterFirst, 1)}; p50 ${fmt(x.p50, 2)})`,
      );
  }
  for (const r of results) {
    if (r.size === 20_000 && r.analyzedRatios) {
      lines.push(
        `${verdict(r.analyzedRatios.queryP50 >= 20)} 20,000 series: queries ≥ 20× the analyzed reference: ${times(r.analyzedRatios.queryP50)}`,
      );
    }
    if (r.size === 20_000) {
      const p50 = percentile(
        r.ours.dashboard.map((q) => q.ms),
        50,
      );
      lines.push(`${verdict(p50 <= 10)} 20,000 series: dashboard query p50 ≤ 10 ms: ${fmt(p50, 1)} ms`);
    }
    if (r.size === 200_000)
      lines.push(
        `${verdict(r.ours.demoMonthly.ms <= 150)} 200,000 series: demo monthly ≤ 150 ms: ${fmt(r.ours.demoMonthly.ms, 1)} ms`,
      );
  }
  return lines;
}

async function main(): Promise<void> {
  const { sizes, json, pg } = parseArgs(process.argv.slice(2));
  if (pg) return mainPostgres(sizes, json, pg);
  const machine = machineInfo();
  console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.platform}`);
  console.log(
    `Node ${machine.node}; ours on PGlite ${machine.oursPglite}; reference analytics-engine ${machine.referenceEngine} on PGlite ${machine.referencePglite}`,
  );
  console.log(`Engine revision: ${machine.revision}; load average before the run: ${machine.loadAverage}`);
  const busy = os.loadavg()[0];
  if (busy > machine.cores * 0.75) {
    console.log(
      `WARNING: load average ${busy.toFixed(2)} on ${machine.cores} cores: other processes compete for the CPU, so every figure below is pessimistic and the ratios noisy.`,
    );
  }
  console.log(
    `Workload: generateDemoSeries({ seed: ${DEMO_DEFAULTS.seed}, count }) at ${sizes.map((s) => fmt(s)).join(", ")} series`,
  );
  console.log(
    `Queries: the demo default monthly (${describeQuery(DEMO_DEFAULT_MONTHLY)}) + ${DASHBOARD_QUERIES} dashboard queries`,
  );
  const started = performance.now();
  console.log("\n[writes] 1, 10, 100 and 1,000 series per addSeriesValues call, on a store of 2,000…");
  const writes: WritesResult[] = [];
  for (const engine of ["ours", "reference"] as const)
    writes.push(await inChild<WritesResult>({ kind: "writes", engine }));
  const stores: StoreQueriesResult[] = [];
  console.log(
    `[stores] a ${fmt(SMALL_STORE)}-series store and real-shaped stores of ${REAL_SHAPED_SIZES.map((n) => fmt(n)).join(" and ")}…`,
  );
  for (const engine of ["ours", "reference", "reference-analyzed"] as const)
    stores.push(await inChild({ kind: "store", engine, workload: "demo", size: SMALL_STORE }));
  for (const size of REAL_SHAPED_SIZES)
    stores.push(await inChild({ kind: "store", engine: "ours", workload: "real-shaped", size }));
  stores.push(
    await inChild({ kind: "store", engine: "reference-analyzed", workload: "real-shaped", size: REAL_SHAPED_SIZES[0] }),
  );
  const results: SizeResult[] = [];
  for (const size of sizes) {
    console.log(`\n[${fmt(size)} series] ours…`);
    const ours = await runInChild("ours", size);
    console.log(
      `  ingest ${fmt(ours.ingestPerSecond)} series/s, demo monthly ${fmt(ours.demoMonthly.ms, 1)} ms, query p50 ${fmt(
        percentile(
          ours.dashboard.map((q) => q.ms),
          50,
        ),
        1,
      )} ms`,
    );
    let reference: RunResult | null = null;
    let analyzed: RunResult | null = null;
    if (size <= REFERENCE_MAX_SIZE) {
      console.log(
        `[${fmt(size)} series] reference as shipped (demo monthly + ${referenceQueryCount(size, "reference")} dashboard queries)…`,
      );
      reference = await runInChild("reference", size);
      console.log(
        `[${fmt(size)} series] reference analyzed (demo monthly + ${referenceQueryCount(size, "reference-analyzed")} dashboard queries)…`,
      );
      analyzed = await runInChild("reference-analyzed", size);
    } else {
      console.log(`[${fmt(size)} series] reference: skipped above 20k: the reference needs minutes`);
    }
    results.push({
      size,
      ours,
      reference,
      analyzed,
      ratios: ratiosOf(ours, reference),
      analyzedRatios: ratiosOf(ours, analyzed),
    });
  }
  const totalSeconds = (performance.now() - started) / 1000;
  console.log(`\n${report(results)}\n`);
  console.log(`Writes (median of each call size):\n\n${writesReport(writes)}\n`);
  console.log(
    `Small and real-shaped stores (two passes over the queries; "first" is the first query after the load):\n\n${storesReport(stores)}\n`,
  );
  console.log("Targets:");
  for (const line of targets(results, writes, stores)) console.log(`  ${line}`);
  console.log(
    `\nTotal bench time ${fmt(totalSeconds)} s; load average after the run: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}.`,
  );
  if (json) {
    writeFileSync(
      json,
      JSON.stringify({ machine, date: new Date().toISOString(), totalSeconds, results, writes, stores }, null, 2) +
        "\n",
    );
    console.log(`Results written to ${json}`);
  }
}

/** The `--pg` run: our engine on PostgreSQL at each size, in a fresh database per size. */
async function mainPostgres(sizes: number[], json: string | null, target: PostgresTarget): Promise<void> {
  const machine = machineInfo();
  console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.platform}`);
  console.log(`Engine revision: ${machine.revision}; load average before the run: ${machine.loadAverage}`);
  const busy = os.loadavg()[0];
  if (busy > machine.cores * 0.75)
    console.log(
      `WARNING: load average ${busy.toFixed(2)} on ${machine.cores} cores: other processes compete for the CPU.`,
    );
  const started = performance.now();
  const results: RunResult[] = [];
  await postgresDatabases(target, async (server, database) => {
    console.log(
      `PostgreSQL: ${server.version}; ${server.settings}${target.local ? " (a throwaway local cluster: fsync off, as test/support/postgres.ts starts it)" : ""}`,
    );
    console.log(
      `Workload: generateDemoSeries({ seed: ${DEMO_DEFAULTS.seed}, count }) at ${sizes.map((s) => fmt(s)).join(", ")} series, one addSeriesValues call`,
    );
    console.log(
      `Queries: the demo default monthly (${describeQuery(DEMO_DEFAULT_MONTHLY)}) + ${DASHBOARD_QUERIES} dashboard queries`,
    );
    for (const size of sizes) {
      console.log(`\n[${fmt(size)} series] ours on PostgreSQL…`);
      const run = await database(size, (url) => runInChild("postgres", size, url));
      console.log(
        `  ingest ${fmt(run.ingestPerSecond)} series/s, demo monthly ${fmt(run.demoMonthly.ms, 1)} ms, query p50 ${fmt(
          percentile(
            run.dashboard.map((q) => q.ms),
            50,
          ),
          1,
        )} ms`,
      );
      results.push(run);
    }
  });
  const rows = results.map((run) => {
    return [
      fmt(run.size),
      ...speedCells(run),
      run.demoMonthly.samples!.map((x) => fmt(x, 0)).join(", "),
      fmt(run.databaseMb ?? NaN),
      fmt(run.heapUsedMb),
    ];
  });
  const head = [
    "series",
    "ingest series/s",
    "ingest s",
    "dashboard queries",
    "query p50 ms",
    "query p95 ms",
    "demo monthly ms",
    "demo samples ms",
    "database MB",
    "Node heap MB",
  ];
  console.log(`\nOurs on PostgresAnalyticsStore:\n\n${table(head, rows)}\n`);
  const totalSeconds = (performance.now() - started) / 1000;
  console.log(
    `Total bench time ${fmt(totalSeconds)} s; load average after the run: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}.`,
  );
  if (json) {
    writeFileSync(
      json,
      JSON.stringify({ machine, date: new Date().toISOString(), totalSeconds, postgres: results }, null, 2) + "\n",
    );
    console.log(`Results written to ${json}`);
  }
}

if (process.argv[2] === "--child") {
  runJob(JSON.parse(process.argv[3]) as Job).then(
    (result) => {
      // Exit once the result is sent: a store may keep a handle open after destroy().
      process.send!(result, () => process.exit(0));
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
} else if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Only as the entry point: importing this file (for its queries) runs nothing.
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
