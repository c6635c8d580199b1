import "monaco-editor/languages/definitions/pgsql/register.js";
import Editor, { type OnMount } from "@monaco-editor/react";
import { useEffect, useState } from "react";
import { EDITOR_OPTIONS, monaco } from "../editor/monacoSetup.js";
import { useTheme } from "../theme/ThemeContext.js";
import { registerSqlCompletions } from "./completions.js";
import { errorRange } from "./marker.js";
import { SQL_MODEL_URI, useSqlEditor } from "./SqlEditorContext.js";
import { SqlResults } from "./SqlResults.js";
import "./sql.css";
import { useLatest } from "../hooks/useLatest.js";

type CodeEditor = Parameters<OnMount>[0];
const SQL_URI = monaco.Uri.parse(SQL_MODEL_URI);
const OWNER = "postgres";

/** Raw SQL on the engine's database, through the worker's `raw` method. */
export default function SqlPane() {
  const { text, setText, run, status, result, error, runs, openCount } = useSqlEditor();
  const { theme } = useTheme();
  const [editor, setEditor] = useState<CodeEditor | null>(null);

  /** The selection if there is one, else everything. */
  const runSelected = (ed: CodeEditor | null) => {
    const model = ed?.getModel();
    const selection = ed?.getSelection();
    if (!model || !selection || selection.isEmpty()) return run();
    return run({ sql: model.getValueInRange(selection), offset: model.getOffsetAt(selection.getStartPosition()) });
  };
  const runRef = useLatest(runSelected);

  // Postgres' position as a marker, while the text is still the one that failed.
  useEffect(() => {
    const model = editor?.getModel();
    if (!model) return;
    if (!error || error.offset === undefined || error.text !== text)
      return monaco.editor.setModelMarkers(model, OWNER, []);
    const { start, end } = errorRange(text, error.offset);
    const from = model.getPositionAt(start);
    const to = model.getPositionAt(end);
    monaco.editor.setModelMarkers(model, OWNER, [
      {
        severity: monaco.MarkerSeverity.Error,
        message: error.message,
        startLineNumber: from.lineNumber,
        startColumn: from.column,
        endLineNumber: to.lineNumber,
        endColumn: to.column,
      },
    ]);
    editor?.revealPositionInCenterIfOutsideViewport(from);
  }, [editor, error, text]);

  // "Open in SQL editor" from another pane: start at the top, ready to run.
  useEffect(() => {
    if (!editor || openCount === 0) return;
    editor.setPosition({ lineNumber: 1, column: 1 });
    editor.revealLine(1);
    editor.focus();
  }, [editor, openCount]);

  const onMount: OnMount = (ed) => {
    registerSqlCompletions();
    // Handled before Monaco's keybindings: the query editor's global Ctrl+Enter command must not run here.
    ed.onKeyDown((e) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.keyCode === monaco.KeyCode.Enter) {
        e.preventDefault();
        e.stopPropagation();
        void runRef.current(ed);
      }
    });
    setEditor(ed);
  };

  return (
    <section className="pane sql-pane" aria-label="SQL editor" data-status={status} data-runs={runs}>
      <div className="toolbar">
        <strong>SQL</strong>
        <span className="muted">the engine’s PGlite database</span>
        <span className="spacer" />
        <span className="hint">Ctrl/⌘+Enter runs the selection or all</span>
        <button
          className="primary"
          data-testid="sql-run"
          onClick={() => void runSelected(editor)}
          disabled={status === "running"}
        >
          {status === "running" ? "Running…" : "Run SQL"}
        </button>
      </div>
      <div className="sql-body">
        <div className="editor-host">
          <Editor
            language="pgsql"
            path={SQL_URI.toString()}
            value={text}
            onChange={(v) => setText(v ?? "")}
            onMount={onMount}
            keepCurrentModel
            theme={theme === "dark" ? "vs-dark" : "vs"}
            loading={<div className="placeholder">Loading editor…</div>}
            options={{ ...EDITOR_OPTIONS, wordWrap: "on" }}
          />
        </div>
        <div className="sql-output scroll" data-testid="sql-output">
          {error && (
            <div
              className="error-banner"
              role="alert"
              data-testid="sql-error"
              data-kind={error.kind}
              data-position={error.position ?? ""}
            >
              <strong>{error.kind === "sql" ? "Postgres error" : "Error"}</strong>
              <span data-testid="sql-error-message">{error.message}</span>
              {error.offset !== undefined && error.text === text && (
                <span className="muted">at character {error.position} (marked in the editor)</span>
              )}
            </div>
          )}
          {result ? (
            <>
              <div className="muted sql-summary" data-testid="sql-summary">
                {result.statements.length} statement{result.statements.length === 1 ? "" : "s"}
                {result.selection ? " (selection)" : ""} · {result.elapsedMs.toFixed(1)} ms
                {error ? " · last successful run" : ""}
              </div>
              <SqlResults statements={result.statements} />
            </>
          ) : (
            !error && <div className="placeholder">Run SQL to see a grid per statement.</div>
          )}
        </div>
      </div>
    </section>
  );
}
