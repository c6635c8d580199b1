import Editor, { type OnMount } from "@monaco-editor/react";
import { useEffect, useState } from "react";
import { copyText } from "../layout/copy.js";
import { useLatest } from "../hooks/useLatest.js";
import { EDITOR_OPTIONS, monaco } from "../editor/monacoSetup.js";
import { useProfiler } from "../profiler/ProfilerContext.js";
import { useTheme } from "../theme/ThemeContext.js";
import { SCRIPT_EXAMPLES } from "./examples.js";
import { scriptLink } from "./link.js";
import { engineTypesLoaded, SCRIPT_URI } from "./monacoTs.js";
import { ScriptOutput } from "./ScriptOutput.js";
import { scriptSession, useScriptSession, warmUp, type ScriptState } from "./session.js";
import "./script.css";

type CodeEditor = Parameters<OnMount>[0];
const OWNER = "script-run";
const MAX_LIMIT_SECONDS = 3600;

/** The last run whose stages went to the profiler pane (module-wide: the pane may remount). */
let profiled = 0;

/** The run's profiler stages as a run of the profiler pane, placed on the script's clock. */
function recordStages(s: ScriptState, record: ReturnType<typeof useProfiler>["record"]) {
  if (s.runs === profiled || s.status === "running" || s.stages.length === 0) return;
  profiled = s.runs;
  record({
    runId: -s.runs,
    at: Date.now(),
    elapsedMs: s.elapsedMs ?? 0,
    timings: s.stages.map((t) => ({
      metric: t.metric.slice(t.metric.lastIndexOf(".") + 1),
      startMs: t.at - t.ms,
      durationMs: t.ms,
    })),
    summary: `script · ${s.stages.length} stages`,
  });
}

/** TypeScript against the engine's public API, run in a worker of its own (src/hosts/script). */
export default function ScriptPane() {
  const session = useScriptSession();
  const { theme } = useTheme();
  const { record } = useProfiler();
  const [editor, setEditor] = useState<CodeEditor | null>(null);
  const [example, setExample] = useState<string>("");
  const [copied, setCopied] = useState<string | null>(null);
  const runRef = useLatest(() => scriptSession.run());
  const running = session.status === "running";

  // How many declaration files Monaco got (0: none could be had; the editor then works untyped).
  const [typeFiles, setTypeFiles] = useState<number | null>(null);
  useEffect(() => void engineTypesLoaded.then(setTypeFiles), []);
  useEffect(warmUp, []);
  // TypeScript's own verdict on the text (the run's marker aside): shown, since a script with
  // type errors still runs (its types are only stripped).
  const [typeErrors, setTypeErrors] = useState(0);
  useEffect(() => {
    const count = () =>
      monaco.editor
        .getModelMarkers({ resource: SCRIPT_URI })
        .filter((m) => m.owner !== OWNER && m.severity === monaco.MarkerSeverity.Error).length;
    const listener = monaco.editor.onDidChangeMarkers((uris) => {
      if (uris.some((u) => u.toString() === SCRIPT_URI.toString())) setTypeErrors(count());
    });
    return () => listener.dispose();
  }, []);
  useEffect(() => recordStages(session, record), [session, record]);

  // The error's place as a marker, while the text is still the one that ran.
  useEffect(() => {
    const model = editor?.getModel();
    if (!model) return;
    const at = session.error?.position;
    if (!at || session.ranText !== session.text) return monaco.editor.setModelMarkers(model, OWNER, []);
    monaco.editor.setModelMarkers(model, OWNER, [
      {
        severity: monaco.MarkerSeverity.Error,
        message: `${session.error!.name}: ${session.error!.message}`,
        startLineNumber: at.line,
        startColumn: at.column,
        endLineNumber: at.line,
        endColumn: model.getLineMaxColumn(at.line),
      },
    ]);
  }, [editor, session.error, session.text, session.ranText]);

  const onMount: OnMount = (ed) => {
    ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => runRef.current());
    setEditor(ed);
  };
  const explain = SCRIPT_EXAMPLES.find((x) => x.id === example)?.explain;

  return (
    <section
      className="pane script-pane"
      aria-label="Script"
      data-status={session.status}
      data-runs={session.runs}
      data-types={typeFiles ?? ""}
      data-type-errors={typeErrors}
    >
      <div className="toolbar">
        <select
          aria-label="Script examples"
          data-testid="script-examples"
          value={example}
          onChange={(e) => {
            const x = SCRIPT_EXAMPLES.find((s) => s.id === e.target.value);
            setExample(e.target.value);
            if (x) scriptSession.setText(x.code);
          }}
        >
          <option value="">Examples…</option>
          {SCRIPT_EXAMPLES.map((x) => (
            <option key={x.id} value={x.id}>
              {x.title}
            </option>
          ))}
        </select>
        <label className="muted" title="A run still going after this long is stopped">
          limit{" "}
          <input
            type="number"
            data-testid="script-limit"
            min={1}
            max={MAX_LIMIT_SECONDS}
            value={session.limitSeconds}
            onChange={(e) => {
              const n = Math.round(Number(e.target.value));
              if (n >= 1 && n <= MAX_LIMIT_SECONDS) scriptSession.setLimit(n);
            }}
          />{" "}
          s
        </label>
        <span className="spacer" />
        {typeErrors > 0 && (
          <span className="hint" title="A script with type errors still runs: its types are stripped, not checked">
            {typeErrors} type error{typeErrors === 1 ? "" : "s"}
          </span>
        )}
        <button
          data-testid="script-copy-link"
          title="A link that opens this script (it runs only when Run is pressed)"
          onClick={() => {
            const link = scriptLink(session.text);
            void copyText(link).then(() => setCopied(link));
          }}
        >
          Copy link
        </button>
        <span className="hint">Ctrl/⌘+Enter</span>
        {running ? (
          <button data-testid="script-cancel" onClick={() => scriptSession.cancel()}>
            Cancel
          </button>
        ) : (
          <button className="primary" data-testid="script-run" onClick={() => scriptSession.run()}>
            Run
          </button>
        )}
      </div>
      {explain && <div className="script-note muted">{explain}</div>}
      {copied && (
        <div className="script-note muted" data-testid="script-link" data-link={copied}>
          Link copied: it opens this script, which runs only when Run is pressed.
        </div>
      )}
      {session.fromLink && (
        <div className="script-note script-from-link" data-testid="script-from-link">
          This script came with the link you opened. Read it first: it runs only when you press Run.
        </div>
      )}
      <div className="script-body">
        <div className="editor-host">
          <Editor
            language="typescript"
            path={SCRIPT_URI.toString()}
            value={session.text}
            onChange={(v) => scriptSession.setText(v ?? "")}
            onMount={onMount}
            theme={theme === "dark" ? "vs-dark" : "vs"}
            loading={<div className="placeholder">Loading editor…</div>}
            options={EDITOR_OPTIONS}
          />
        </div>
        <ScriptOutput session={session} />
      </div>
    </section>
  );
}
