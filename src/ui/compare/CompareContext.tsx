import { useMemo, useState, type ReactNode } from "react";
import { getEngineClient } from "../../client/connect.js";
import { createCompare, type Compare, type CompareState as State } from "../../playground/compare.js";
import { useEngine } from "../connection/EngineContext.js";
import { makeContext } from "../hooks/context.js";
import { useStore } from "../hooks/useStore.js";
import { useProfiler } from "../profiler/ProfilerContext.js";

type CompareState = State &
  Pick<Compare, "setText" | "setBackendB" | "run" | "loadDemoIntoServer"> & {
    /** The framework-free query B, for the cores that follow it (shared links). */
    compare: Compare;
  };

const [CompareContextProvider, useCompare] = makeContext<CompareState>("Compare");

/** Compare's query B (src/playground/compare.ts), kept here so it survives a look at another tab. */
export function CompareProvider({ children }: { children: ReactNode }) {
  const { client, backend, params } = useEngine();
  const { record } = useProfiler();
  const [compare] = useState(() =>
    createCompare({ client, backend, params, profiler: { record }, connect: getEngineClient }),
  );
  const state = useStore(compare);
  const value = useMemo(
    () => ({
      ...state,
      compare,
      setText: compare.setText,
      setBackendB: compare.setBackendB,
      run: compare.run,
      loadDemoIntoServer: compare.loadDemoIntoServer,
    }),
    [state, compare],
  );
  return <CompareContextProvider value={value}>{children}</CompareContextProvider>;
}

export { useCompare };
