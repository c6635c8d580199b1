import { AnalyticsInputError, type AnalyticsSeriesInput } from "../../engine/index.js";
import { normalizeSeriesInput, InputCache } from "../../engine/core/seriesInput.js";
import { csvRecords } from "./csv.js";

type ImportedRow = { row: number; input: AnalyticsSeriesInput };
type RejectedRow = { row: number; reason: string };
export type ImportPlan = { accepted: ImportedRow[]; rejected: RejectedRow[] };

const CSV_COLUMNS = ["start", "end", "source", "metric", "value", "unit", "fn", "params", "cliff"] as const;
const REQUIRED = ["start", "source", "metric", "value"];

/** Checks each row on its own, so one bad row is reported by number and the rest still import. */
class Planner {
  readonly accepted: ImportedRow[] = [];
  readonly rejected: RejectedRow[] = [];
  private readonly paths = new InputCache();

  add(r: ImportedRow | RejectedRow): void {
    if ("reason" in r) {
      this.rejected.push(r);
      return;
    }
    try {
      normalizeSeriesInput(r.input, "row", this.paths);
      this.accepted.push(r);
    } catch (e) {
      const reason = e instanceof AnalyticsInputError ? e.message.replace(/^row\.?/, "").replace(/^: /, "") : String(e);
      this.rejected.push({ row: r.row, reason });
    }
  }

  get plan(): ImportPlan {
    return { accepted: this.accepted, rejected: this.rejected };
  }
}

/** A plan yields now and then between rows: where the caller may let other work run. */
type Planning = Generator<void, ImportPlan>;
const ROWS_BETWEEN_YIELDS = 500;

const runNow = (planning: Planning): ImportPlan => {
  for (;;) {
    const step = planning.next();
    if (step.done) return step.value;
  }
};

/**
 * Runs a plan, giving the thread back every `sliceMs`: on the server every connection shares one
 * thread, and a big file's check would otherwise hold every other tab's calls until it ends.
 */
async function runSliced(planning: Planning, sliceMs = 50): Promise<ImportPlan> {
  let since = performance.now();
  for (;;) {
    const step = planning.next();
    if (step.done) return step.value;
    if (performance.now() - since > sliceMs) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      since = performance.now();
    }
  }
}

/**
 * CSV with a header of AnalyticsSeriesInput fields (`start, end, source, metric, value, unit, fn,
 * params, cliff`) and one `dim_<name>` column per dimension. Rows count from 1 at the first data
 * row, as a spreadsheet shows them below the header.
 */
export const seriesFromCsv = (text: string): ImportPlan => runNow(csvPlan(text));

function* csvPlan(text: string): Planning {
  const records = csvRecords(text);
  const first = records.next();
  if (first.done)
    throw new AnalyticsInputError(
      "csv",
      `the file is empty; the first line names the columns: ${REQUIRED.join(", ")} and dim_<name>`,
    );
  const names = first.value.map((h) => h.trim());
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
  const planner = new Planner();
  let row = 0;
  for (const cells of records) {
    planner.add(csvRow(names, cells, ++row));
    if (row % ROWS_BETWEEN_YIELDS === 0) yield;
  }
  return planner.plan;
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
export const seriesFromJson = (text: string, maxRows = Infinity): ImportPlan => runNow(jsonPlan(text, maxRows));

function* jsonPlan(text: string, maxRows: number): Planning {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new AnalyticsInputError("json", `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const items = Array.isArray(json) ? json : [json];
  if (items.length > maxRows) throw tooManyRows(items.length, maxRows, "series");
  const planner = new Planner();
  for (let i = 0; i < items.length; i++) {
    planner.add({ row: i + 1, input: items[i] as AnalyticsSeriesInput });
    if ((i + 1) % ROWS_BETWEEN_YIELDS === 0) yield;
  }
  return planner.plan;
}

/** A staged file's check, sliced so the host's other calls run between its parts. */
export const planSliced = (format: "csv" | "json", text: string, maxRows: number): Promise<ImportPlan> =>
  runSliced(format === "csv" ? csvPlan(text) : jsonPlan(text, maxRows));

export const tooManyRows = (n: number, max: number, what: string) =>
  new AnalyticsInputError(
    "text",
    `the file has ${n.toLocaleString("en-US")} ${what}, more than the ${max.toLocaleString("en-US")} rows an import may hold: split it and import the parts one after the other`,
  );
