import { useEffect, useMemo, useState, type ReactNode } from "react";
import { createSqlEditor, type SqlEditor, type SqlState as EditorState } from "../../playground/sql.js";
import { useEngine } from "../connection/EngineContext.js";
import { makeContext } from "../hooks/context.js";
import { useStore } from "../hooks/useStore.js";
import { usePanes } from "../layout/PanesContext.js";
import { useProfiler } from "../profiler/ProfilerContext.js";
import { hook } from "../testHook.js";

/** The SQL editor's Monaco model (kept across tab switches); shortcuts find the editor by it. */
export const SQL_MODEL_URI = "inmemory://playground/scratch.sql";

export const DEFAULT_SQL = `-- Ctrl/⌘+Enter runs the selection, or everything; each statement gets its own grid.
select metric, unit, count(*)::int as series, round(sum(value)::numeric, 2) as total
from "AnalyticsSeries"
group by metric, unit
order by metric, unit nulls first;

select dimension, count(*)::int as paths
from "AnalyticsDimension"
group by dimension
order by dimension;
`;

type SqlState = EditorState &
  Pick<SqlEditor, "setText" | "run" | "open"> & {
    /** The framework-free editor, for the cores that follow it (shared links). */
    editor: SqlEditor;
  };

const [SqlEditorContextProvider, useSqlEditor] = makeContext<SqlState>("SqlEditor");

/** The SQL editor (src/playground/sql.ts) for the panes; `open` also brings the SQL pane forward. */
export function SqlEditorProvider({ children }: { children: ReactNode }) {
  const { client } = useEngine();
  const { show } = usePanes();
  const { record } = useProfiler();
  const [editor] = useState(() => createSqlEditor(client, { record }, DEFAULT_SQL));
  const state = useStore(editor);
  const value = useMemo(
    () => ({
      ...state,
      editor,
      setText: editor.setText,
      run: editor.run,
      open: (sql: string) => {
        editor.open(sql);
        show("sql");
      },
    }),
    [state, editor, show],
  );

  useEffect(() => {
    hook.setSql = editor.setText;
    hook.getSql = () => editor.get().text;
  }, [editor]);

  return <SqlEditorContextProvider value={value}>{children}</SqlEditorContextProvider>;
}

export { useSqlEditor };
