import { useEffect, useMemo, useState, type ReactNode } from "react";
import { makeContext } from "../hooks/context.js";
import type { EngineClient } from "../../client/EngineClient.js";
import { backendFromUrl, bootParamsFromUrl, getEngineClient, progressBeforeMount } from "../../client/connect.js";
import { createEngineSession, type EngineSession, type SessionState } from "../../playground/session.js";
import { useStore } from "../hooks/useStore.js";
import { acquireDatabase } from "../store/databases.js";
import { hook, marks } from "../testHook.js";

export type { Catalog, StepState } from "../../playground/session.js";

type EngineState = SessionState &
  Pick<EngineSession, "backend" | "params" | "restart" | "openCopy"> & {
    client: EngineClient;
    /** The framework-free session, for the cores that wait on it (shared links). */
    session: EngineSession;
  };

const [EngineContextProvider, useEngine] = makeContext<EngineState>("Engine");

function makeSession(): EngineSession {
  const backend = backendFromUrl();
  return createEngineSession({
    client: getEngineClient(backend),
    backend,
    params: bootParamsFromUrl(),
    acquire: (name) => acquireDatabase(name),
    earlyProgress: progressBeforeMount(),
    onBooted: (result) => {
      marks.bootDone ??= performance.now();
      hook.bootSteps = result.steps.map(({ label, elapsedMs }) => ({ label, elapsedMs }));
    },
  });
}

/** The engine session (src/playground/session.ts) for the panes: one per page. */
export function EngineProvider({ children }: { children: ReactNode }) {
  const [session] = useState(makeSession);
  const state = useStore(session);
  useEffect(() => {
    marks.bootStart ??= performance.now();
    hook.call = (method, p) => session.client.call(method, p);
    hook.restart = () => session.restart("cancel");
    hook.health = () => session.client.health;
    return session.start();
  }, [session]);
  const value = useMemo(
    () => ({
      ...state,
      session,
      client: session.client,
      backend: session.backend,
      params: session.params,
      restart: session.restart,
      openCopy: session.openCopy,
    }),
    [state, session],
  );
  return <EngineContextProvider value={value}>{children}</EngineContextProvider>;
}

export { useEngine };
