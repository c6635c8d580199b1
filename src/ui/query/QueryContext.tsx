import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { ExecuteResult } from "../../rpc/protocol.js";
import { createQueryEditor, type QueryEditor, type QueryState as EditorState } from "../../playground/query.js";
import { useEngine } from "../connection/EngineContext.js";
import { makeContext } from "../hooks/context.js";
import { useStore } from "../hooks/useStore.js";
import { useProfiler } from "../profiler/ProfilerContext.js";
import { hook, marks } from "../testHook.js";
import { DEFAULT_QUERY } from "./examples.js";

type QueryState = EditorState & {
  setText: (text: string) => void;
  /** Runs the editor's current text. */
  run: () => Promise<void>;
  /** Re-executes the shown result's query, e.g. after the data changed. */
  refresh: () => Promise<void>;
  /** The framework-free editor, for the cores that follow it (history, live). */
  editor: QueryEditor;
};

const [QueryContextProvider, useQueryRun] = makeContext<QueryState>("Query");

/** The series query editor (src/playground/query.ts) for the panes. */
export function QueryProvider({ children }: { children: ReactNode }) {
  const { client, status: engineStatus } = useEngine();
  const { record } = useProfiler();
  const [editor] = useState(() => createQueryEditor(client, { record }, DEFAULT_QUERY));
  const state = useStore(editor);
  const run = useCallback(async () => {
    if (await editor.run()) marks.firstResult ??= performance.now();
  }, [editor]);
  const value = useMemo(
    () => ({ ...state, editor, setText: editor.setText, run, refresh: editor.refresh }),
    [state, editor, run],
  );

  // The first run happens by itself once the demo is seeded, so the boot ends on a chart.
  const ranDefault = useRef(false);
  useEffect(() => {
    if (engineStatus !== "ready" || ranDefault.current) return;
    ranDefault.current = true;
    void run();
  }, [engineStatus, run]);

  useEffect(() => {
    hook.setQuery = editor.setText;
    hook.getQuery = () => editor.get().text;
    hook.run = run;
  }, [editor, run]);

  return <QueryContextProvider value={value}>{children}</QueryContextProvider>;
}

export { useQueryRun };

/**
 * Shows `result` instead of the editor's run to the panes inside it (chart, table, JSON): how
 * the Script pane renders a script's GroupedPeriodResults with the very same panes.
 */
export function ResultScope({ result, children }: { result: ExecuteResult; children: ReactNode }) {
  const outer = useQueryRun();
  const value = useMemo(() => ({ ...outer, result, live: false }), [outer, result]);
  return <QueryContextProvider value={value}>{children}</QueryContextProvider>;
}
