import { useEffect, useMemo, useState, type ReactNode } from "react";
import { createHistory, type History, type HistoryState as Lists } from "../../playground/history.js";
import { makeContext } from "../hooks/context.js";
import { useStore } from "../hooks/useStore.js";
import { useQueryRun } from "../query/QueryContext.js";

export type { HistoryEntry } from "../../playground/history.js";

type HistoryState = Lists & Pick<History, "save" | "remove" | "clear">;

const [HistoryContextProvider, useHistory] = makeContext<HistoryState>("History");

/** Run history and named queries (src/playground/history.ts), kept in localStorage. */
export function HistoryProvider({ children }: { children: ReactNode }) {
  const { editor } = useQueryRun();
  const [history] = useState(() => createHistory(localStorage));
  const state = useStore(history);
  useEffect(() => history.follow(editor), [history, editor]);
  const value = useMemo(
    () => ({ ...state, save: history.save, remove: history.remove, clear: history.clear }),
    [state, history],
  );
  return <HistoryContextProvider value={value}>{children}</HistoryContextProvider>;
}

export { useHistory };
