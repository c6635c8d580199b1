import { useMemo } from "react";
import type { RawStatementResult } from "../../rpc/protocol.js";
import { DataGrid, type GridColumn } from "../grid/DataGrid.js";
import { jsonCell, longTitle } from "../grid/jsonColumns.js";

type SqlRow = RawStatementResult["rows"][number];

const rowAttributes = () => ({ "data-testid": "sql-row" });

/** One grid per statement, in order; a write shows its affected rows instead. */
export function SqlResults({ statements }: { statements: RawStatementResult[] }) {
  if (statements.length === 0)
    return <div className="placeholder">No statements: the text holds only comments or white space.</div>;
  return (
    <>
      {statements.map((s, i) => (
        <Statement key={i} index={i} statement={s} />
      ))}
    </>
  );
}

function Statement({ index, statement: s }: { index: number; statement: RawStatementResult }) {
  const isRead = s.fields.length > 0;
  const columns = useMemo(
    () =>
      s.fields.map((f): GridColumn<SqlRow> => ({
        label: f.name,
        numeric: f.numeric,
        title: f.type,
        value: (row) => jsonCell(row[f.name]),
        cellTitle: (row) => longTitle(jsonCell(row[f.name])),
      })),
    [s.fields],
  );
  return (
    <div
      className="sql-statement"
      data-testid="sql-statement"
      data-rows={isRead ? s.rows.length : ""}
      data-affected={isRead ? "" : (s.affectedRows ?? 0)}
    >
      <div className="sql-statement-header">
        <span className="badge">#{index + 1}</span>
        {isRead ? (
          <span data-testid="sql-row-count" data-total={s.totalRows ?? s.rows.length}>
            {(s.totalRows ?? s.rows.length).toLocaleString("en-US")} row
            {(s.totalRows ?? s.rows.length) === 1 ? "" : "s"} · {s.fields.length} column
            {s.fields.length === 1 ? "" : "s"}
          </span>
        ) : (
          <span data-testid="sql-affected">
            {(s.affectedRows ?? 0).toLocaleString("en-US")} row{s.affectedRows === 1 ? "" : "s"} affected
          </span>
        )}
        {s.totalRows !== undefined && (
          <span className="error-text" data-testid="sql-cut" data-sent={s.rows.length}>
            · the worker sent only the first {s.rows.length.toLocaleString("en-US")} (add a limit or aggregate)
          </span>
        )}
      </div>
      {isRead && <DataGrid rows={s.rows} columns={columns} rowAttributes={rowAttributes} scrollClassName="sql-grid" />}
    </div>
  );
}
