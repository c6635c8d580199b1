import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import type { ChangedEvent, SeriesCountDto } from "../../rpc/protocol.js";
import { useEngine } from "../connection/EngineContext.js";
import { useQueryRun } from "../query/QueryContext.js";
import { useLatest } from "../hooks/useLatest.js";

export type Change = Omit<ChangedEvent, "type"> & { at: number };

type LiveState = {
  /** Bumped on every commit that added or removed series: panes showing counts re-fetch on it. */
  version: number;
  lastChange: Change | null;
  /** Stored series per metric and unit, re-read after every change; null until the first read. */
  counts: SeriesCountDto[] | null;
  /** Their sum: what the store holds now (the boot count is only right until the first change). */
  seriesCount: number | null;
  /** Asks for `counts` before any change (the data pane, when shown); after one they are always read. */
  wantCounts: () => void;
};

const LiveContext = createContext<LiveState | null>(null);
/** A paste, a clear and a reseed in quick succession re-run the query once, not three times. */
const DEBOUNCE_MS = 250;

/** Keeps the shown result current: when the worker reports a data change, the query re-runs by itself. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const { client, status } = useEngine();
  const { refresh, runs, status: runStatus } = useQueryRun();
  const [version, setVersion] = useState(0);
  const [lastChange, setLastChange] = useState<Change | null>(null);
  const [counts, setCounts] = useState<SeriesCountDto[] | null>(null);
  const [wanted, setWanted] = useState(false);
  // Counting waits for the first query (the boot should end on a chart as early as it can), and
  // for a reason: a change, or a pane that shows the counts. The SQL log stays the user's.
  const needed = status === "ready" && runs > 0 && (version > 0 || wanted);
  const refreshRef = useLatest(refresh);
  const runState = useLatest({ runs, running: runStatus === "running" });

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = client.on("changed", ({ type: _type, ...change }) => {
      setVersion((v) => v + 1);
      setLastChange({ ...change, at: Date.now() });
      clearTimeout(timer);
      const runsAtChange = runState.current.runs;
      // The worker runs calls in order, so a run started after the commit already sees it: then
      // re-running the older shown query would only overwrite the newer result.
      timer = setTimeout(() => {
        const now = runState.current;
        if (!now.running && now.runs === runsAtChange) void refreshRef.current();
      }, DEBOUNCE_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [client, refreshRef, runState]);

  useEffect(() => {
    if (!needed) return;
    let live = true;
    client.call("seriesCounts", {}).then(
      (rows) => live && setCounts(rows),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, needed, version]);

  const seriesCount = counts && counts.reduce((t, r) => t + r.count, 0);
  const wantCounts = useCallback(() => setWanted(true), []);
  return (
    <LiveContext.Provider value={{ version, lastChange, counts, seriesCount, wantCounts }}>
      {children}
    </LiveContext.Provider>
  );
}

export function useLive(): LiveState {
  const ctx = useContext(LiveContext);
  if (!ctx) throw new Error("useLive outside LiveProvider");
  return ctx;
}
