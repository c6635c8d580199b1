import { useEffect, useMemo, useRef, useState } from "react";
import type { ExecuteResult, JsonValue, PeriodDto } from "../../rpc/protocol.js";
import { ChartPane } from "../chart/ChartPane.js";
import { DataGrid } from "../grid/DataGrid.js";
import { jsonColumns } from "../grid/jsonColumns.js";
import { ResultScope } from "../query/QueryContext.js";
import { TablePane } from "../table/TablePane.js";
import type { ScriptState } from "./session.js";

type View = "console" | "chart" | "table" | "json";

const STATUS: Record<ScriptState["status"], string> = {
  idle: "Not run yet",
  running: "Running…",
  done: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
  timeout: "Stopped at the time limit",
};

/** A script's GroupedPeriodResults as the panes' ExecuteResult, so the chart and table panes show it as is. */
function asExecuteResult(periods: PeriodDto[], s: ScriptState): ExecuteResult {
  return {
    runId: -s.runs,
    query: { metrics: [], select: {}, granularity: "" },
    results: periods,
    logs: [],
    timings: [],
    elapsedMs: s.elapsedMs ?? 0,
  };
}

/** Plain rows (a series list, SQL rows): one column per key, in the page's one grid. */
function RowsTable({ rows }: { rows: Record<string, JsonValue>[] }) {
  const columns = useMemo(() => jsonColumns(rows), [rows]);
  return <DataGrid rows={rows} columns={columns} scrollTestId="script-rows" />;
}

/** The run's console (its own lines, the engine's loggers, the pane's notes), result and error. */
export function ScriptOutput({ session: s }: { session: ScriptState }) {
  const [view, setView] = useState<View>("console");
  const shape = s.result?.shape;
  const views: View[] =
    shape === "periods"
      ? ["console", "chart", "table", "json"]
      : shape === "rows"
        ? ["console", "table", "json"]
        : s.result
          ? ["console", "json"]
          : ["console"];
  const shown = views.includes(view) ? view : "console";
  const periods = useMemo(
    () => (shape === "periods" ? asExecuteResult(s.result!.json as PeriodDto[], s) : null),
    [shape, s],
  );
  const json = useMemo(() => (s.result ? JSON.stringify(s.result.json, null, 2) : ""), [s.result]);
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView({ block: "nearest" });
  }, [s.lines.length]);

  return (
    <div className="script-output">
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="Script output">
          {views.map((v) => (
            <button key={v} data-testid={`script-view-${v}`} aria-pressed={v === shown} onClick={() => setView(v)}>
              {v === "json" ? "JSON" : v[0].toUpperCase() + v.slice(1)}
            </button>
          ))}
        </div>
        <span className="spacer" />
        <span className="muted" data-testid="script-status">
          {STATUS[s.status]}
          {s.elapsedMs !== null && s.status !== "running" ? ` in ${Math.round(s.elapsedMs)} ms` : ""}
          {s.stages.length > 0 ? ` · ${s.stages.length} profiler stages` : ""}
        </span>
      </div>
      {s.error && (
        <div
          className="error-banner"
          role="alert"
          data-testid="script-error"
          data-name={s.error.name}
          data-line={s.error.position?.line ?? ""}
          data-column={s.error.position?.column ?? ""}
        >
          <strong>
            {s.error.name}
            {s.error.position ? ` at line ${s.error.position.line}, column ${s.error.position.column}` : ""}
          </strong>
          <span data-testid="script-error-message">{s.error.message}</span>
        </div>
      )}
      {shown === "console" && (
        <div className="scroll script-console" data-testid="script-console">
          {s.lines.length === 0 && s.status !== "running" && (
            <div className="placeholder">console.* and the store's loggers print here. Ctrl/⌘+Enter runs.</div>
          )}
          {s.lines.map((l, i) => (
            <pre key={i} className={`script-line ${l.level}`} data-testid="script-line" data-level={l.level}>
              {l.text}
            </pre>
          ))}
          {s.error?.stack.map((f, i) => (
            <pre key={`stack${i}`} className="script-line error" data-testid="script-stack">
              {"    " + f}
            </pre>
          ))}
          <div ref={end} />
        </div>
      )}
      {periods && shown === "chart" && (
        <ResultScope result={periods}>
          <ChartPane />
        </ResultScope>
      )}
      {periods && shown === "table" && (
        <ResultScope result={periods}>
          <TablePane />
        </ResultScope>
      )}
      {shape === "rows" && shown === "table" && <RowsTable rows={s.result!.json as Record<string, JsonValue>[]} />}
      {shown === "json" && (
        <pre className="scroll json" data-testid="script-json">
          {json}
        </pre>
      )}
    </div>
  );
}
