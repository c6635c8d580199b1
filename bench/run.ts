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
 * The reference runs at sizes ≤ 20,000 only. At 2,000 it runs every query; above that it runs
 * only the demo's default monthly query and the first two dashboard queries (≈ 25 s each at
 * 20,000), and the query ratio is taken over those same queries for both engines.
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

/** `postgres`: our engine on PostgresAnalyticsStore (the `--pg` run). */
type EngineName = EngineHandle["name"] | "postgres";

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

type SizeResult = {
  size: number;
  ours: RunResult;
  reference: RunResult | null;
  /** Names of the queries both engines ran (the ratio's basis). */
  sharedQueries: string[];
  ratios: { ingest: number; queryP50: number; demoMonthly: number } | null;
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
function referenceQueryCount(size: number): number {
  return size <= 2_000 ? DASHBOARD_QUERIES : REFERENCE_LARGE_DASHBOARD_QUERIES;
}

/** One engine at one size, in this (child) process; `postgres` runs on the database at `url`. */
async function runOne(engine: EngineName, size: number, url?: string): Promise<RunResult> {
  const inputs = generateDemoSeries({ seed: DEMO_DEFAULTS.seed, count: size });
  if (inputs.length !== size) throw new Error(`the demo generator gave ${inputs.length} series for ${size}`);
  const queries = dashboardQueries(DASHBOARD_QUERIES).slice(0, engine === "reference" ? referenceQueryCount(size) : DASHBOARD_QUERIES);
  const t0 = performance.now();
  const handle = engine === "ours" ? await createOurs() : engine === "postgres" ? await createOursOnPostgres(url!) : await createReference();
  const initMs = performance.now() - t0;
  const load = handle.prepare(inputs);
  const t1 = performance.now();
  await load();
  const ingestMs = performance.now() - t1;
  globalThis.gc?.();
  const mem = process.memoryUsage();
  const databaseMb = "databaseBytes" in handle ? mb(await (handle as Awaited<ReturnType<typeof createOursOnPostgres>>).databaseBytes()) : undefined;
  // Warm-up (untimed): a small total query, so that the first timed one pays no cold start.
  await handle.execute({ ...DEMO_DEFAULT_MONTHLY, granularity: G.Total, metrics: ["Budget"], select: { budget: ["atlas/legacy/core-units/SES-001"] }, lod: { budget: 4 } });
  // The demo default is timed DEMO_REPEATS times (median), except where one run takes seconds.
  const repeats = engine === "reference" && size > 2_000 ? 1 : DEMO_REPEATS;
  const demoRuns: TimedQuery[] = [];
  for (let i = 0; i < repeats; i++) demoRuns.push(await timeQuery(handle, "demo default monthly", DEMO_DEFAULT_MONTHLY));
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

/** Runs one (engine, size) in a fresh child process with --expose-gc. */
function runInChild(engine: EngineName, size: number, url?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ["--child", engine, String(size), ...(url ? [url] : [])], {
      execArgv: [...process.execArgv, "--expose-gc", "--max-old-space-size=8192"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let result: RunResult | null = null;
    child.on("message", (m) => (result = m as RunResult));
    child.on("error", reject);
    child.on("exit", (code) => (result && code === 0 ? resolve(result) : reject(new Error(`${engine} at ${size} series: child exited with ${code}`))));
  });
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
      return execFileSync("git", args, { cwd: fileURLToPath(new URL("..", import.meta.url)), encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      return null;
    }
  };
  const head = git(["rev-parse", "--short", "HEAD"]);
  const dirty = git(["status", "--porcelain", "--", "src/engine"]);
  return {
    revision: head === null ? "unknown (not a git checkout)" : `${head}${dirty ? " + uncommitted changes in src/engine" : ""}`,
    loadAverage: os.loadavg().map((l) => l.toFixed(2)).join(" "),
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
      if (sizes.some((s) => !Number.isInteger(s) || s <= 0)) throw new Error(`--sizes wants whole numbers such as 2000,20000; got ${argv[i]}`);
    } else if (flag === "--json") {
      json = value();
      if (!json) throw new Error("--json wants a file name");
    } else if (flag === "--pg") {
      pg = value();
      if (!pg) throw new Error("--pg wants a connection string (postgres://user@host:5432/db) or local");
    } else if (flag === "--pg-set") {
      pgSettings.push(...value().split(",").map((x) => x.trim()).filter(Boolean));
    } else {
      throw new Error(`unknown argument ${argv[i]}; use --sizes 2000,20000, --json <file>, --pg <connection string|local> and --pg-set name=value`);
    }
  }
  if (pgSettings.length > 0 && pg === null) throw new Error("--pg-set goes with --pg");
  const target: PostgresTarget | null = pg === null ? null : pg === "local" ? { local: true, settings: pgSettings } : { url: pg, settings: pgSettings };
  return { sizes: sizes ?? (target ? DEFAULT_PG_SIZES : DEFAULT_SIZES), json, pg: target };
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "–");

/** Ingest series/s, ingest s, query count, p50, p95 and the demo query: the columns both tables share. */
function speedCells(run: { ingestPerSecond: number; ingestMs: number; dashboard: { ms: number }[]; demoMonthly: { ms: number } }): string[] {
  const ms = run.dashboard.map((q) => q.ms);
  return [fmt(run.ingestPerSecond), fmt(run.ingestMs / 1000, 2), String(run.dashboard.length), fmt(percentile(ms, 50), 1), fmt(percentile(ms, 95), 1), fmt(run.demoMonthly.ms, 1)];
}
const times = (n: number) => (Number.isFinite(n) ? `${fmt(n, n >= 100 ? 0 : 1)}×` : "–");

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  return [line(head), `|${widths.map((w, i) => (i === 0 ? ` ${"-".repeat(w)} ` : ` ${"-".repeat(w - 1)}: `)).join("|")}|`, ...rows.map(line)].join("\n");
}

