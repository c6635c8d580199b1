import Editor, { type OnMount } from "@monaco-editor/react";
import { useEffect, useState } from "react";
import { useEngine } from "../connection/EngineContext.js";
import { usePasteInEditor } from "../paste/editorPaste.js";
import { EXAMPLES, toText } from "../query/examples.js";
import { useQueryRun } from "../query/QueryContext.js";
import { useTheme } from "../theme/ThemeContext.js";
import { locateField } from "./locate.js";
import { EDITOR_OPTIONS, monaco, QUERY_URI } from "./monacoSetup.js";
import { querySchema } from "./schema.js";
import { useLatest } from "../hooks/useLatest.js";

type CodeEditor = Parameters<OnMount>[0];
const OWNER = "engine";

export default function EditorPane() {
  const { text, setText, run, status, error, errorText } = useQueryRun();
  const { catalog } = useEngine();
  const { theme } = useTheme();
  const [editor, setEditor] = useState<CodeEditor | null>(null);
  const runRef = useLatest(run);
  const detectPastes = usePasteInEditor();

  useEffect(() => {
    monaco.json.jsonDefaults.setDiagnosticsOptions({
      validate: true,
      allowComments: false,
      schemas: [
        {
          uri: "inmemory://playground/query.schema.json",
          fileMatch: [QUERY_URI.toString()],
          schema: querySchema(catalog),
        },
      ],
    });
  }, [catalog]);

  // The worker's verdict as a marker where the problem is: a JSON offset, or the named field.
  useEffect(() => {
    const model = editor?.getModel();
    if (!model) return;
    if (!error || errorText === null) return monaco.editor.setModelMarkers(model, OWNER, []);
    let range: { offset: number; length: number } | null = null;
    if (error.kind === "json" && error.position !== undefined && errorText === text)
      range = { offset: error.position, length: 1 };
    else if (error.kind === "input" && error.field !== undefined) range = locateField(text, error.field);
    if (!range) return monaco.editor.setModelMarkers(model, OWNER, []);
    const start = model.getPositionAt(range.offset);
    const end = model.getPositionAt(range.offset + Math.max(1, range.length));
    monaco.editor.setModelMarkers(model, OWNER, [
      {
        severity: monaco.MarkerSeverity.Error,
        message: error.message,
        startLineNumber: start.lineNumber,
        startColumn: start.column,
        endLineNumber: end.lineNumber,
        endColumn: end.column,
      },
    ]);
  }, [editor, error, errorText, text]);

  const onMount: OnMount = (ed) => {
    ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => void runRef.current());
    detectPastes(ed);
    setEditor(ed);
  };

  return (
    <section className="pane editor-pane" aria-label="Query editor">
      <div className="toolbar">
        <select
          aria-label="Example queries"
          value=""
          onChange={(e) => {
            const example = EXAMPLES[Number(e.target.value)];
            if (example) setText(toText(example.query));
          }}
        >
          <option value="">Examples…</option>
          {EXAMPLES.map((x, i) => (
            <option key={x.name} value={i}>
              {x.name}
            </option>
          ))}
        </select>
        <span className="spacer" />
        <span className="hint">Ctrl/⌘+Enter</span>
        <button className="primary" data-testid="run" onClick={() => void run()} disabled={status === "running"}>
          {status === "running" ? "Running…" : "Run"}
        </button>
      </div>
      <div className="editor-host">
        <Editor
          language="json"
          path={QUERY_URI.toString()}
          value={text}
          onChange={(v) => setText(v ?? "")}
          onMount={onMount}
          theme={theme === "dark" ? "vs-dark" : "vs"}
          loading={<div className="placeholder">Loading editor…</div>}
          options={EDITOR_OPTIONS}
        />
      </div>
      {error && (
        <div
          className="error-banner"
          role="alert"
          data-testid="query-error"
          data-field={error.field ?? ""}
          data-kind={error.kind}
        >
          <strong>
            {error.kind === "json" ? "Invalid JSON" : error.field ? `Error in ${error.field || "query"}` : "Error"}
          </strong>
          <span>{error.kind === "json" ? error.message.replace(/^Invalid JSON: /, "") : error.message}</span>
        </div>
      )}
    </section>
  );
}
