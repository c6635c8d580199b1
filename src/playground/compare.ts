// Compare's query B, framework-free: its text, where it runs (this page's backend, or the other
// one — PGlite ↔ server — booted on the same demo to check both agree), and its run.
import { RpcError, type EngineClient } from "../client/EngineClient.js";
import type { Backend } from "../client/connect.js";
import type { BootParams, ExecuteResult } from "../rpc/protocol.js";
import { statementsOf, type Profiler } from "./profiler.js";
import { createRun, type RunState } from "./run.js";
import { createStore, type ReadableStore } from "./store.js";

type CompareInput = { text: string; backend: Backend };

export type CompareState = Omit<RunState<CompareInput, ExecuteResult>, "error"> & {
  /** Query B's text; A is the shown run. */
  text: string;
  backendB: Backend;
  /** The other backend's series count after B's last run there: whether both hold the same data. */
  otherCount: number | null;
  error: string | null;
};

export interface Compare extends ReadableStore<CompareState> {
  setText(text: string): void;
  setBackendB(backend: Backend): void;
  /** Runs B (optionally with a new text or backend, which then stay). */
  run(text?: string, backend?: Backend): Promise<void>;
  /** Reseeds the server with this page's demo (count and seed), then runs B again. */
  loadDemoIntoServer(): Promise<void>;
}

export type CompareOptions = {
  client: EngineClient;
  backend: Backend;
  params: Pick<BootParams, "count" | "seed">;
  profiler: Pick<Profiler, "record">;
  /** A client of the other backend (booted here, on first use). */
  connect: (backend: Backend) => EngineClient;
};

/** "field: message" when the error names a field, once. */
const message = (e: { message: string; field?: string }) =>
  e.field ? `${e.field}: ${e.message.replace(new RegExp(`^${e.field}: `), "")}` : e.message;

export function createCompare({ client, backend, params, profiler, connect }: CompareOptions): Compare {
  let booting: Promise<EngineClient> | null = null;
  const other = () => {
    booting ??= (async () => {
      const c = connect(backend === "tab" ? "server" : "tab");
      await c.boot({ count: params.count, seed: params.seed, store: { kind: "memory" } });
      return c;
    })().catch((e: unknown) => {
      booting = null;
      throw e;
    });
    return booting;
  };
  let otherCount: number | null = null;
  const machine = createRun<CompareInput, ExecuteResult>(async ({ text, backend: target }) => {
    const engine = target === backend ? client : await other();
    const r = await engine.execute(text);
    // Profiled like the main query; the other backend has its own run numbers, so only this one's.
    if (engine === client) {
      const summary = `Compare B · ${r.results.length} period${r.results.length === 1 ? "" : "s"}`;
      const { runId, elapsedMs, timings, logs } = r;
      profiler.record({ runId, at: Date.now(), elapsedMs, timings, summary, statements: statementsOf(logs) });
    } else {
      otherCount = (await engine.call("seriesCounts", {})).reduce((n, c) => n + c.count, 0);
    }
    return r;
  });
  const derived = ({ error, ...rest }: RunState<CompareInput, ExecuteResult>) => ({
    ...rest,
    otherCount,
    error: error && message(error),
  });
  const store = createStore<CompareState>({ text: "", backendB: backend, ...derived(machine.get()) });
  machine.subscribe(() => store.set(derived(machine.get())));
  const run = async (text?: string, on?: Backend) => {
    if (text !== undefined) store.set({ text });
    if (on !== undefined) store.set({ backendB: on });
    const { text: t, backendB } = store.get();
    await machine.run({ text: t, backend: backendB });
  };
  return {
    get: store.get,
    subscribe: store.subscribe,
    setText: (text) => store.set({ text }),
    setBackendB: (backendB) => store.set({ backendB }),
    run,
    async loadDemoIntoServer() {
      try {
        const server = backend === "server" ? client : await other();
        store.set({ status: "running" });
        await server.call("reseed", { count: params.count, seed: params.seed });
      } catch (e) {
        const error = e instanceof RpcError ? message(e) : e instanceof Error ? e.message : String(e);
        store.set((s) => ({ status: "error", error, runs: s.runs + 1 }));
        return;
      }
      await run();
    },
  };
}
