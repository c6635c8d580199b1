import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import type { LogEntry } from "../../rpc/protocol.js";
import { useEngine } from "../connection/EngineContext.js";

type LogsState = { entries: LogEntry[]; clear: () => void };

const LogsContext = createContext<LogsState | null>(null);
/** Older entries are dropped: a long session must not grow the page without bound. */
const KEEP = 2000;

export function LogsProvider({ children }: { children: ReactNode }) {
  const { client } = useEngine();
  const [entries, setEntries] = useState<LogEntry[]>([]);

  useEffect(() => {
    // Seeding emits hundreds of events in a burst: apply them every 50 ms, not one by one
    // (a timer rather than requestAnimationFrame, which stops in background tabs).
    let queue: LogEntry[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const batch = queue;
      queue = [];
      setEntries((current) => {
        const byId = new Map(current.map((e, i) => [e.id, i]));
        const next = [...current];
        for (const e of batch) {
          const i = byId.get(e.id);
          if (i === undefined) {
            byId.set(e.id, next.length);
            next.push(e);
          } else next[i] = e;
        }
        return next.length > KEEP ? next.slice(next.length - KEEP) : next;
      });
    };
    const off = client.on("log", ({ entry }) => {
      queue.push(entry);
      timer ??= setTimeout(flush, 50);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [client]);

  return <LogsContext.Provider value={{ entries, clear: () => setEntries([]) }}>{children}</LogsContext.Provider>;
}

export function useLogs(): LogsState {
  const ctx = useContext(LogsContext);
  if (!ctx) throw new Error("useLogs outside LogsProvider");
  return ctx;
}
