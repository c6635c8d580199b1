import { useEffect, useMemo, useState, type ReactNode } from "react";
import { makeContext } from "../hooks/context.js";
import { usePanes } from "../layout/PanesContext.js";
import { useQueryRun } from "../query/QueryContext.js";
import { useTheme } from "../theme/ThemeContext.js";
import { SQL_MODEL_URI } from "../sql/SqlEditorContext.js";
import { isEditable } from "./shortcuts.js";
import { useLatest } from "../hooks/useLatest.js";

type ShortcutsState = { helpOpen: boolean; setHelpOpen: (open: boolean) => void };

const [ShortcutsContextProvider, useShortcuts] = makeContext<ShortcutsState>("Shortcuts");

/** Focuses the query or SQL editor (Monaco is loaded on demand: it is not in the main bundle). */
async function focusEditor(which: "query" | "sql"): Promise<void> {
  const { monaco, QUERY_URI } = await import("../editor/monacoSetup.js");
  const uri = which === "query" ? QUERY_URI.toString() : monaco.Uri.parse(SQL_MODEL_URI).toString();
  // The SQL pane may just have been shown: give Monaco a frame to lay out.
  await new Promise((r) => requestAnimationFrame(r));
  monaco.editor
    .getEditors()
    .find((e) => e.getModel()?.uri.toString() === uri)
    ?.focus();
}

/** The page-wide keyboard shortcuts (listed in shortcuts.ts) and the help overlay's open state. */
export function ShortcutsProvider({ children }: { children: ReactNode }) {
  const [helpOpen, setHelpOpen] = useState(false);
  const { panes, show } = usePanes();
  const { toggle } = useTheme();
  const { run } = useQueryRun();
  const latest = useLatest({ panes, show, toggle, run, helpOpen });

  useEffect(() => {
    // Bubble phase: editors that handle a key themselves (Monaco's Ctrl+Enter) stop it first.
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const { panes, show, toggle, run, helpOpen } = latest.current;
      const mod = e.ctrlKey || e.metaKey;
      let handled = true;
      if (e.key === "Escape" && helpOpen) setHelpOpen(false);
      else if (mod && !e.altKey && e.key === "Enter" && !isEditable(e.target)) void run();
      else if (e.altKey && !mod && !e.shiftKey && /^Digit[1-9]$/.test(e.code) && panes[Number(e.code.slice(5)) - 1])
        show(panes[Number(e.code.slice(5)) - 1].id);
      else if (e.altKey && !mod && e.code === "KeyE") void focusEditor("query");
      else if (e.altKey && !mod && e.code === "KeyS") {
        show("sql");
        void focusEditor("sql");
      } else if (e.altKey && !mod && e.code === "KeyF") {
        show("dimensions");
        requestAnimationFrame(() => document.querySelector<HTMLInputElement>("[data-testid=dim-filter]")?.focus());
      } else if (e.altKey && !mod && e.code === "KeyT") toggle();
      else if (e.key === "?" && !mod && !e.altKey && !isEditable(e.target)) setHelpOpen(!helpOpen);
      else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [latest]);

  const value = useMemo(() => ({ helpOpen, setHelpOpen }), [helpOpen]);
  return <ShortcutsContextProvider value={value}>{children}</ShortcutsContextProvider>;
}

export { useShortcuts };
