import Editor, { type OnMount } from "@monaco-editor/react";
import { useEffect, useState } from "react";
import { useEngine } from "../connection/EngineContext.js";
import { EDITOR_OPTIONS, monaco } from "../editor/monacoSetup.js";
import { useLatest } from "../hooks/useLatest.js";
import { copyText } from "../layout/copy.js";
import { usePanes } from "../layout/PanesContext.js";
import { Statement } from "../plan/PlanPane.js";
import { useTheme } from "../theme/ThemeContext.js";
import { useGraphql } from "./GraphqlContext.js";
import { GRAPHQL_LANGUAGE, markGraphql, registerGraphql } from "./language.js";
import "./graphql.css";

type CodeEditor = Parameters<OnMount>[0];
const DOCUMENT_URI = "inmemory://playground/request.graphql";
const VARIABLES_URI = "inmemory://playground/variables.json";
const OWNER = "graphql";

/** The analytics subgraph: a request as an app sends it, the exact response JSON, and the SQL behind it. */
export default function GraphqlPane() {
  const { document, variables, setDocument, setVariables, run, status, result, error } = useGraphql();
  const { client, boot } = useEngine();
  const { active } = usePanes();
  const visible = active.tools === "graphql";
  const { theme } = useTheme();
  const [ready, setReady] = useState(false);
  const [editor, setEditor] = useState<CodeEditor | null>(null);
  const [variablesEditor, setVariablesEditor] = useState<CodeEditor | null>(null);
  const runRef = useLatest(run);

  // The schema comes from the service, the one place it is written. Asked for once the pane is
  // shown (the tools tabs stay mounted): a hidden pane's call must not queue behind, or be
  // cancelled with, what the user runs. A cancelled call asks again after the restart's boot.
  useEffect(() => {
    if (!visible || ready || !boot) return;
    let live = true;
    client.call("graphqlSchema", {}).then(
      ({ sdl }) => {
        registerGraphql(sdl);
        if (live) setReady(true);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, visible, ready, boot]);

  // The editors own their text while typing (a controlled value can lag keystrokes and undo them);
  // a request put here from outside (a paste, a link) replaces it.
  useEffect(() => {
    const model = editor?.getModel();
    if (model && model.getValue() !== document) model.setValue(document);
    if (model && ready) markGraphql(model, OWNER);
  }, [editor, ready, document]);
  useEffect(() => {
    const model = variablesEditor?.getModel();
    if (model && model.getValue() !== variables) model.setValue(variables);
  }, [variablesEditor, variables]);

  // Before Monaco's keybindings: the query editor's global Ctrl+Enter must not run here.
  const runOnCtrlEnter = (ed: CodeEditor) =>
    ed.onKeyDown((e) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.keyCode === monaco.KeyCode.Enter) {
        e.preventDefault();
        e.stopPropagation();
        void runRef.current();
      }
    });
  const onMount: OnMount = (ed) => {
    runOnCtrlEnter(ed);
    setEditor(ed);
  };
  const monacoTheme = theme === "dark" ? "vs-dark" : "vs";
  const response = result ? JSON.stringify(result.response, null, 2) : "";
  const statements = result?.logs.filter((l) => l.status !== "running") ?? [];

  return (
    <section className="pane graphql-pane" aria-label="GraphQL" data-status={status} data-run-id={result?.runId}>
      <div className="toolbar">
        <strong>GraphQL</strong>
        <span className="muted">the analytics subgraph on this engine’s store</span>
        <span className="spacer" />
        {result && (
          <span className="muted" data-testid="graphql-summary">
            Run #{result.runId} · {statements.length} statement{statements.length === 1 ? "" : "s"} ·{" "}
            {result.elapsedMs.toFixed(0)} ms
          </span>
        )}
        <button disabled={!result} onClick={() => void copyText(response)}>
          Copy response
        </button>
        <span className="hint">Ctrl/⌘+Enter</span>
        <button
          className="primary"
          data-testid="graphql-run"
          disabled={status === "running"}
          onClick={() => void run()}
        >
          {status === "running" ? "Running…" : "Run"}
        </button>
      </div>
      <div className="graphql-body">
        <div className="graphql-request">
          <div className="graphql-document">
            <Editor
              language={GRAPHQL_LANGUAGE}
              path={DOCUMENT_URI}
              defaultValue={document}
              onChange={(v) => setDocument(v ?? "")}
              onMount={onMount}
              theme={monacoTheme}
              options={EDITOR_OPTIONS}
            />
          </div>
          <label className="muted graphql-label">Variables (JSON)</label>
          <div className="graphql-variables">
            <Editor
              language="json"
              path={VARIABLES_URI}
              defaultValue={variables}
              onChange={(v) => setVariables(v ?? "")}
              onMount={(ed) => {
                runOnCtrlEnter(ed);
                setVariablesEditor(ed);
              }}
              theme={monacoTheme}
              options={{ ...EDITOR_OPTIONS, lineNumbers: "off" }}
            />
          </div>
        </div>
        <div className="graphql-result scroll">
          {error && (
            <div className="error-banner" role="alert" data-testid="graphql-error" data-field={error.field ?? ""}>
              <strong>{error.field ? `Error in ${error.field}` : "Error"}</strong> <span>{error.message}</span>
            </div>
          )}
          {!result && !error && <div className="placeholder">Ctrl/⌘+Enter runs the request.</div>}
          {result?.warnings && (
            <ul className="result-note warnings" data-testid="graphql-warnings">
              {result.warnings.map((w) => (
                <li key={w.field + w.name}>{w.message}</li>
              ))}
            </ul>
          )}
          {result && (
            <pre className="graphql-response" data-testid="graphql-response">
              {response}
            </pre>
          )}
          {statements.length > 0 && (
            <div className="graphql-statements">
              <div className="muted">The SQL this request ran</div>
              {statements.map((e) => (
                <Statement key={e.id} entry={e} />
              ))}
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
