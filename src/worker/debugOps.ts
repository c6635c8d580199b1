// The "paste and debug" methods that need no database: paste detection and import planning.
import { AnalyticsInputError } from "../engine/index.js";
import { seriesFromCsv, seriesFromJson } from "./importers/series.js";
import { detectPaste, FORMAT_LABELS } from "./paste/detect.js";
import type { ImportPlanDto, JsonValue, Methods, PasteDto } from "./protocol.js";

export function detect(text: string): PasteDto {
  const result = detectPaste(text);
  return { ...result, label: FORMAT_LABELS[result.format] };
}

/** Checks every row on its own; the UI stores the accepted ones in batches (and shows progress). */
export function planImport({ format, text }: Methods["planImport"]["params"]): ImportPlanDto {
  if (format !== "csv" && format !== "json") throw new AnalyticsInputError("format", `expected "csv" or "json", got ${JSON.stringify(format)}`);
  const plan = format === "csv" ? seriesFromCsv(text) : seriesFromJson(text);
  return { accepted: plan.accepted.map((r) => ({ row: r.row, input: r.input as unknown as JsonValue })), rejected: plan.rejected };
}