function report(results: SizeResult[]): string {
  const engineRows: string[][] = [];
  for (const r of results) {
    for (const run of [r.ours, r.reference]) {
      if (!run) {
        engineRows.push([fmt(r.size), "reference", "skipped", "–", "–", "–", "–", "–", "–", "–"]);
        continue;
      }
      engineRows.push([
        fmt(r.size),
        run.engine,
        ...speedCells(run),
        fmt(run.rssMb),
        fmt(run.heapUsedMb),
      ]);
    }
  }
  const perEngine = table(
    ["series", "engine", "ingest series/s", "ingest s", "dashboard queries", "query p50 ms", "query p95 ms", "demo monthly ms", "RSS MB", "heap MB"],
    engineRows,
  );
  const ratioRows = results
    .filter((r) => r.reference && r.ratios)
    .map((r) => {
      const shared = (run: RunResult) => run.dashboard.slice(0, r.sharedQueries.length - 1).map((q) => q.ms).concat(run.demoMonthly.ms);
      return [
        fmt(r.size),
        times(r.ratios!.ingest),
        String(r.sharedQueries.length),
        fmt(percentile(shared(r.reference!), 50), 1),
        fmt(percentile(shared(r.ours), 50), 1),
        times(r.ratios!.queryP50),
        times(r.ratios!.demoMonthly),
      ];
    });
  const ratios = table(["series", "ingest ×", "same queries", "reference p50 ms", "ours p50 ms", "query ×", "demo monthly ×"], ratioRows);
  const skipped = results.filter((r) => !r.reference).map((r) => `Reference at ${fmt(r.size)} series: skipped above 20k: the reference needs minutes.`);
  return `${perEngine}\n${skipped.length > 0 ? `\n${skipped.join("\n")}\n` : ""}\nRatios (reference time ÷ ours; query × over the queries both engines ran):\n\n${ratios}`;
}

function targets(results: SizeResult[]): string[] {
  const lines: string[] = [];
  const verdict = (ok: boolean) => (ok ? "MET " : "MISSED");
  for (const r of results) {
    if (r.ratios) {
      lines.push(`${verdict(r.ratios.ingest >= 50)} ingest ≥ 50× the reference at ${fmt(r.size)}: ${times(r.ratios.ingest)}`);
      lines.push(`${verdict(r.ratios.queryP50 >= 100)} query ≥ 100× faster than the reference at ${fmt(r.size)}: ${times(r.ratios.queryP50)} (p50 over ${r.sharedQueries.length} shared queries)`);
    }
    lines.push(`${verdict(r.ours.ingestPerSecond >= 100_000)} ingest ≥ 100,000 series/s at ${fmt(r.size)}: ${fmt(r.ours.ingestPerSecond)} series/s`);
    if (r.size === 20_000) lines.push(`${verdict(r.ours.demoMonthly.ms <= 50)} demo monthly query ≤ 50 ms at 20,000: ${fmt(r.ours.demoMonthly.ms, 1)} ms`);
    if (r.size === 200_000) lines.push(`${verdict(r.ours.demoMonthly.ms <= 300)} demo monthly query ≤ 300 ms at 200,000: ${fmt(r.ours.demoMonthly.ms, 1)} ms`);
  }
  return lines;
}

