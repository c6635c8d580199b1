// The browser bench page: runs the Node bench's workload in a worker and shows the figures. The
// main thread only draws the table and watches for long tasks: a query running in the worker
// must never block the page (no main-thread task over 50 ms).
import type { BenchMessage, BenchSizeResult } from "./protocol.js";

type BenchState = {
  done: boolean;
  error?: string;
  results: BenchSizeResult[];
  longTasks: { count: number; maxMs: number };
  userAgent: string;
};
const state: BenchState = {
  done: false,
  results: [],
  longTasks: { count: 0, maxMs: 0 },
  userAgent: navigator.userAgent,
};
Object.assign(window, { __bench: state });

const params = new URLSearchParams(location.search);
const sizes = (params.get("sizes") ?? "2000,20000,200000")
  .split(",")
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
const queries = Math.max(1, Number(params.get("queries") ?? 30));

const status = document.getElementById("status")!;
const body = document.querySelector("#results tbody")!;
const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    state.longTasks.count++;
    state.longTasks.maxMs = Math.max(state.longTasks.maxMs, e.duration);
  }
}).observe({ type: "longtask", buffered: false });

function addRow(r: BenchSizeResult) {
  const tr = document.createElement("tr");
  for (const cell of [
    fmt(r.size),
    fmt(r.initMs),
    fmt(r.ingestMs),
    fmt(r.ingestPerSecond),
    fmt(r.demoMonthlyMs, 1),
    String(r.queries),
    fmt(r.p50Ms, 1),
    fmt(r.p95Ms, 1),
  ]) {
    const td = document.createElement("td");
    td.textContent = cell;
    tr.appendChild(td);
  }
  body.appendChild(tr);
}

const worker = new Worker(new URL("./benchWorker.ts", import.meta.url), { type: "module", name: "bench" });
worker.onmessage = (event: MessageEvent<BenchMessage>) => {
  const m = event.data;
  if (m.type === "progress") status.textContent = m.text;
  else if (m.type === "size") {
    state.results.push(m.result);
    addRow(m.result);
  } else if (m.type === "error") {
    state.error = m.message;
    state.done = true;
    status.textContent = `failed: ${m.message}`;
  } else {
    state.done = true;
    status.textContent = `done; main-thread long tasks during the run: ${state.longTasks.count} (longest ${fmt(state.longTasks.maxMs)} ms)`;
  }
};
status.textContent = `starting: sizes ${sizes.join(", ")}, ${queries} dashboard queries each`;
worker.postMessage({ sizes, queries });
