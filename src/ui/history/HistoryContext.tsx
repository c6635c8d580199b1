import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { useQueryRun } from "../query/QueryContext.js";
import { useLatest } from "../hooks/useLatest.js";

/** One run the user asked for (live re-runs after data changes are not history). */
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
export type SavedQuery = { name: string; text: string; at: number };

type HistoryState = {
  /** Newest first. */
  entries: HistoryEntry[];
  saved: SavedQuery[];
  save: (name: string, text: string) => void;
  remove: (name: string) => void;
  clear: () => void;
};

const HISTORY_KEY = "analytics-playground.history.v1";
const SAVED_KEY = "analytics-playground.saved.v1";
const KEEP = 100;

function read<T>(key: string): T[] {
  try {
    const v = JSON.parse(localStorage.getItem(key) ?? "[]") as unknown;
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

function write(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    /* storage full or denied: history is a convenience */
  }
}

const HistoryContext = createContext<HistoryState | null>(null);

/** Run history and named queries, both in localStorage so they outlive the tab. */
export function HistoryProvider({ children }: { children: ReactNode }) {
  const { result, live, text } = useQueryRun();
  const [entries, setEntries] = useState<HistoryEntry[]>(() => read<HistoryEntry>(HISTORY_KEY));
  const [saved, setSaved] = useState<SavedQuery[]>(() => read<SavedQuery>(SAVED_KEY));
  const textRef = useLatest(text);
  const seen = useRef<typeof result>(null);

  useEffect(() => {
    if (!result || result === seen.current || live) return;
    seen.current = result;
    const entry: HistoryEntry = {
      id: `${Date.now()}-${result.runId}`,
      text: textRef.current,
      at: Date.now(),
      runId: result.runId,
      periods: result.results.length,
      rows: result.results.reduce((t, p) => t + p.rows.length, 0),
      series: result.results[0]?.rows.length ?? 0,
      elapsedMs: result.elapsedMs,
    };
    setEntries((list) => {
      const next = [entry, ...list].slice(0, KEEP);
      write(HISTORY_KEY, next);
      return next;
    });
  }, [result, live, textRef]);

  const save = useCallback((name: string, text: string) => {
    setSaved((list) => {
      const next = [{ name, text, at: Date.now() }, ...list.filter((s) => s.name !== name)];
      write(SAVED_KEY, next);
      return next;
    });
  }, []);
  const remove = useCallback((name: string) => {
    setSaved((list) => {
      const next = list.filter((s) => s.name !== name);
      write(SAVED_KEY, next);
      return next;
    });
  }, []);
  const clear = useCallback(() => {
    write(HISTORY_KEY, []);
    setEntries([]);
  }, []);

  return <HistoryContext.Provider value={{ entries, saved, save, remove, clear }}>{children}</HistoryContext.Provider>;
}

export function useHistory(): HistoryState {
  const ctx = useContext(HistoryContext);
  if (!ctx) throw new Error("useHistory outside HistoryProvider");
  return ctx;
}
