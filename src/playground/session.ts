// The page's engine session, framework-free: which database this tab boots (waiting for an
// IndexedDB database's lock first), the boot's steps and result, the catalog the editors complete
// from, the client's health, and restarts. The React layer (src/ui/connection/EngineContext.tsx)
// only renders it.
import type { EngineClient, EngineHealth } from "../client/EngineClient.js";
import type { Backend } from "../client/connect.js";
import type { BootParams, BootResult, BootStep, DimensionListDto, ProgressEvent, StoreSpec } from "../rpc/protocol.js";
import { createStore, type Store } from "./store.js";

export type Catalog = { metrics: string[]; currencies: string[]; dimensions: DimensionListDto };
/** A step's latest progress and when it arrived, so the UI can keep its clock running between events. */
export type StepState = Omit<ProgressEvent, "type"> & { receivedAt: number };
/**
 * Why the worker was last replaced, and when: the UI says so until the next one. `restored`: the
 * changes made again on a database that started over (the in-memory demo, a copy).
 */
type Restart = {
  reason: "cancel" | "crash";
  at: number;
  cancelled: { method: string; ms: number }[];
  restored?: { replayed: number; failed: { method: string; message: string }[] };
};
/** This tab's hold on an IndexedDB database (Web Locks); "unsupported" where there are none. */
type LockState = "held" | "busy" | "unsupported";
/**
 * A request for a database's lock that stays queued while another tab holds it. `busy` settles
 * when it was not granted at once; `held` when it is (or "cancelled" once withdrawn).
 */
export type LockRequest = {
  held: Promise<"held" | "unsupported" | "cancelled">;
  busy: Promise<void>;
  /** Withdraws the request, or lets go of the lock if it was granted meanwhile. */
  cancel(): void;
};

export type SessionState = {
  /**
   * `locked`: the URL's IndexedDB database is open in another tab; the user may open a copy, and
   * this tab boots the database itself once the other lets go.
   */
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
  lastRestart: Restart | null;
  health: EngineHealth;
};

export type SessionOptions = {
  client: EngineClient;
  backend: Backend;
  /** The URL's boot parameters; `store` is what the URL asked for. */
  params: BootParams & { store: StoreSpec };
  /** Asks for an IndexedDB database's lock (the page's Web Locks). */
  acquire: (name: string) => LockRequest;
  /** Progress events that arrived before the session existed (the boot starts before React mounts). */
  earlyProgress?: readonly ProgressEvent[];
  /** When the boot answered (the page's performance marks). */
  onBooted?: (result: BootResult) => void;
};

export interface EngineSession extends Store<SessionState> {
  readonly client: EngineClient;
  readonly backend: Backend;
  readonly params: BootParams & { store: StoreSpec };
  /** Takes the lock when needed and boots; returns the function that stops listening (answers then land nowhere). */
  start(): () => void;
  /** Stops the worker (cancelling whatever runs) and boots the same database in a new one. */
  restart(reason: Restart["reason"]): void;
  /** Opens, in memory, a copy of the locked database: reads see its rows, writes stay in this tab. */
  openCopy(): void;
}

const statusOf = (s: Pick<SessionState, "error" | "store" | "lock" | "boot">): SessionState["status"] =>
  s.error ? "error" : !s.store && s.lock === "busy" ? "locked" : s.boot ? "ready" : "booting";

