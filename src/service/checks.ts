// How much of a result crosses to the page, the checks every backend's answers pass, and the
// test-only faults. Kept out of service.ts so it stays a dispatcher; no database here.
import { AnalyticsInputError } from "../engine/index.js";
import type { JsonValue } from "../rpc/protocol.js";
import { toRowsDto } from "./dto.js";

/** Raw SQL: rows per statement sent to the page; the statement says how many there were. */
export const MAX_RAW_ROWS = 10_000;
/** A series query: rows over all periods. More is refused with a message naming what to narrow. */
const MAX_RESULT_ROWS = 100_000;

/** A raw statement's rows as sent to the page: the first MAX_RAW_ROWS, and the total when cut (`counted`: rows the backend counted but did not keep). */
export function rawRows(rows: unknown, counted?: number): { rows: Record<string, JsonValue>[]; totalRows?: number } {
  const total = Math.max(counted ?? 0, Array.isArray(rows) ? rows.length : 0);
  // A backend may keep fewer than MAX_RAW_ROWS (a byte budget): the total is shown whenever rows were cut.
  const shown = Math.min(MAX_RAW_ROWS, Array.isArray(rows) ? rows.length : 0);
  return total > shown ? { rows: toRowsDto(rows, MAX_RAW_ROWS), totalRows: total } : { rows: toRowsDto(rows) };
}

/** Refuses a series result too large to send and draw, saying what to narrow. */
export function checkResultSize(periods: { rows: unknown[] }[]): void {
  const rows = periods.reduce((n, p) => n + p.rows.length, 0);
  if (rows <= MAX_RESULT_ROWS) return;
  const series = Math.max(0, ...periods.map((p) => p.rows.length));
  const n = (x: number) => x.toLocaleString("en-US");
  throw new AnalyticsInputError(
    "granularity",
    `the result has ${n(rows)} rows (${n(periods.length)} periods × up to ${n(series)} series), over the ${n(MAX_RESULT_ROWS)} the playground sends: ` +
      "choose a coarser granularity, a shorter start/end, a lower lod or fewer select paths",
  );
}

/** Errors after which the database cannot be trusted: a WASM trap or an Emscripten abort (out of memory). */
export function isFatal(e: unknown): boolean {
  if (typeof WebAssembly !== "undefined" && e instanceof WebAssembly.RuntimeError) return true;
  return e instanceof Error && /^Aborted\(/.test(e.message);
}

// (module (func (export "trap") unreachable))
const TRAP_WASM = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 8, 1, 4, 116, 114, 97, 112, 0, 0, 10, 5, 1, 3, 0, 0,
  11,
]);

/** Test-only faults, each as the real thing would happen. */
export function simulateFault(fault: unknown): null {
  if (fault === "uncaught") {
    // Outside any call: the page's Worker gets an `error` event, as from a bug in a callback.
    setTimeout(() => {
      throw new Error("simulated uncaught error in the engine worker");
    });
    return null;
  }
  if (fault === "trap") {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(TRAP_WASM));
    (instance.exports.trap as () => void)();
    return null;
  }
  if (fault === "hang") {
    // Never returns: only terminating the worker ends it (what cancel does).
    for (;;) {
      /* busy */
    }
  }
  throw new AnalyticsInputError("fault", `unknown fault ${JSON.stringify(fault)}; use "uncaught", "trap" or "hang"`);
}

/**
 * Postgres text cannot hold U+0000: a NUL anywhere in a query or series would reach SQL and come
 * back as "invalid byte sequence", without a field. Found here first, with its field.
 */
export function rejectNul(value: unknown, field: string, depth = 0): void {
  if (typeof value === "string") {
    if (value.includes("\u0000"))
      throw new AnalyticsInputError(
        field,
        `contains a NUL character (\\u0000 at ${value.indexOf("\u0000")}), which Postgres text cannot hold; remove it`,
      );
    return;
  }
  if (depth > 20 || typeof value !== "object" || value === null) return;
  const at = (key: string) => (Array.isArray(value) ? `${field}[${key}]` : field ? `${field}.${key}` : key);
  for (const [key, v] of Object.entries(value)) {
    if (key.includes("\u0000"))
      throw new AnalyticsInputError(
        at(key),
        "the name contains a NUL character (\\u0000), which Postgres text cannot hold; remove it",
      );
    rejectNul(v, at(key), depth + 1);
  }
}
