import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from "react";
import { RpcError, type EngineClient } from "../../client/EngineClient.js";
import type { ExecuteResult } from "../../rpc/protocol.js";
import { getEngineClient, type Backend } from "../../client/connect.js";
import { useEngine } from "../connection/EngineContext.js";
import { useProfiler } from "../profiler/ProfilerContext.js";

type CompareState = {
  /** Query B's text; A is the shown run. */
  text: string;
  setText: (text: string) => void;
  /** Where B runs: this page's backend, or the other one (PGlite ↔ server) to check they agree. */
  backendB: Backend;
  setBackendB: (backend: Backend) => void;
  result: ExecuteResult | null;
  /** The other backend's series count after B's last run there: whether both hold the same data. */
  otherCount: number | null;
  error: string | null;
  status: "idle" | "running" | "done" | "error";
  runs: number;
  run: (text?: string, backend?: Backend) => Promise<void>;
  /** Reseeds the server with this page's demo (count and seed), then runs B again: both backends hold the same data. */
  loadDemoIntoServer: () => Promise<void>;
};

const CompareContext = createContext<CompareState | null>(null);

const message = (e: unknown) =>
  e instanceof RpcError && e.field
    ? `${e.field}: ${e.message.replace(new RegExp(`^${e.field}: `), "")}`
    : e instanceof Error
      ? e.message
      : String(e);

/** Query B of compare mode, kept here so it survives a look at another results tab. */
export function CompareProvider({ children }: { children: ReactNode }) {
  const { client, backend, params } = useEngine();
  const { record } = useProfiler();
  const [text, setText] = useState("");
  const [backendB, setBackendB] = useState<Backend>(backend);
  const [result, setResult] = useState<ExecuteResult | null>(null);
  const [otherCount, setOtherCount] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<CompareState["status"]>("idle");
  const [runs, setRuns] = useState(0);
  const booting = useRef<Promise<EngineClient> | null>(null);

  /** The other backend, booted once on the same demo (count and seed) as this page's. */
  const other = useCallback(() => {
    booting.current ??= (async () => {
      const c = getEngineClient(backend === "tab" ? "server" : "tab");
      await c.boot({ count: params.count, seed: params.seed, store: { kind: "memory" } });
      return c;
    })().catch((e: unknown) => {
      booting.current = null;
      throw e;
    });
    return booting.current;
  }, [backend, params]);

  const run = useCallback(
    async (override?: string, on?: Backend) => {
      const submitted = override ?? text;
      const target = on ?? backendB;
      if (override !== undefined) setText(override);
      if (on !== undefined) setBackendB(on);
      setStatus("running");
      try {
        const engine = target === backend ? client : await other();
        const r = await engine.execute(submitted);
        setResult(r);
        // Profiled like the main query; a run on the other backend has its own run numbers, so only this one's.
        if (engine === client)
          record({
            runId: r.runId,
            at: Date.now(),
            elapsedMs: r.elapsedMs,
            timings: r.timings,
            summary: `Compare B · ${r.results.length} period${r.results.length === 1 ? "" : "s"}`,
          });
        if (engine !== client) setOtherCount((await engine.call("seriesCounts", {})).reduce((n, r) => n + r.count, 0));
        setError(null);
        setStatus("done");
      } catch (e) {
        setError(message(e));
        setStatus("error");
      } finally {
        setRuns((n) => n + 1);
      }
    },
    [client, backend, backendB, other, text, record],
  );
  const loadDemoIntoServer = useCallback(async () => {
    setStatus("running");
    try {
      const server = backend === "server" ? client : await other();
      await server.call("reseed", { count: params.count, seed: params.seed });
    } catch (e) {
      setError(message(e));
      setStatus("error");
      setRuns((n) => n + 1);
      return;
    }
    await run();
  }, [backend, client, other, params, run]);
  return (
    <CompareContext.Provider
      value={{ text, setText, backendB, setBackendB, result, otherCount, error, status, runs, run, loadDemoIntoServer }}
    >
      {children}
    </CompareContext.Provider>
  );
}

export function useCompare(): CompareState {
  const ctx = useContext(CompareContext);
  if (!ctx) throw new Error("useCompare outside CompareProvider");
  return ctx;
}
