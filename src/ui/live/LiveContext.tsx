import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import type { ChangedEvent, SeriesCountDto } from "../../worker/protocol.js";
import { useEngine } from "../engine/EngineContext.js";
import { useQueryRun } from "../query/QueryContext.js";

export type Change = Omit<ChangedEvent, "type"> & { at: number };

type LiveState = {
  /** Bumped on every commit that added or removed series: panes showing counts re-fetch on it. */
  version: number;
  lastChange: Change | null;
  /** Stored series per metric and unit, re-read after every change; null until the first read. */
  counts: SeriesCountDto[] | null;
  /** Their sum: what the store holds now (the boot count is only right until the first change). */
  seriesCount: number | null;
};

const LiveContext = createContext<LiveState | null>(null);
/** A paste, a clear and a reseed in quick succession re-run the query once, not three times. */
const DEBOUNCE_MS = 250;

/** Keeps the shown result current: when the worker reports a data change, the query re-runs by itself. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const { client, status } = useEngine();
  const { refresh, runs } = useQueryRun();
  // Counting waits for the first query: the boot should end on a chart as early as it can.
  const started = status === "ready" && runs > 0;
  const [version, setVersion] = useState(0);
  const [lastChange, setLastChange] = useState<Change | null>(null);
  const [counts, setCounts] = useState<SeriesCountDto[] | null>(null);
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = client.on("changed", ({ type: _type, ...change }) => {
      setVersion((v) => v + 1);
      setLastChange({ ...change, at: Date.now() });
      clearTimeout(timer);
      timer = setTimeout(() => void refreshRef.current(), DEBOUNCE_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [client]);

  useEffect(() => {
    if (!started) return;
    let live = true;
    client.call("seriesCounts", {}).then((rows) => live && setCounts(rows), () => undefined);
    return () => {
      live = false;
    };
  }, [client, started, version]);

  const seriesCount = counts && counts.reduce((t, r) => t + r.count, 0);
  return <LiveContext.Provider value={{ version, lastChange, counts, seriesCount }}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveState {
  const ctx = useContext(LiveContext);
  if (!ctx) throw new Error("useLive outside LiveProvider");
  return ctx;
}
