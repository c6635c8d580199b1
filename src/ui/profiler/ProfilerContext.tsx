import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import type { TimingEntry } from "../../rpc/protocol.js";

export type ProfiledRun = {
  runId: number;
  at: number;
  elapsedMs: number;
  timings: TimingEntry[];
  /** e.g. `48 periods · 12 series` or the error message. */
  summary: string;
  error?: boolean;
};

type ProfilerState = {
  runs: ProfiledRun[];
  selected: ProfiledRun | null;
  select: (runId: number | null) => void;
  record: (run: ProfiledRun) => void;
  clear: () => void;
};

const ProfilerContext = createContext<ProfilerState | null>(null);
const KEEP = 50;

export function ProfilerProvider({ children }: { children: ReactNode }) {
  const [runs, setRuns] = useState<ProfiledRun[]>([]);
  // null follows the latest run; a number pins one from the history.
  const [pinned, setPinned] = useState<number | null>(null);
  const record = useCallback((run: ProfiledRun) => setRuns((r) => [run, ...r].slice(0, KEEP)), []);
  const selected = (pinned === null ? runs[0] : runs.find((r) => r.runId === pinned)) ?? null;
  return (
    <ProfilerContext.Provider
      value={{ runs, selected, select: setPinned, record, clear: () => (setRuns([]), setPinned(null)) }}
    >
      {children}
    </ProfilerContext.Provider>
  );
}

export function useProfiler(): ProfilerState {
  const ctx = useContext(ProfilerContext);
  if (!ctx) throw new Error("useProfiler outside ProfilerProvider");
  return ctx;
}
