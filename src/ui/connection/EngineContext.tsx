import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import type { EngineClient, EngineHealth } from "../../client/EngineClient.js";
import type {
  BootParams,
  BootResult,
  BootStep,
  DimensionListDto,
  ProgressEvent,
  StoreSpec,
} from "../../rpc/protocol.js";
import { acquireDatabase, type LockState } from "../store/databases.js";
import {
  backendFromUrl,
  bootParamsFromUrl,
  getEngineClient,
  progressBeforeMount,
  type Backend,
} from "../../client/connect.js";
import { hook, marks } from "../testHook.js";

export type Catalog = { metrics: string[]; currencies: string[]; dimensions: DimensionListDto };
/** A step's latest progress and when it arrived, so the UI can keep its clock running between events. */
export type StepState = Omit<ProgressEvent, "type"> & { receivedAt: number };

/** Why the worker was last replaced, and when: the UI says so until the next one. */
export type Restart = { reason: "cancel" | "crash"; at: number; cancelled: { method: string; ms: number }[] };

type EngineState = {
  client: EngineClient;
  /** Where this page's engine runs (the URL's `?backend=`). */
  backend: Backend;
  /** The URL's boot parameters; `store` is what the URL asked for. */
  params: BootParams & { store: StoreSpec };
  /** `locked`: the URL's IndexedDB database is open in another tab; the user picks what to do. */
  status: "booting" | "ready" | "error" | "locked";
  /** Boot steps in the order they started, with their latest progress. */
  steps: StepState[];
  boot: BootResult | null;
  error: string | null;
  /** What the editor completes: metrics, units, dimension names and paths. */
  catalog: Catalog | null;
  /** The database booted (or being booted); null while waiting for its lock or the user's choice. */
  store: StoreSpec | null;
  /** This tab's hold on the URL's IndexedDB database (null for the in-memory demo). */
  lock: LockState | "waiting" | null;
  /** Opens, in memory, a copy of the locked database: reads see its rows, writes stay in this tab. */
  openCopy: () => void;
  /** Asks for the locked database's lock again (after the other tab closed). */
  retryLock: () => void;
  /** Stops the worker (cancelling whatever runs) and boots the same database in a new one; editors keep their text. */
  restart: (reason: Restart["reason"]) => void;
  lastRestart: Restart | null;
  health: EngineHealth;
};

const EngineContext = createContext<EngineState | null>(null);

export function EngineProvider({ children }: { children: ReactNode }) {
  const [backend] = useState(() => backendFromUrl());
  const [client] = useState(() => getEngineClient(backend));
  const [params] = useState(() => bootParamsFromUrl());
  const [steps, setSteps] = useState<Map<BootStep, StepState>>(
    () =>
      new Map(
        progressBeforeMount().map(({ type: _type, ...step }) => [
          step.step,
          { ...step, receivedAt: performance.now() },
        ]),
      ),
  );
  const [boot, setBoot] = useState<BootResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const idb = params.store.kind === "idb" ? params.store : null;
  const [store, setStore] = useState<StoreSpec | null>(idb ? null : params.store);
  const [lock, setLock] = useState<EngineState["lock"]>(idb ? "waiting" : null);
  const [generation, setGeneration] = useState(0);
  const [lastRestart, setLastRestart] = useState<Restart | null>(null);
  const [health, setHealth] = useState<EngineHealth>(client.health);

  useEffect(() => client.watch(() => setHealth(client.health)), [client]);

  // An IndexedDB database is booted only while this tab holds its lock (or as a copy).
  const take = useCallback(
    (retry: boolean) => {
      if (!idb) return () => undefined;
      let live = true;
      setLock("waiting");
      void acquireDatabase(idb.name, { retry }).then((state) => {
        if (!live) return;
        setLock(state);
        if (state !== "busy") setStore(idb);
      });
      return () => {
        live = false;
      };
    },
    [idb],
  );
  // Taking the lock is the effect's work: "waiting" shows at once, as the request starts.
  // eslint-disable-next-line react-hooks/set-state-in-effect
  useEffect(() => take(false), [take]);

  useEffect(() => {
    if (!store) return;
    const off = client.on("progress", ({ type: _type, ...step }) =>
      setSteps((m) => new Map(m).set(step.step, { ...step, receivedAt: performance.now() })),
    );
    let live = true;
    marks.bootStart ??= performance.now();
    // Boot is idempotent in the worker, so StrictMode's second effect just gets the same answer.
    client
      .boot({
        count: params.count,
        seed: params.seed,
        store,
        ...(generation > 0 ? { idBase: client.nextIdBase() } : {}),
      })
      .then((result) => {
        marks.bootDone ??= performance.now();
        hook.bootSteps = result.steps.map(({ label, elapsedMs }) => ({ label, elapsedMs }));
        if (!live) return;
        setBoot(result);
        // After a restart the database may differ from what the panes show (the in-memory demo
        // starts over): tell them everything changed, as a reseed would.
        if (generation > 0) client.announce({ type: "changed", runId: -1, method: "boot", sources: [""] });
      })
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
      off();
    };
  }, [client, params, store, generation]);

  // The catalog (completions, form lists) after the boot: React runs the panes' effects before
  // this one, so the first query reaches the engine before these three calls.
  useEffect(() => {
    if (!boot) return;
    let live = true;
    Promise.all([client.getMetrics(), client.getCurrencies(), client.getDimensions()]).then(
      ([metrics, currencies, dimensions]) => live && setCatalog({ metrics, currencies, dimensions }),
      // Only completions and form lists miss it; a cancel or a dead worker is reported by its own notice.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, boot]);

  const restart = useCallback(
    (reason: Restart["reason"]) => {
      const now = Date.now();
      const cancelled = client.inflight().map((c) => ({ method: c.method, ms: now - c.startedAt }));
      client.restart();
      setLastRestart({ reason, at: now, cancelled });
      setBoot(null);
      setError(null);
      setSteps(new Map());
      setGeneration((g) => g + 1);
    },
    [client],
  );
  const openCopy = useCallback(() => idb && setStore({ kind: "idb-copy", name: idb.name }), [idb]);
  const retryLock = useCallback(() => void take(true), [take]);

  useEffect(() => {
    hook.call = (method, p) => client.call(method, p);
    hook.restart = () => restart("cancel");
    hook.health = () => client.health;
  }, [client, restart]);

  const status = error ? "error" : !store && lock === "busy" ? "locked" : boot ? "ready" : "booting";
  return (
    <EngineContext.Provider
      value={{
        client,
        backend,
        params,
        status,
        steps: [...steps.values()],
        boot,
        error,
        catalog,
        store,
        lock,
        openCopy,
        retryLock,
        restart,
        lastRestart,
        health,
      }}
    >
      {children}
    </EngineContext.Provider>
  );
}

export function useEngine(): EngineState {
  const ctx = useContext(EngineContext);
  if (!ctx) throw new Error("useEngine outside EngineProvider");
  return ctx;
}
