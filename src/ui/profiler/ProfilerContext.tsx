import { useMemo, useState, type ReactNode } from "react";
import { createProfiler, selectedRun, type Profiler, type ProfiledRun } from "../../playground/profiler.js";
import { makeContext } from "../hooks/context.js";
import { useStore } from "../hooks/useStore.js";

export type { ProfiledRun } from "../../playground/profiler.js";

type ProfilerState = Pick<Profiler, "record" | "select" | "clear"> & {
  runs: ProfiledRun[];
  selected: ProfiledRun | null;
};

const [ProfilerContextProvider, useProfiler] = makeContext<ProfilerState>("Profiler");

/** The profiler's record (src/playground/profiler.ts) for the panes. */
export function ProfilerProvider({ children }: { children: ReactNode }) {
  const [profiler] = useState(createProfiler);
  const state = useStore(profiler);
  const value = useMemo(
    () => ({
      runs: state.runs,
      selected: selectedRun(state),
      record: profiler.record,
      select: profiler.select,
      clear: profiler.clear,
    }),
    [state, profiler],
  );
  return <ProfilerContextProvider value={value}>{children}</ProfilerContextProvider>;
}

export { useProfiler };
