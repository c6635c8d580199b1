// Run history and named queries, framework-free. Each run the user asked for (live re-runs after
// data changes are not history) is recorded; both lists are kept in the given storage (the page's
// localStorage) so they outlive the tab.
import type { ExecuteResult } from "../rpc/protocol.js";
import type { QueryState } from "./query.js";
import { createStore, type ReadableStore } from "./store.js";

export type HistoryEntry = {
  id: string;
  text: string;
  at: number;
  runId: number;
  periods: number;
  rows: number;
  series: number;
  elapsedMs: number;
};
type SavedQuery = { name: string; text: string; at: number };
export type HistoryState = { entries: HistoryEntry[]; saved: SavedQuery[] };

export interface History extends ReadableStore<HistoryState> {
  /** Records the query's runs from now on; returns the function that stops. */
  follow(query: ReadableStore<QueryState>): () => void;
  save(name: string, text: string): void;
  remove(name: string): void;
  clear(): void;
}

type KeyValue = Pick<Storage, "getItem" | "setItem">;

export const HISTORY_KEY = "analytics-playground.history.v1";
const SAVED_KEY = "analytics-playground.saved.v1";
const KEEP = 100;

function read<T>(storage: KeyValue, key: string): T[] {
  try {
    const v = JSON.parse(storage.getItem(key) ?? "[]") as unknown;
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

export function createHistory(storage: KeyValue): History {
  const store = createStore<HistoryState>({
    entries: read<HistoryEntry>(storage, HISTORY_KEY),
    saved: read<SavedQuery>(storage, SAVED_KEY),
  });
  // Storage full or denied: history is a convenience, the lists still work for this tab.
  const keep = (patch: Partial<HistoryState>) => {
    store.set(patch);
    try {
      if (patch.entries) storage.setItem(HISTORY_KEY, JSON.stringify(patch.entries));
      if (patch.saved) storage.setItem(SAVED_KEY, JSON.stringify(patch.saved));
    } catch {
      /* kept in memory only */
    }
  };
  const entry = (text: string, r: ExecuteResult): HistoryEntry => ({
    id: `${Date.now()}-${r.runId}`,
    text,
    at: Date.now(),
    runId: r.runId,
    periods: r.results.length,
    rows: r.results.reduce((t, p) => t + p.rows.length, 0),
    series: r.results[0]?.rows.length ?? 0,
    elapsedMs: r.elapsedMs,
  });
  return {
    get: store.get,
    subscribe: store.subscribe,
    follow(query) {
      let seen = query.get().result;
      return query.subscribe(() => {
        const { result, live, ranText } = query.get();
        if (!result || result === seen) return;
        seen = result;
        if (!live && ranText !== null)
          keep({ entries: [entry(ranText, result), ...store.get().entries].slice(0, KEEP) });
      });
    },
    save(name, text) {
      keep({ saved: [{ name, text, at: Date.now() }, ...store.get().saved.filter((s) => s.name !== name)] });
    },
    remove: (name) => keep({ saved: store.get().saved.filter((s) => s.name !== name) }),
    clear: () => keep({ entries: [] }),
  };
}
