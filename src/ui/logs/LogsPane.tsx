import { useMemo } from "react";
import type { LogEntry } from "../../rpc/protocol.js";
import { copyText } from "../layout/copy.js";
import { DataGrid } from "../grid/DataGrid.js";
import { jsonColumns } from "../grid/jsonColumns.js";
import { formatSql } from "./formatSql.js";
import { LogTable } from "./LogTable.js";
import { useLogs } from "./LogsContext.js";
import { NativeSql } from "./NativeSql.js";
import { useSqlEditor } from "../sql/SqlEditorContext.js";
import { logItems, type ScriptLogRun } from "../../playground/logs.js";
import { scriptLog, useScriptLog } from "../script/logFeed.js";

const time = (ms: number) => new Date(ms).toISOString().slice(11, 23);

/** Query log (what the store sent) and results log (what came back), matched by the store's index and grouped by run. */
export function LogsPane() {
  const { entries, view, setView, filter, setFilter, clear } = useLogs();
  const scriptRuns = useScriptLog();
  const shown = useMemo(() => logItems(entries, scriptRuns, filter), [entries, scriptRuns, filter]);

  return (
    <section className="pane logs-pane" aria-label="SQL logs">
      <div className="toolbar">
        <strong>SQL log</strong>
        <div className="segmented" role="group" aria-label="Log view">
          {(["runs", "table"] as const).map((v) => (
            <button key={v} data-testid={`log-view-${v}`} aria-pressed={v === view} onClick={() => setView(v)}>
              {v === "runs" ? "By run" : "Table"}
            </button>
          ))}
        </div>
        {view === "runs" && (
          <input
            type="search"
            placeholder="Filter SQL…"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            aria-label="Filter logs"
          />
        )}
        <span className="muted">{entries.length} statements</span>
        <span className="spacer" />
        <button
          onClick={() => {
            clear();
            scriptLog.clear();
          }}
        >
          Clear
        </button>
      </div>
      {view === "table" && <LogTable entries={entries} />}
      <div className="scroll" hidden={view === "table"}>
        {shown.length === 0 && (
          <div className="placeholder">
            {entries.length || scriptRuns.length ? "Nothing matches the filter." : "No statements yet."}
          </div>
        )}
        {shown.map(({ sql, script }) => {
          if (script) return <ScriptRun key={`script-${script.run}`} run={script} />;
          const { runId, entries: list, sqlMs } = sql!;
          return (
            <div className="log-run" key={runId} data-run-id={runId}>
              <div className="log-run-header">
                Run #{runId} · <code>{list[0].method}</code> · {list.length} statement{list.length === 1 ? "" : "s"} ·{" "}
                {sqlMs.toFixed(1)} ms in SQL
              </div>
              {list.map((e) => (
                <LogItem key={e.id} entry={e} />
              ))}
            </div>
          );
        })}
      </div>
    </section>
  );
}

/** What one script run printed, tagged as the script's (src/ui/script/logFeed.ts). */
function ScriptRun({ run }: { run: ScriptLogRun }) {
  return (
    <div className="log-run" data-testid="log-script-run" data-script-run={run.run} data-status={run.status}>
      <div className="log-run-header">
        Script run #{run.run} · {run.status} · {run.lines.length} line{run.lines.length === 1 ? "" : "s"}
      </div>
      {run.lines.map((l, i) => (
        <pre key={i} className={`script-line ${l.level}`} data-testid="log-script-line" data-level={l.level}>
          <span className="badge">script</span> <span data-testid="log-script-text">{l.text}</span>
        </pre>
      ))}
    </div>
  );
}

function LogItem({ entry: e }: { entry: LogEntry }) {
  const { open: opened, toggle } = useLogs();
  const open = opened.includes(e.id);
  const sql = useMemo(() => formatSql(e.sql), [e.sql]);
  const { open: openSql } = useSqlEditor();
  return (
    <div className={`log-entry ${e.status}`} data-testid="log-entry" data-index={e.index} data-status={e.status}>
      <div className="log-query">
        <span className="log-meta">
          {/* Raw SQL has no store statement number (index −1): it says where it came from instead. */}
          <span className="badge" data-testid="log-badge">
            {e.index >= 0 ? `Q:${e.index}` : "SQL editor"}
          </span>
          <span className="muted">{time(e.startedAt)}</span>
          <button className="link" onClick={() => void copyText(e.sql)} title="Copy SQL">
            copy
          </button>
          <button
            className="link"
            onClick={() => openSql(sql)}
            title="Open this statement in the SQL editor"
            data-testid="log-open-sql"
          >
            open in SQL editor
          </button>
        </span>
        <pre className="sql" data-testid="log-sql" onClick={() => toggle(e.id)} title="Click to show the rows">
          {sql}
        </pre>
        {e.native && <NativeSql native={e.native} />}
      </div>
      <div className="log-result" data-testid="log-result" data-index={e.index} data-rows={e.rowCount ?? ""}>
        <span className="badge">{e.index >= 0 ? `R:${e.index}` : "rows"}</span>
        {e.status === "running" && <span className="muted">running…</span>}
        {e.status === "error" && <span className="error-text">{e.error}</span>}
        {e.status === "done" && (
          <button className="link" onClick={() => toggle(e.id)}>
            {e.rowCount} row{e.rowCount === 1 ? "" : "s"} · {e.durationMs?.toFixed(1)} ms{" "}
            {e.rowCount ? (open ? "▾" : "▸") : ""}
          </button>
        )}
        {open && e.rowsPreview && e.rowsPreview.length > 0 && (
          <RowsPreview rows={e.rowsPreview} total={e.rowCount ?? 0} />
        )}
      </div>
    </div>
  );
}

function RowsPreview({ rows, total }: { rows: NonNullable<LogEntry["rowsPreview"]>; total: number }) {
  const columns = useMemo(() => jsonColumns(rows), [rows]);
  const cut = total > rows.length && (
    <span className="muted">
      first {rows.length} of {total} rows
    </span>
  );
  return (
    <div className="log-rows" data-testid="log-rows">
      <DataGrid rows={rows} columns={columns} scrollClassName="rows-preview" toolbar={cut} />
    </div>
  );
}
