// Import planning: every CSV or JSON row checked on its own, before anything is stored.
import { AnalyticsInputError } from "../../engine/index.js";
import { seriesFromCsv, seriesFromJson } from "./series.js";
import type { ImportPlanDto, JsonValue, Methods } from "../../rpc/protocol.js";

/** Checks every row on its own; the UI stores the accepted ones in batches (and shows progress). */
export function planImport({ format, text }: Methods["planImport"]["params"]): ImportPlanDto {
  if (format !== "csv" && format !== "json")
    throw new AnalyticsInputError("format", `expected "csv" or "json", got ${JSON.stringify(format)}`);
  const plan = format === "csv" ? seriesFromCsv(text) : seriesFromJson(text);
  return {
    accepted: plan.accepted.map((r) => ({ row: r.row, input: r.input as unknown as JsonValue })),
    rejected: plan.rejected,
  };
}
