import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { RpcError } from "../../client/EngineClient.js";
import type { ErrorDto, GraphqlResult } from "../../rpc/protocol.js";
import { useEngine } from "../connection/EngineContext.js";
import { useLatest } from "../hooks/useLatest.js";
import { usePanes } from "../layout/PanesContext.js";
import { useProfiler } from "../profiler/ProfilerContext.js";
import { hook } from "../testHook.js";

const DEFAULT_DOCUMENT = `# Ctrl/⌘+Enter runs. Paste any request an app sends: inline arguments or $variables.
{
  analytics {
    series(filter: {
      start: "2023-01-01", end: "2024-01-01", granularity: quarterly,
      metrics: ["Budget", "Actuals"], currency: "DAI",
      dimensions: [{ name: "budget", select: "atlas", lod: 2 }]
    }) {
      period start end
      rows { dimensions { name path label } metric unit value sum }
    }
  }
}
`;

type GraphqlState = {
  document: string;
  variables: string;
  setDocument: (text: string) => void;
  setVariables: (text: string) => void;
  run: () => Promise<void>;
  status: "idle" | "running" | "done" | "error";
  result: GraphqlResult | null;
  /** A refusal of the call itself (bad variables JSON); GraphQL errors are part of the response. */
  error: ErrorDto | null;
  /** Puts a request in the pane, brings it forward and runs it (a paste, a link). */
  open: (request: { query: string; variables?: string }) => Promise<void>;
};

const GraphqlContext = createContext<GraphqlState | null>(null);

const summary = (r: GraphqlResult) => {
  const errors = r.response.errors?.length ?? 0;
  return `GraphQL · ${errors ? `${errors} error${errors === 1 ? "" : "s"}` : "ok"} · ${r.logs.length} statement${r.logs.length === 1 ? "" : "s"}`;
};

export function GraphqlProvider({ children }: { children: ReactNode }) {
  const { client } = useEngine();
  const { record } = useProfiler();
  const { show } = usePanes();
  const [document, setDocumentState] = useState(DEFAULT_DOCUMENT);
  const [variables, setVariablesState] = useState("");
  const [status, setStatus] = useState<GraphqlState["status"]>("idle");
  const [result, setResult] = useState<GraphqlResult | null>(null);
  const [error, setError] = useState<ErrorDto | null>(null);
  // Ctrl+Enter and a paste run what was just set, not a stale render's text.
  const documentRef = useLatest(document);
  const variablesRef = useLatest(variables);
  const setDocument = useCallback(
    (t: string) => {
      documentRef.current = t;
      setDocumentState(t);
    },
    [documentRef],
  );
  const setVariables = useCallback(
    (t: string) => {
      variablesRef.current = t;
      setVariablesState(t);
    },
    [variablesRef],
  );

  const run = useCallback(async () => {
    const query = documentRef.current;
    const vars = variablesRef.current;
    setStatus("running");
    const t0 = performance.now();
    try {
      const r = await client.call("graphql", { query, variables: vars });
      setResult(r);
      setError(null);
      setStatus("done");
      record({ runId: r.runId, at: Date.now(), elapsedMs: r.elapsedMs, timings: r.timings, summary: summary(r) });
    } catch (e) {
      const dto: ErrorDto =
        e instanceof RpcError
          ? { kind: e.kind, message: e.message, field: e.field, position: e.position }
          : { kind: "internal", message: String(e) };
      setError(dto);
      setStatus("error");
      record({
        runId: -Date.now(),
        at: Date.now(),
        elapsedMs: performance.now() - t0,
        timings: [],
        summary: dto.message,
        error: true,
      });
    }
  }, [client, record, documentRef, variablesRef]);

  const open = useCallback(
    async (request: { query: string; variables?: string }) => {
      setDocument(request.query);
      setVariables(request.variables ?? "");
      show("graphql");
      await run();
    },
    [run, setDocument, setVariables, show],
  );

  useEffect(() => {
    hook.openGraphql = open;
  }, [open]);

  return (
    <GraphqlContext.Provider
      value={{ document, variables, setDocument, setVariables, run, status, result, error, open }}
    >
      {children}
    </GraphqlContext.Provider>
  );
}

export function useGraphql(): GraphqlState {
  const ctx = useContext(GraphqlContext);
  if (!ctx) throw new Error("useGraphql outside GraphqlProvider");
  return ctx;
}
