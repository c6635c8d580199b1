import type { JsonValue, RawStatementResult } from "../../rpc/protocol.js";

/** More rows than this freeze the tab; the count says how many there are. */
const MAX_RENDERED_ROWS = 1000;

const cell = (v: JsonValue | undefined) =>
  v === null || v === undefined ? null : typeof v === "object" ? JSON.stringify(v) : String(v);

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
  const shown = s.rows.slice(0, MAX_RENDERED_ROWS);
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
        {s.rows.length > MAX_RENDERED_ROWS && (
          <span className="muted" data-testid="sql-truncated">
            · showing the first {MAX_RENDERED_ROWS.toLocaleString("en-US")}
          </span>
        )}
      </div>
      {isRead && (
        <div className="sql-grid">
          <table className="results">
            <thead>
              <tr>
                {s.fields.map((f, j) => (
                  <th key={j} className={f.numeric ? "num" : undefined} title={f.type}>
                    {f.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((row, r) => (
                <tr key={r} data-testid="sql-row">
                  {s.fields.map((f, j) => {
                    const text = cell(row[f.name]);
                    return (
                      <td
                        key={j}
                        className={f.numeric ? "num" : undefined}
                        title={text !== null && text.length > 40 ? text : undefined}
                      >
                        {text === null ? <span className="muted">NULL</span> : text}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
