import { useMemo, useState } from "react";
import type { LogEntry } from "../../rpc/protocol.js";
import { copyText } from "../layout/copy.js";
import { formatSql } from "./formatSql.js";
import { useLogs } from "./LogsContext.js";
import { NativeSql } from "./NativeSql.js";
import { useSqlEditor } from "../sql/SqlEditorContext.js";
import { scriptLog, useScriptLog, type ScriptLogRun } from "../script/logFeed.js";

const time = (ms: number) => new Date(ms).toISOString().slice(11, 23);

/** Query log (what the store sent) and results log (what came back), matched by the store's index and grouped by run. */
export function LogsPane() {
  const { entries, clear } = useLogs();
  const [filter, setFilter] = useState("");
  const groups = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const byRun = new Map<number, LogEntry[]>();
    for (const e of entries) {
      if (needle && !e.sql.toLowerCase().includes(needle) && !e.method.toLowerCase().includes(needle)) continue;
      const list = byRun.get(e.runId) ?? [];
      list.push(e);
      byRun.set(e.runId, list);
    }
    return [...byRun.entries()].sort(([a], [b]) => b - a);
  }, [entries, filter]);
  // Scripts' console lines, each run placed among the SQL runs by when it started (newest first).
  const scriptRuns = useScriptLog();
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const scripts = scriptRuns
      .map((r) => (needle ? { ...r, lines: r.lines.filter((l) => l.text.toLowerCase().includes(needle)) } : r))
      .filter((r) => !needle || r.lines.length > 0);
    return [
      ...groups.map(([runId, list]) => ({ at: list[0].startedAt, sql: [runId, list] as const, script: null })),
      ...scripts.map((r) => ({ at: r.startedAt, sql: null, script: r })),
    ].sort((a, b) => b.at - a.at);
  }, [groups, scriptRuns, filter]);

  return (
    <section className="pane logs-pane" aria-label="SQL logs">
      <div className="toolbar">
        <strong>SQL log</strong>
        <input
          type="search"
          placeholder="Filter SQL…"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label="Filter logs"
        />
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
      <div className="scroll">
        {shown.length === 0 && (
          <div className="placeholder">
            {entries.length || scriptRuns.length ? "Nothing matches the filter." : "No statements yet."}
          </div>
        )}
        {shown.map(({ sql, script }) => {
          if (script) return <ScriptRun key={`script-${script.run}`} run={script} />;
          const [runId, list] = sql!;
          return (
            <div className="log-run" key={runId} data-run-id={runId}>
              <div className="log-run-header">
                Run #{runId} · <code>{list[0].method}</code> · {list.length} statement{list.length === 1 ? "" : "s"} ·{" "}
                {list.reduce((t, e) => t + (e.durationMs ?? 0), 0).toFixed(1)} ms in SQL
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
  const [open, setOpen] = useState(false);
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
        <pre className="sql" data-testid="log-sql" onClick={() => setOpen(!open)} title="Click to show the rows">
          {sql}
        </pre>
        {e.native && <NativeSql native={e.native} />}
      </div>
      <div className="log-result" data-testid="log-result" data-index={e.index} data-rows={e.rowCount ?? ""}>
        <span className="badge">{e.index >= 0 ? `R:${e.index}` : "rows"}</span>
        {e.status === "running" && <span className="muted">running…</span>}
        {e.status === "error" && <span className="error-text">{e.error}</span>}
        {e.status === "done" && (
          <button className="link" onClick={() => setOpen(!open)}>
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
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return (
    <div className="rows-preview">
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c}>
                  {typeof r[c] === "object" && r[c] !== null ? JSON.stringify(r[c]) : String(r[c] ?? "null")}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {total > rows.length && (
        <div className="muted">
          first {rows.length} of {total} rows
        </div>
      )}
    </div>
  );
}
