import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { RpcError } from "../../worker/client.js";
import type { ExecuteResult } from "../../worker/protocol.js";
import { useEngine } from "../engine/EngineContext.js";

type CompareState = {
  /** Query B's text; A is the shown run. */
  text: string;
  setText: (text: string) => void;
  result: ExecuteResult | null;
  error: string | null;
  status: "idle" | "running" | "done" | "error";
  runs: number;
  run: (text?: string) => Promise<void>;
};

const CompareContext = createContext<CompareState | null>(null);

/** Query B of compare mode, kept here so it survives a look at another results tab. */
export function CompareProvider({ children }: { children: ReactNode }) {
  const { client } = useEngine();
  const [text, setText] = useState("");
  const [result, setResult] = useState<ExecuteResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<CompareState["status"]>("idle");
  const [runs, setRuns] = useState(0);
  const run = useCallback(
    async (override?: string) => {
      const submitted = override ?? text;
      if (override !== undefined) setText(override);
      setStatus("running");
      try {
        setResult(await client.execute(submitted));
        setError(null);
        setStatus("done");
      } catch (e) {
        setError(e instanceof RpcError && e.field ? `${e.field}: ${e.message.replace(new RegExp(`^${e.field}: `), "")}` : e instanceof Error ? e.message : String(e));
        setStatus("error");
      } finally {
        setRuns((n) => n + 1);
      }
    },
    [client, text],
  );
  return <CompareContext.Provider value={{ text, setText, result, error, status, runs, run }}>{children}</CompareContext.Provider>;
}

export function useCompare(): CompareState {
  const ctx = useContext(CompareContext);
  if (!ctx) throw new Error("useCompare outside CompareProvider");
  return ctx;
}
