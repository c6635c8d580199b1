import type { JsonValue } from "../../rpc/protocol.js";
import type { GridCell } from "../../playground/grid.js";
import type { GridColumn } from "./DataGrid.js";

type JsonRow = Record<string, JsonValue>;

/** A JSON value as a grid cell: objects and arrays as their JSON, missing as NULL. */
export const jsonCell = (v: JsonValue | undefined): GridCell =>
  v === null || v === undefined
    ? null
    : typeof v === "number"
      ? v
      : typeof v === "object"
        ? JSON.stringify(v)
        : String(v);

/** A long cell's whole text on hover: the grid cuts wide cells short. */
export const longTitle = (text: GridCell) => (typeof text === "string" && text.length > 40 ? text : undefined);

/** Columns for rows of JSON objects (a script's rows, a logged statement's first rows): one per key, in first-seen order; numeric when every value is a number. */
export function jsonColumns(rows: JsonRow[]): GridColumn<JsonRow>[] {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return keys.map((key) => ({
    label: key,
    numeric:
      rows.some((r) => typeof r[key] === "number") &&
      rows.every((r) => r[key] === null || r[key] === undefined || typeof r[key] === "number"),
    value: (row) => jsonCell(row[key]),
    cellTitle: (row) => longTitle(jsonCell(row[key])),
  }));
}
