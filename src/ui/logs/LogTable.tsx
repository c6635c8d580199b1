import { useMemo } from "react";
import type { LogEntry } from "../../rpc/protocol.js";
import { DataGrid, type GridColumn } from "../grid/DataGrid.js";
import { longTitle } from "../grid/jsonColumns.js";

const time = (ms: number) => new Date(ms).toISOString().slice(11, 23);
const oneLine = (sql: string) => sql.replace(/\s+/g, " ").trim();

const COLUMNS: GridColumn<LogEntry>[] = [
  { label: "run", numeric: true, value: (e) => e.runId },
  { label: "statement", value: (e) => (e.index >= 0 ? `Q:${e.index}` : "SQL editor") },
  { label: "method", value: (e) => e.method },
  { label: "started", value: (e) => time(e.startedAt) },
  { label: "SQL", value: (e) => oneLine(e.sql), cellTitle: (e) => longTitle(e.sql) },
  { label: "status", value: (e) => e.status, cellTitle: (e) => e.error },
  { label: "rows", numeric: true, value: (e) => e.rowCount ?? null },
  {
    label: "ms",
    numeric: true,
    value: (e) => e.durationMs ?? null,
    render: (e) => (e.durationMs === undefined ? "" : e.durationMs.toFixed(1)),
  },
];

const rowAttributes = (e: LogEntry) => ({
  "data-testid": "log-row",
  "data-run-id": String(e.runId),
  "data-statement": String(e.index),
  "data-status": e.status,
  className: e.status === "error" ? "log-row-error" : undefined,
});

/** Every logged statement as a row of the page's one grid: sort by run, time, rows or ms; filter. */
export function LogTable({ entries }: { entries: LogEntry[] }) {
  // Newest first, as the runs view lists them.
  const rows = useMemo(() => [...entries].reverse(), [entries]);
  return <DataGrid rows={rows} columns={COLUMNS} rowAttributes={rowAttributes} scrollClassName="scroll log-table" />;
}
