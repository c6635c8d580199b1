import Editor, { type OnMount } from "@monaco-editor/react";
import { useTheme } from "../theme/ThemeContext.js";
import { useLatest } from "../hooks/useLatest.js";
import { COMPARE_B_URI, EDITOR_OPTIONS, monaco } from "../editor/monacoSetup.js";
import { useCompare } from "./CompareContext.js";

/** Query B in Monaco, in JSON mode with the query's schema as the main editor; Ctrl/⌘+Enter runs B. */
export default function CompareEditor() {
  const cmp = useCompare();
  const { theme } = useTheme();
  const run = useLatest(cmp.run);
  // An action, not a command: commands are global to Monaco, and Ctrl+Enter in the query editor runs A.
  const onMount: OnMount = (ed) =>
    void ed.addAction({
      id: "compare.runB",
      label: "Run query B",
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
      run: () => void run.current(),
    });
  return (
    <div className="compare-b-editor" data-testid="compare-b-text" data-text={cmp.text} aria-label="Query B">
      <Editor
        language="json"
        path={COMPARE_B_URI.toString()}
        value={cmp.text}
        onChange={(v) => cmp.setText(v ?? "")}
        onMount={onMount}
        theme={theme === "dark" ? "vs-dark" : "vs"}
        loading={<div className="placeholder">Loading editor…</div>}
        options={{ ...EDITOR_OPTIONS, lineNumbers: "off" }}
      />
    </div>
  );
}