async function main(): Promise<void> {
  const { sizes, json, pg } = parseArgs(process.argv.slice(2));
  if (pg) return mainPostgres(sizes, json, pg);
  const machine = machineInfo();
  console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.platform}`);
  console.log(`Node ${machine.node}; ours on PGlite ${machine.oursPglite}; reference analytics-engine ${machine.referenceEngine} on PGlite ${machine.referencePglite}`);
  console.log(`Engine revision: ${machine.revision}; load average before the run: ${machine.loadAverage}`);
  const busy = os.loadavg()[0];
  if (busy > machine.cores * 0.75) {
    console.log(`WARNING: load average ${busy.toFixed(2)} on ${machine.cores} cores: other processes compete for the CPU, so every figure below is pessimistic and the ratios noisy.`);
  }
  console.log(`Workload: generateDemoSeries({ seed: ${DEMO_DEFAULTS.seed}, count }) at ${sizes.map((s) => fmt(s)).join(", ")} series`);
  console.log(`Queries: the demo default monthly (${describeQuery(DEMO_DEFAULT_MONTHLY)}) + ${DASHBOARD_QUERIES} dashboard queries`);
  const started = performance.now();
  const results: SizeResult[] = [];
  for (const size of sizes) {
    console.log(`\n[${fmt(size)} series] ours…`);
    const ours = await runInChild("ours", size);
    console.log(`  ingest ${fmt(ours.ingestPerSecond)} series/s, demo monthly ${fmt(ours.demoMonthly.ms, 1)} ms, query p50 ${fmt(percentile(ours.dashboard.map((q) => q.ms), 50), 1)} ms`);
    let reference: RunResult | null = null;
    if (size <= REFERENCE_MAX_SIZE) {
      const n = referenceQueryCount(size);
      console.log(`[${fmt(size)} series] reference (demo monthly + ${n} dashboard ${n === 1 ? "query" : "queries"})…`);
      reference = await runInChild("reference", size);
      console.log(`  ingest ${fmt(reference.ingestPerSecond)} series/s, demo monthly ${fmt(reference.demoMonthly.ms, 1)} ms`);
    } else {
      console.log(`[${fmt(size)} series] reference: skipped above 20k: the reference needs minutes`);
    }
    const sharedCount = reference ? reference.dashboard.length : 0;
    const sharedQueries = reference ? [...reference.dashboard.map((q) => q.name), reference.demoMonthly.name] : [];
    const shared = (run: RunResult) => run.dashboard.slice(0, sharedCount).map((q) => q.ms).concat(run.demoMonthly.ms);
    results.push({
      size,
      ours,
      reference,
      sharedQueries,
      ratios: reference
        ? {
            ingest: ours.ingestPerSecond / reference.ingestPerSecond,
            queryP50: percentile(shared(reference), 50) / percentile(shared(ours), 50),
            demoMonthly: reference.demoMonthly.ms / ours.demoMonthly.ms,
          }
        : null,
    });
  }
  const totalSeconds = (performance.now() - started) / 1000;
  console.log(`\n${report(results)}\n`);
  console.log("Targets:");
  for (const line of targets(results)) console.log(`  ${line}`);
  console.log(`\nTotal bench time ${fmt(totalSeconds)} s; load average after the run: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}.`);
  if (json) {
    writeFileSync(json, JSON.stringify({ machine, date: new Date().toISOString(), totalSeconds, results }, null, 2) + "\n");
    console.log(`Results written to ${json}`);
  }
}

/** The `--pg` run: our engine on PostgreSQL at each size, in a fresh database per size. */
async function mainPostgres(sizes: number[], json: string | null, target: PostgresTarget): Promise<void> {
  const machine = machineInfo();
  console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.platform}`);
  console.log(`Engine revision: ${machine.revision}; load average before the run: ${machine.loadAverage}`);
  const busy = os.loadavg()[0];
  if (busy > machine.cores * 0.75) console.log(`WARNING: load average ${busy.toFixed(2)} on ${machine.cores} cores: other processes compete for the CPU.`);
  const started = performance.now();
  const results: RunResult[] = [];
  await postgresDatabases(target, async (server, database) => {
    console.log(`PostgreSQL: ${server.version}; ${server.settings}${target.local ? " (a throwaway local cluster: fsync off, as test/support/postgres.ts starts it)" : ""}`);
    console.log(`Workload: generateDemoSeries({ seed: ${DEMO_DEFAULTS.seed}, count }) at ${sizes.map((s) => fmt(s)).join(", ")} series, one addSeriesValues call`);
    console.log(`Queries: the demo default monthly (${describeQuery(DEMO_DEFAULT_MONTHLY)}) + ${DASHBOARD_QUERIES} dashboard queries`);
    for (const size of sizes) {
      console.log(`\n[${fmt(size)} series] ours on PostgreSQL…`);
      const run = await database(size, (url) => runInChild("postgres", size, url));
      console.log(`  ingest ${fmt(run.ingestPerSecond)} series/s, demo monthly ${fmt(run.demoMonthly.ms, 1)} ms, query p50 ${fmt(percentile(run.dashboard.map((q) => q.ms), 50), 1)} ms`);
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
  const head = ["series", "ingest series/s", "ingest s", "dashboard queries", "query p50 ms", "query p95 ms", "demo monthly ms", "demo samples ms", "database MB", "Node heap MB"];
  console.log(`\nOurs on PostgresAnalyticsStore:\n\n${table(head, rows)}\n`);
  const totalSeconds = (performance.now() - started) / 1000;
  console.log(`Total bench time ${fmt(totalSeconds)} s; load average after the run: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}.`);
  if (json) {
    writeFileSync(json, JSON.stringify({ machine, date: new Date().toISOString(), totalSeconds, postgres: results }, null, 2) + "\n");
    console.log(`Results written to ${json}`);
  }
}

if (process.argv[2] === "--child") {
  const engine = process.argv[3] as EngineName;
  runOne(engine, Number(process.argv[4]), process.argv[5]).then(
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