export function createEngineSession(options: SessionOptions): EngineSession {
  const { client, params } = options;
  const idb = params.store.kind === "idb" ? params.store : null;
  const steps = new Map<BootStep, StepState>(
    (options.earlyProgress ?? []).map(({ type: _type, ...step }) => [
      step.step,
      { ...step, receivedAt: performance.now() },
    ]),
  );
  const store = createStore<SessionState>({
    status: "booting",
    steps: [...steps.values()],
    boot: null,
    error: null,
    catalog: null,
    store: idb ? null : params.store,
    lock: idb ? "waiting" : null,
    lastRestart: null,
    health: client.health,
  });
  const update = (patch: Partial<SessionState>) =>
    store.set((s) => ({ ...patch, status: statusOf({ ...s, ...patch }) }));

  let generation = 0;
  /** Bumped whenever an earlier boot's or lock's answer must no longer land (stop, restart). */
  let epoch = 0;
  let started = false;

  /** The lock request while this tab waits for its database. */
  let request: LockRequest | null = null;

  function take(): void {
    if (!idb) return;
    const mine = epoch;
    request = options.acquire(idb.name);
    update({ lock: "waiting" });
    void request.busy.then(() => mine === epoch && store.get().lock === "waiting" && update({ lock: "busy" }));
    void request.held.then((lock) => {
      if (mine !== epoch || lock === "cancelled") return;
      update({ lock, store: idb });
      boot();
    });
  }

  function boot(): void {
    const spec = store.get().store;
    if (!spec) return;
    const mine = epoch;
    const first = generation === 0;
    client
      .boot({ count: params.count, seed: params.seed, store: spec, ...(first ? {} : { idBase: client.nextIdBase() }) })
      .then(async (result) => {
        options.onBooted?.(result);
        if (mine !== epoch) return;
        // A database that starts over in each new worker (the in-memory demo, a copy of another
        // tab's) gets this page's changes made again after a restart; IndexedDB and the server keep them.
        const startsOver = options.backend === "tab" && spec.kind !== "idb";
        client.keepWrites(startsOver);
        const restart = store.get().lastRestart;
        if (!first && startsOver && restart && client.keptWrites > 0) {
          const restored = await client.replayWrites();
          if (mine !== epoch) return;
          update({ lastRestart: { ...restart, restored } });
        }
        update({ boot: result });
        // After a restart the database may differ from what the panes show (the in-memory demo
        // starts over): tell them everything changed, as a reseed would.
        if (!first) client.announce({ type: "changed", runId: -1, method: "boot", sources: [""] });
        loadCatalog(mine);
      })
      .catch((e: unknown) => mine === epoch && update({ error: e instanceof Error ? e.message : String(e) }));
  }

  // The catalog (completions, form lists) after the boot, behind the first query the panes send.
  function loadCatalog(mine: number): void {
    setTimeout(() => {
      if (mine !== epoch) return;
      Promise.all([client.getMetrics(), client.getCurrencies(), client.getDimensions()]).then(
        ([metrics, currencies, dimensions]) =>
          mine === epoch && update({ catalog: { metrics, currencies, dimensions } }),
        // Only completions and form lists miss it; a cancel or a dead worker is reported by its own notice.
        () => undefined,
      );
    });
  }

  return {
    ...store,
    client,
    backend: options.backend,
    params,
    start() {
      started = true;
      const offProgress = client.on("progress", ({ type: _type, ...step }) => {
        steps.set(step.step, { ...step, receivedAt: performance.now() });
        update({ steps: [...steps.values()] });
      });
      const offHealth = client.watch(() => update({ health: client.health }));
      const { store: spec, boot: booted } = store.get();
      if (!booted && !spec) take();
      else if (!booted) boot();
      return () => {
        started = false;
        epoch++;
        offProgress();
        offHealth();
      };
    },
    restart(reason) {
      const now = Date.now();
      const cancelled = client.inflight().map((c) => ({ method: c.method, ms: now - c.startedAt }));
      client.restart();
      generation++;
      epoch++;
      steps.clear();
      update({ lastRestart: { reason, at: now, cancelled }, boot: null, error: null, steps: [] });
      // Still waiting for the database's lock: keep waiting (the request is the same one).
      if (!started) return;
      if (store.get().store) boot();
      else take();
    },
    openCopy() {
      if (!idb) return;
      // A copy is this tab's choice now: it must not take the database when the other tab lets go.
      request?.cancel();
      request = null;
      epoch++;
      update({ store: { kind: "idb-copy", name: idb.name } });
      if (started) boot();
    },
  };
}
