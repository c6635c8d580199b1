import Editor, { type OnMount } from "@monaco-editor/react";
import { useEffect, useState } from "react";
import { useEngine } from "../connection/EngineContext.js";
import { usePasteInEditor } from "../paste/editorPaste.js";
import { EXAMPLES, toText } from "../query/examples.js";
import { useQueryRun } from "../query/QueryContext.js";
import { useTheme } from "../theme/ThemeContext.js";
import { locateField } from "./locate.js";
import { COMPARE_B_URI, EDITOR_OPTIONS, monaco, QUERY_URI } from "./monacoSetup.js";
import { querySchema } from "./schema.js";
import { useLatest } from "../hooks/useLatest.js";

type CodeEditor = Parameters<OnMount>[0];
const OWNER = "engine";

export default function EditorPane() {
  const { text, setText, run, status, error, errorText, result, ranText } = useQueryRun();
  const { catalog } = useEngine();
  const { theme } = useTheme();
  const [editor, setEditor] = useState<CodeEditor | null>(null);
  const runRef = useLatest(run);
  const detectPastes = usePasteInEditor();
  // The example whose text the editor holds, so its name stays shown until the text is edited.
  const shownExample = String(EXAMPLES.findIndex((x) => toText(x.query) === text));

  useEffect(() => {
    monaco.json.jsonDefaults.setDiagnosticsOptions({
      validate: true,
      allowComments: false,
      schemas: [
        {
          uri: "inmemory://playground/query.schema.json",
          fileMatch: [QUERY_URI.toString(), COMPARE_B_URI.toString()],
          schema: querySchema(catalog),
        },
      ],
    });
  }, [catalog]);

  // The worker's verdict as a marker where the problem is: a JSON offset, or the named field;
  // and, while the text is the one that ran, a warning on each name that matched nothing.
  useEffect(() => {
    const model = editor?.getModel();
    if (!model) return;
    const marks: { range: { offset: number; length: number }; message: string; error: boolean }[] = [];
    if (error && errorText !== null) {
      if (error.kind === "json" && error.position !== undefined && errorText === text)
        marks.push({ range: { offset: error.position, length: 1 }, message: error.message, error: true });
      else if (error.kind === "input" && error.field !== undefined)
        marks.push({ range: locateField(text, error.field), message: error.message, error: true });
    }
    if (result?.warnings && ranText === text)
      for (const w of result.warnings)
        marks.push({ range: locateField(text, w.field), message: w.message, error: false });
    monaco.editor.setModelMarkers(
      model,
      OWNER,
      marks.map(({ range, message, error }) => {
        const start = model.getPositionAt(range.offset);
        const end = model.getPositionAt(range.offset + Math.max(1, range.length));
        return {
          severity: error ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
          message,
          startLineNumber: start.lineNumber,
          startColumn: start.column,
          endLineNumber: end.lineNumber,
          endColumn: end.column,
        };
      }),
    );
  }, [editor, error, errorText, text, result, ranText]);

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
          data-testid="examples"
          value={shownExample}
          onChange={(e) => {
            const example = EXAMPLES[Number(e.target.value)];
            if (!example) return;
            // Picked means wanted: it runs, so the chart shows the example the picker names.
            setText(toText(example.query));
            void run();
          }}
        >
          <option value="-1">Examples…</option>
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
