import { AnalyticsInputError } from "../engine/index.js";
import type { ErrorDto } from "../rpc/protocol.js";
import { JsonSyntaxError } from "./queryJson.js";

/** Postgres errors from PGlite carry `code`, `severity` and, for syntax errors, a 1-based `position`. */
type PgError = Error & { code?: string; severity?: string; position?: string | number };

/** Any thrown value → the error DTO the UI shows: what went wrong and where. */
export function toErrorDto(e: unknown): ErrorDto {
  if (e instanceof JsonSyntaxError) return { kind: "json", message: e.message, position: e.position };
  if (e instanceof AnalyticsInputError) return { kind: "input", message: e.message, field: e.field };
  if (e instanceof Error) {
    const pg = e as PgError;
    if (typeof pg.code === "string" && pg.severity !== undefined) {
      const position = pg.position === undefined || pg.position === "" ? undefined : Number(pg.position);
      return { kind: "sql", message: e.message, position: Number.isFinite(position) ? position : undefined };
    }
    if ((e as { kind?: string }).kind === "state") return { kind: "state", message: e.message };
    // The class (TypeError, RangeError…) tells a bug in the worker from a refusal worded by hand.
    return { kind: "internal", message: e.message || e.name, errorClass: e.name };
  }
  return { kind: "internal", message: String(e) };
}
