import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { RpcError } from "../../client/EngineClient.js";
import type { ErrorDto, ExecuteResult, QueryJson } from "../../rpc/protocol.js";
import { useEngine } from "../connection/EngineContext.js";
import { useProfiler } from "../profiler/ProfilerContext.js";
import { hook, marks } from "../testHook.js";
import { DEFAULT_QUERY } from "./examples.js";
import { useLatest } from "../hooks/useLatest.js";

type QueryState = {
  text: string;
  setText: (text: string) => void;
  /** Runs the editor's current text. */
  run: () => Promise<void>;
  status: "idle" | "running" | "done" | "error";
  /** The last successful run: panes keep showing it while a later run failed. */
  result: ExecuteResult | null;
  /** The last run's error, cleared by the next success. */
  error: ErrorDto | null;
  /** The text the error refers to, so markers land where they belong even after edits. */
  errorText: string | null;
  runs: number;
  /** Re-executes the shown result's query (not the editor's text, which may be mid-edit), e.g. after the data changed. */
  refresh: () => Promise<void>;
  /** The shown result came from `refresh`, not from a run the user asked for. */
  live: boolean;
  /** The editor text of the shown result: when `text` differs, the panes show something else than the editor. */
  ranText: string | null;
};

const QueryContext = createContext<QueryState | null>(null);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const describe = (r: ExecuteResult) =>
  `${plural(r.results.length, "period")} · ${r.results[0]?.rows.length ?? 0} series`;

export function QueryProvider({ children }: { children: ReactNode }) {
  const { client, status: engineStatus } = useEngine();
  const { record } = useProfiler();
  const [text, setTextState] = useState(DEFAULT_QUERY);
  const [status, setStatus] = useState<QueryState["status"]>("idle");
  const [result, setResult] = useState<ExecuteResult | null>(null);
  const [error, setError] = useState<ErrorDto | null>(null);
  const [errorText, setErrorText] = useState<string | null>(null);
  const [runs, setRuns] = useState(0);
  const [live, setLive] = useState(false);
  const [ranText, setRanText] = useState<string | null>(null);
  const resultRef = useLatest(result);
  // The run button, Ctrl+Enter and the test hook all read the latest text, not a stale closure's.
  const textRef = useLatest(text);
  // The ref first, so a run right after (a paste, a shared link, a history re-run) runs the new text.
  const setText = useCallback(
    (t: string) => {
      textRef.current = t;
      setTextState(t);
    },
    [textRef],
  );

  const execute = useCallback(
    async (submitted: string | QueryJson, isLive: boolean) => {
      setStatus("running");
      const t0 = performance.now();
      try {
        const r = await client.execute(submitted);
        marks.firstResult ??= performance.now();
        setResult(r);
        setLive(isLive);
        if (typeof submitted === "string") setRanText(submitted);
        // A live refresh re-ran the shown query; an error about the editor's text still stands.
        if (!isLive) {
          setError(null);
          setErrorText(null);
        }
        setStatus("done");
        record({ runId: r.runId, at: Date.now(), elapsedMs: r.elapsedMs, timings: r.timings, summary: describe(r) });
      } catch (e) {
        const dto: ErrorDto =
          e instanceof RpcError
            ? { kind: e.kind, message: e.message, field: e.field, position: e.position }
            : { kind: "internal", message: String(e) };
        setError(dto);
        setErrorText(typeof submitted === "string" ? submitted : null);
        setStatus("error");
        record({
          runId: -Date.now(),
          at: Date.now(),
          elapsedMs: performance.now() - t0,
          timings: [],
          summary: dto.message,
          error: true,
        });
      } finally {
        setRuns((n) => n + 1);
      }
    },
    [client, record],
  );
  const run = useCallback(() => execute(textRef.current, false), [execute, textRef]);
  const refresh = useCallback(async () => {
    const shown = resultRef.current;
    if (shown) await execute(shown.query, true);
  }, [execute, resultRef]);

  // The first run happens by itself once the demo is seeded, so the boot ends on a chart.
  const ranDefault = useRef(false);
  useEffect(() => {
    if (engineStatus !== "ready" || ranDefault.current) return;
    ranDefault.current = true;
    void run();
  }, [engineStatus, run]);

  useEffect(() => {
    hook.setQuery = (t) => {
      textRef.current = t;
      setText(t);
    };
    hook.getQuery = () => textRef.current;
    hook.run = run;
  }, [run, setText, textRef]);

  return (
    <QueryContext.Provider
      value={{ text, setText, run, status, result, error, errorText, runs, refresh, live, ranText }}
    >
      {children}
    </QueryContext.Provider>
  );
}

export function useQueryRun(): QueryState {
  const ctx = useContext(QueryContext);
  if (!ctx) throw new Error("useQueryRun outside QueryProvider");
  return ctx;
}

/**
 * Shows `result` instead of the editor's run to the panes inside it (chart, table, JSON): how
 * the Script pane renders a script's GroupedPeriodResults with the very same panes.
 */
export function ResultScope({ result, children }: { result: ExecuteResult; children: ReactNode }) {
  const outer = useQueryRun();
  const value = useMemo(() => ({ ...outer, result, live: false }), [outer, result]);
  return <QueryContext.Provider value={value}>{children}</QueryContext.Provider>;
}
