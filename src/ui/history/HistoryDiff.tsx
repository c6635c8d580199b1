import { DiffEditor, type DiffOnMount } from "@monaco-editor/react";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { EDITOR_OPTIONS, type monaco } from "../editor/monacoSetup.js";
import { useTheme } from "../theme/ThemeContext.js";

type Props = {
  original: string;
  modified: string;
  /** e.g. "− this run · + the editor's query". */
  legend: string;
};

const LINE_PX = 19;
const span = (start: number, end: number) => (end >= start && end > 0 ? end - start + 1 : 0);

/** Two query texts in Monaco's diff editor, side by side and read-only (Monaco is bundled: no network). */
export default function HistoryDiff({ original, modified, legend }: Props) {
  const { theme } = useTheme();
  const [changes, setChanges] = useState<{ removed: number; added: number } | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: "nearest" });
  }, []);
  // The wrapper disposes its models before the widget, which Monaco reports as an error: it keeps
  // them (keepCurrent…Model), and this detaches and disposes them first, before its own cleanup runs.
  useLayoutEffect(
    () => () => {
      const ed = editor.current;
      const model = ed?.getModel();
      ed?.setModel(null);
      model?.original.dispose();
      model?.modified.dispose();
    },
    [],
  );
  const texts = useRef({ original, modified });
  useLayoutEffect(() => {
    texts.current = { original, modified };
  }, [original, modified]);
  const onMount: DiffOnMount = (ed) => {
    editor.current = ed;
    ed.onDidUpdateDiff(() => {
      // A diff of models that do not hold the texts yet (the wrapper sets them after mounting) would
      // read "identical" for a moment: only a diff of these very texts is counted.
      const model = ed.getModel();
      if (model?.original.getValue() !== texts.current.original || model.modified.getValue() !== texts.current.modified)
        return;
      const list = ed.getLineChanges() ?? [];
      setChanges({
        removed: list.reduce((n, c) => n + span(c.originalStartLineNumber, c.originalEndLineNumber), 0),
        added: list.reduce((n, c) => n + span(c.modifiedStartLineNumber, c.modifiedEndLineNumber), 0),
      });
    });
  };
  const lines = Math.max(original.split("\n").length, modified.split("\n").length);
  return (
    <div
      ref={ref}
      className="history-diff"
      data-testid="diff-view"
      data-removed={changes?.removed}
      data-added={changes?.added}
    >
      <div className="muted" data-testid="diff-summary">
        {changes === null
          ? "comparing…"
          : changes.removed + changes.added === 0
            ? "identical"
            : `${legend} · ${changes.removed} line${changes.removed === 1 ? "" : "s"} removed, ${changes.added} added`}
      </div>
      <div className="history-diff-editor" style={{ height: Math.min(360, (lines + 1) * LINE_PX) }}>
        <DiffEditor
          original={original}
          modified={modified}
          language="json"
          keepCurrentOriginalModel
          keepCurrentModifiedModel
          theme={theme === "dark" ? "vs-dark" : "vs"}
          onMount={onMount}
          loading={<div className="placeholder">Loading diff…</div>}
          options={{
            ...EDITOR_OPTIONS,
            readOnly: true,
            originalEditable: false,
            renderSideBySide: true,
            useInlineViewWhenSpaceIsLimited: false,
            renderOverviewRuler: false,
            folding: false,
          }}
        />
      </div>
    </div>
  );
}
