import { useEffect, useMemo, useState, type ReactNode } from "react";
import { createLogs, type Logs, type LogsState as State } from "../../playground/logs.js";
import { useEngine } from "../connection/EngineContext.js";
import { makeContext } from "../hooks/context.js";
import { useStore } from "../hooks/useStore.js";

type LogsState = State & Pick<Logs, "clear" | "setFilter" | "setView" | "toggle">;

const [LogsContextProvider, useLogs] = makeContext<LogsState>("Logs");

/** The SQL log (src/playground/logs.ts), fed by the engine's log events. */
export function LogsProvider({ children }: { children: ReactNode }) {
  const { client } = useEngine();
  const [logs] = useState(createLogs);
  const state = useStore(logs);
  useEffect(() => logs.follow(client), [logs, client]);
  const value = useMemo(
    () => ({ ...state, clear: logs.clear, setFilter: logs.setFilter, setView: logs.setView, toggle: logs.toggle }),
    [state, logs],
  );
  return <LogsContextProvider value={value}>{children}</LogsContextProvider>;
}

export { useLogs };
