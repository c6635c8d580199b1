import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import type { EngineClient } from "../../worker/client.js";
import type { BootParams, BootResult, BootStep, DimensionListDto, ProgressEvent } from "../../worker/protocol.js";
import { bootParamsFromUrl, getEngineClient } from "./createClient.js";
import { hook, marks } from "../testHook.js";

export type Catalog = { metrics: string[]; currencies: string[]; dimensions: DimensionListDto };
/** A step's latest progress and when it arrived, so the UI can keep its clock running between events. */
export type StepState = Omit<ProgressEvent, "type"> & { receivedAt: number };

type EngineState = {
  client: EngineClient;
  params: BootParams;
  status: "booting" | "ready" | "error";
  /** Boot steps in the order they started, with their latest progress. */
  steps: StepState[];
  boot: BootResult | null;
  error: string | null;
  /** What the editor completes: metrics, units, dimension names and paths. */
  catalog: Catalog | null;
};

const EngineContext = createContext<EngineState | null>(null);

export function EngineProvider({ children }: { children: ReactNode }) {
  const [client] = useState(getEngineClient);
  const [params] = useState(() => bootParamsFromUrl());
  const [steps, setSteps] = useState<Map<BootStep, StepState>>(new Map());
  const [boot, setBoot] = useState<BootResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [catalog, setCatalog] = useState<Catalog | null>(null);

  useEffect(() => {
    const off = client.on("progress", ({ type: _type, ...step }) => setSteps((m) => new Map(m).set(step.step, { ...step, receivedAt: performance.now() })));
    let live = true;
    marks.bootStart ??= performance.now();
    // Boot is idempotent in the worker, so StrictMode's second effect just gets the same answer.
    client
      .boot(params)
      .then(async (result) => {
        marks.bootDone ??= performance.now();
        hook.bootSteps = result.steps.map(({ label, elapsedMs }) => ({ label, elapsedMs }));
        const [metrics, currencies, dimensions] = await Promise.all([client.getMetrics(), client.getCurrencies(), client.getDimensions()]);
        if (!live) return;
        setBoot(result);
        setCatalog({ metrics, currencies, dimensions });
      })
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
      off();
    };
  }, [client, params]);

  const status = error ? "error" : boot && catalog ? "ready" : "booting";
  return <EngineContext.Provider value={{ client, params, status, steps: [...steps.values()], boot, error, catalog }}>{children}</EngineContext.Provider>;
}

export function useEngine(): EngineState {
  const ctx = useContext(EngineContext);
  if (!ctx) throw new Error("useEngine outside EngineProvider");
  return ctx;
}
