import { AnalyticsInputError, type AnalyticsSeriesInput } from "../../engine/index.js";
import { normalizeSeriesInput, InputCache } from "../../engine/core/seriesInput.js";
import { parseCsv } from "./csv.js";

type ImportedRow = { row: number; input: AnalyticsSeriesInput };
type RejectedRow = { row: number; reason: string };
export type ImportPlan = { accepted: ImportedRow[]; rejected: RejectedRow[] };

const CSV_COLUMNS = ["start", "end", "source", "metric", "value", "unit", "fn", "params", "cliff"] as const;
const REQUIRED = ["start", "source", "metric", "value"];

/** Checks each row on its own, so one bad row is reported by number and the rest still import. */
function plan(rows: (ImportedRow | RejectedRow)[]): ImportPlan {
  const accepted: ImportedRow[] = [];
  const rejected: RejectedRow[] = [];
  const paths = new InputCache();
  for (const r of rows) {
    if ("reason" in r) {
      rejected.push(r);
      continue;
    }
    try {
      normalizeSeriesInput(r.input, "row", paths);
      accepted.push(r);
    } catch (e) {
      const reason = e instanceof AnalyticsInputError ? e.message.replace(/^row\.?/, "").replace(/^: /, "") : String(e);
      rejected.push({ row: r.row, reason });
    }
  }
  return { accepted, rejected };
}

/**
 * CSV with a header of AnalyticsSeriesInput fields (`start, end, source, metric, value, unit, fn,
 * params, cliff`) and one `dim_<name>` column per dimension. Rows count from 1 at the first data
 * row, as a spreadsheet shows them below the header.
 */
export function seriesFromCsv(text: string): ImportPlan {
  const [header, ...rows] = parseCsv(text);
  if (!header)
    throw new AnalyticsInputError(
      "csv",
      `the file is empty; the first line names the columns: ${REQUIRED.join(", ")} and dim_<name>`,
    );
  const names = header.map((h) => h.trim());
  for (const n of names) {
    if (!(CSV_COLUMNS as readonly string[]).includes(n) && !/^dim_.+/.test(n)) {
      throw new AnalyticsInputError(
        "csv",
        `unknown column "${n}"; columns are ${CSV_COLUMNS.join(", ")} and dim_<dimension name>`,
      );
    }
  }
  const missing = REQUIRED.filter((r) => !names.includes(r));
  if (missing.length > 0)
    throw new AnalyticsInputError(
      "csv",
      `missing column(s) ${missing.join(", ")}; the header needs ${REQUIRED.join(", ")}`,
    );
  return plan(rows.map((cells, i) => csvRow(names, cells, i + 1)));
}

function csvRow(names: string[], cells: string[], row: number): ImportedRow | RejectedRow {
  if (cells.length !== names.length)
    return { row, reason: `${cells.length} cells for ${names.length} columns; quote fields that contain commas` };
  const get = (n: string) => {
    const v = (cells[names.indexOf(n)] ?? "").trim();
    return v === "" ? undefined : v;
  };
  const dimensions: Record<string, string> = {};
  names.forEach((n, c) => {
    if (n.startsWith("dim_") && cells[c].trim() !== "") dimensions[n.slice(4)] = cells[c].trim();
  });
  let params: Record<string, unknown> | null = null;
  const rawParams = get("params");
  if (rawParams !== undefined) {
    try {
      params = JSON.parse(rawParams) as Record<string, unknown>;
    } catch {
      return { row, reason: `params: ${rawParams} is not JSON; write e.g. {"cliff":"2023-06-01"}` };
    }
  }
  const cliff = get("cliff");
  if (cliff !== undefined) params = { ...(params ?? {}), cliff };
  const column = names.indexOf("value");
  const value = decimal(cells[column] ?? "");
  if (typeof value === "string") return { row, reason: `value (column ${column + 1}): ${value}` };
  const input: AnalyticsSeriesInput = {
    start: get("start") ?? "",
    end: get("end") ?? null,
    source: get("source") ?? "",
    metric: get("metric") ?? "",
    // An empty cell fails as a missing value (Number("") would be 0).
    value: value ?? NaN,
    unit: get("unit") ?? null,
    fn: get("fn") ?? null,
    params,
    dimensions,
  };
  return { row, input };
}

const PLAIN_DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * A value cell: a plain decimal such as 1234.5 or -0.25, else the reason it is refused.
 * Number() alone would read 0x10 as 16, 0b11 as 3, " 7 " as 7 and 1e-400 as 0 without a word.
 */
function decimal(cell: string): number | undefined | string {
  if (cell === "") return undefined;
  if (!PLAIN_DECIMAL.test(cell))
    return `${JSON.stringify(cell)} is not a plain decimal number (digits, one optional "." and sign, no spaces, no 0x/0b/exponent); write e.g. 1234.5`;
  const n = Number(cell);
  if (!Number.isFinite(n)) return `${cell.length > 40 ? `${cell.slice(0, 40)}…` : cell} is too large for a number`;
  return n;
}

/** A JSON array of AnalyticsSeriesInput objects (dates as ISO strings, paths as strings); more than `maxRows` is refused. */
export function seriesFromJson(text: string, maxRows = Infinity): ImportPlan {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new AnalyticsInputError("json", `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const items = Array.isArray(json) ? json : [json];
  if (items.length > maxRows) throw tooManyRows(items.length, maxRows, "series");
  return plan(items.map((input, i) => ({ row: i + 1, input: input as AnalyticsSeriesInput })));
}

export const tooManyRows = (n: number, max: number, what: string) =>
  new AnalyticsInputError(
    "text",
    `the file has ${n.toLocaleString("en-US")} ${what}, more than the ${max.toLocaleString("en-US")} rows an import may hold: split it and import the parts one after the other`,
  );
