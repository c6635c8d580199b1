import { useEffect, useMemo, useState, type ReactNode } from "react";
import { makeContext } from "../hooks/context.js";
import { createLiveFeed, type LiveState } from "../../playground/live.js";
import type { SeriesCountDto } from "../../rpc/protocol.js";
import { useEngine } from "../connection/EngineContext.js";
import { useLatest } from "../hooks/useLatest.js";
import { useStore } from "../hooks/useStore.js";
import { useQueryRun } from "../query/QueryContext.js";

type LiveContextState = Omit<LiveState, "wanted" | "version"> & {
  /** Their sum: what the store holds now (the boot count is only right until the first change). */
  seriesCount: number | null;
  /** Asks for `counts` before any change (the data pane, when shown); after one they are always read. */
  wantCounts: () => void;
};

const [LiveContextProvider, useLive] = makeContext<LiveContextState>("Live");

/** The live feed (src/playground/live.ts) over the page's query. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const { client, status } = useEngine();
  const { refresh, runs, status: runStatus } = useQueryRun();
  const query = useLatest({ refresh, runs, running: runStatus === "running" });
  const [feed] = useState(() =>
    createLiveFeed(client, {
      runs: () => query.current.runs,
      running: () => query.current.running,
      refresh: () => query.current.refresh(),
    }),
  );
  const { settled, lastChange, counts, wanted } = useStore(feed);
  useEffect(() => feed.start(), [feed]);
  // Counting waits for the first query (the boot should end on a chart as early as it can), and
  // for a reason: a burst of changes that is over, or a pane that shows the counts. The SQL log stays the user's.
  const needed = status === "ready" && runs > 0 && (settled > 0 || wanted);
  useEffect(() => {
    if (needed) void feed.readCounts();
  }, [feed, needed, settled]);

  const value = useMemo(
    () => ({
      settled,
      lastChange,
      counts,
      seriesCount: counts && counts.reduce((t: number, r: SeriesCountDto) => t + r.count, 0),
      wantCounts: feed.wantCounts,
    }),
    [settled, lastChange, counts, feed],
  );
  return <LiveContextProvider value={value}>{children}</LiveContextProvider>;
}

export { useLive };
