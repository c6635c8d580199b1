import type { OnMount } from "@monaco-editor/react";
import { useCallback } from "react";
import { usePaste } from "./PasteContext.js";
import { useLatest } from "../hooks/useLatest.js";

type CodeEditor = Parameters<OnMount>[0];

/**
 * For the query editor's onMount: a paste that replaces all of the editor's text goes through
 * paste detection, so a GraphQL body pasted over the query becomes a query and runs. Pasted SQL
 * moves to the SQL editor and the query editor gets its text back (undo).
 */
export function usePasteInEditor(): (editor: CodeEditor) => void {
  const { submit } = usePaste();
  const latest = useLatest(submit);
  return useCallback(
    (editor: CodeEditor) => {
      editor.onDidPaste((e) => {
        const model = editor.getModel();
        if (!model || !e.range.equalsRange(model.getFullModelRange())) return;
        void latest.current(model.getValue(), "editor").then((notice) => {
          // The model's own undo: the editor command acts on the focused editor, which by now is the SQL one.
          if (notice?.ok && notice.format === "sql") void model.undo();
        });
      });
    },
    [latest],
  );
}
