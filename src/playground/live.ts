// Keeps the shown result current, framework-free: when the engine reports a data change the
// query re-runs by itself (once for a burst of changes), and the stored series counts are
// re-read for the panes that show them.
import type { EngineClient } from "../client/EngineClient.js";
import { METHODS } from "../rpc/methods.js";
import type { ChangedEvent, SeriesCountDto } from "../rpc/protocol.js";
import { createStore, type Store } from "./store.js";

type Change = Omit<ChangedEvent, "type"> & { at: number };

export type LiveState = {
  /** Bumped on every commit that added or removed series. */
  version: number;
  /**
   * Bumped once a burst of changes is over (no write of this page still running, and a quiet
   * moment): the query has been re-run then, and panes showing counts re-fetch on it.
   */
  settled: number;
  lastChange: Change | null;
  /** Stored series per metric and unit, re-read after every change; null until the first read. */
  counts: SeriesCountDto[] | null;
  /** A pane asked for the counts before any change (the data pane, when shown). */
  wanted: boolean;
};

/** What the feed needs of the query it keeps current. */
export type LiveQuery = { runs(): number; running(): boolean; refresh(): Promise<void> };

export interface LiveFeed extends Store<LiveState> {
  /** Listens for changes; returns the function that stops listening. */
  start(): () => void;
  wantCounts(): void;
  /** Reads the counts; an answer older than a later read is dropped. */
  readCounts(): Promise<void>;
}

/** A paste, a clear and a reseed in quick succession re-run the query once, not three times. */
export const LIVE_DEBOUNCE_MS = 250;

/** Methods that change the data: while one of this page's runs, more changes are coming. */
const WRITES = new Set(
  Object.keys(METHODS).filter((m) => typeof METHODS[m as keyof typeof METHODS].needs === "object"),
);

export function createLiveFeed(client: Pick<EngineClient, "on" | "call" | "inflight">, query: LiveQuery): LiveFeed {
  const store = createStore<LiveState>({ version: 0, settled: 0, lastChange: null, counts: null, wanted: false });
  let reads = 0;
  return {
    ...store,
    start() {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const off = client.on("changed", ({ type: _type, ...change }) => {
        store.set((s) => ({ version: s.version + 1, lastChange: { ...change, at: Date.now() } }));
        clearTimeout(timer);
        const runsAtChange = query.runs();
        // The engine runs calls in order, so a run started after the commit already sees it: then
        // re-running the older shown query would only overwrite the newer result.
        const settle = () => {
          // An import's next batch (or another write) is on its way: a re-run now would queue
          // between the batches and slow them, for a result the next batch changes again.
          if (client.inflight().some((c) => WRITES.has(c.method))) {
            timer = setTimeout(settle, LIVE_DEBOUNCE_MS);
            return;
          }
          if (!query.running() && query.runs() === runsAtChange) void query.refresh();
          store.set((s) => ({ settled: s.settled + 1 }));
        };
        timer = setTimeout(settle, LIVE_DEBOUNCE_MS);
      });
      return () => {
        off();
        clearTimeout(timer);
      };
    },
    wantCounts: () => store.set({ wanted: true }),
    async readCounts() {
      const mine = ++reads;
      try {
        const counts = await client.call("seriesCounts", {});
        if (mine === reads) store.set({ counts });
      } catch {
        // A cancel or a dead worker is reported by its own notice; the counts wait for the next change.
      }
    },
  };
}
