import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import type { ChangedEvent } from "../../worker/protocol.js";
import { useEngine } from "../engine/EngineContext.js";
import { useQueryRun } from "../query/QueryContext.js";

export type Change = Omit<ChangedEvent, "type"> & { at: number };

type LiveState = {
  /** Bumped on every commit that added or removed series: panes showing counts re-fetch on it. */
  version: number;
  lastChange: Change | null;
  /** Series stored after the last change; null until the first one (the boot count holds till then). */
  seriesCount: number | null;
};

const LiveContext = createContext<LiveState | null>(null);
/** A paste, a clear and a reseed in quick succession re-run the query once, not three times. */
const DEBOUNCE_MS = 250;

/** Keeps the shown result current: when the worker reports a data change, the query re-runs by itself. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const { client } = useEngine();
  const { refresh } = useQueryRun();
  const [version, setVersion] = useState(0);
  const [lastChange, setLastChange] = useState<Change | null>(null);
  const [seriesCount, setSeriesCount] = useState<number | null>(null);
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = client.on("changed", ({ type: _type, ...change }) => {
      setVersion((v) => v + 1);
      setLastChange({ ...change, at: Date.now() });
      clearTimeout(timer);
      timer = setTimeout(() => {
        void refreshRef.current();
        client.call("seriesCounts", {}).then((rows) => setSeriesCount(rows.reduce((t, r) => t + r.count, 0)), () => undefined);
      }, DEBOUNCE_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [client]);

  return <LiveContext.Provider value={{ version, lastChange, seriesCount }}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveState {
  const ctx = useContext(LiveContext);
  if (!ctx) throw new Error("useLive outside LiveProvider");
  return ctx;
}
