// The checks between the RPC's table and the handlers: params by the table's schema, how much of
// a result crosses to the page, NUL characters. Kept out of service.ts so it stays a dispatcher;
// no database here.
import * as v from "valibot";
import { AnalyticsInputError } from "../engine/index.js";
import type { JsonValue } from "../rpc/protocol.js";
import { MAX_RAW_ROWS, MAX_RESULT_ROWS } from "../rpc/limits.js";
import { nulProblem } from "../rpc/methods.js";
import { toRowsDto } from "./dto.js";

/** Params through a method's schema (src/rpc/methods.ts): the first problem, as an input error naming its field. */
export function parseParams<T>(schema: v.GenericSchema<unknown, T>, params: unknown): T {
  const out = v.safeParse(schema, params, { abortEarly: true });
  if (out.success) return out.output;
  const issue = out.issues[0];
  const path = (issue.path ?? [])
    .map((p) => (typeof p.key === "number" ? `[${p.key}]` : `.${String(p.key)}`))
    .join("")
    .replace(/^\./, "");
  throw new AnalyticsInputError(path || "params", issue.message);
}

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
  const series = periods.reduce((most, p) => Math.max(most, p.rows.length), 0);
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

/**
 * The database ended the session under a call: a DBA's `pg_terminate_backend`, a server restart,
 * or node-postgres noticing the socket closed. A pooled connection can be handed out before its
 * own notice of the end arrives, so the call fails although the next connection would serve it.
 */
export function isConnectionLost(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  return (
    code === "57P01" ||
    code === "57P02" ||
    code === "57P03" ||
    /^Connection terminated|^Client has encountered a connection error/.test(e.message)
  );
}

/**
 * Postgres text cannot hold U+0000: a NUL anywhere in a query or series would reach SQL and come
 * back as "invalid byte sequence", without a field. Found here first, with its field.
 */
export function rejectNul(value: unknown, field: string, depth = 0): void {
  if (typeof value === "string") {
    const problem = nulProblem(value);
    if (problem) throw new AnalyticsInputError(field, problem);
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
