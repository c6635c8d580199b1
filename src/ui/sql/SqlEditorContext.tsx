import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { RpcError } from "../../client/EngineClient.js";
import type { ErrorDto, RawResultDto } from "../../rpc/protocol.js";
import { useEngine } from "../connection/EngineContext.js";
import { usePanes } from "../layout/PanesContext.js";
import { useProfiler } from "../profiler/ProfilerContext.js";
import { hook } from "../testHook.js";
import { useLatest } from "../hooks/useLatest.js";

/** The SQL editor's Monaco model (kept across tab switches); shortcuts find the editor by it. */
export const SQL_MODEL_URI = "inmemory://playground/scratch.sql";

export const DEFAULT_SQL = `-- Ctrl/⌘+Enter runs the selection, or everything; each statement gets its own grid.
select metric, unit, count(*)::int as series, round(sum(value)::numeric, 2) as total
from "AnalyticsSeries"
group by metric, unit
order by metric, unit nulls first;

select dimension, count(*)::int as paths
from "AnalyticsDimension"
group by dimension
order by dimension;
`;

export type SqlError = ErrorDto & {
  /** The editor text when it ran: the marker is only drawn while the text is unchanged. */
  text: string;
  /** 0-based offset into `text` of Postgres' 1-based position (shifted when a selection ran). */
  offset?: number;
};

type SqlState = {
  text: string;
  setText: (text: string) => void;
  /** Runs `sql`, a part of the text starting at `offset` (a selection), or the whole text. */
  run: (selection?: { sql: string; offset: number }) => Promise<void>;
  status: "idle" | "running" | "done" | "error";
  /** The last success; kept while a later run failed, like the query's result. */
  result: (RawResultDto & { selection: boolean }) | null;
  error: SqlError | null;
  runs: number;
  /** Puts `sql` in the editor and brings the SQL pane forward (e.g. from a log entry). */
  open: (sql: string) => void;
  /** Bumped by `open`; the pane focuses its editor when it changes. */
  openCount: number;
};

const SqlEditorContext = createContext<SqlState | null>(null);

export function SqlEditorProvider({ children }: { children: ReactNode }) {
  const { client } = useEngine();
  const { show } = usePanes();
  const { record } = useProfiler();
  const [text, setText] = useState(DEFAULT_SQL);
  const [status, setStatus] = useState<SqlState["status"]>("idle");
  const [result, setResult] = useState<SqlState["result"]>(null);
  const [error, setError] = useState<SqlError | null>(null);
  const [runs, setRuns] = useState(0);
  const [openCount, setOpenCount] = useState(0);
  const textRef = useLatest(text);

  const run = useCallback<SqlState["run"]>(
    async (selection) => {
      const whole = textRef.current;
      const sql = selection?.sql ?? whole;
      setStatus("running");
      try {
        const r = await client.raw(sql);
        setResult({ ...r, selection: selection !== undefined });
        const n = r.statements.length;
        record({
          runId: r.runId,
          at: Date.now(),
          elapsedMs: r.elapsedMs,
          timings: r.timings ?? [],
          summary: `SQL editor · ${n} statement${n === 1 ? "" : "s"}`,
        });
        setError(null);
        setStatus("done");
      } catch (e) {
        const dto: ErrorDto =
          e instanceof RpcError
            ? { kind: e.kind, message: e.message, position: e.position }
            : { kind: "internal", message: String(e) };
        const offset =
          dto.kind === "sql" && dto.position !== undefined ? (selection?.offset ?? 0) + dto.position - 1 : undefined;
        setError({ ...dto, text: whole, offset });
        setStatus("error");
      } finally {
        setRuns((n) => n + 1);
      }
    },
    [client, record, textRef],
  );

  const open = useCallback(
    (sql: string) => {
      textRef.current = sql;
      setText(sql);
      setError(null);
      show("sql");
      setOpenCount((n) => n + 1);
    },
    [show, textRef],
  );

  useEffect(() => {
    hook.setSql = (t) => {
      textRef.current = t;
      setText(t);
    };
    hook.getSql = () => textRef.current;
  }, [textRef]);

  return (
    <SqlEditorContext.Provider value={{ text, setText, run, status, result, error, runs, open, openCount }}>
      {children}
    </SqlEditorContext.Provider>
  );
}

export function useSqlEditor(): SqlState {
  const ctx = useContext(SqlEditorContext);
  if (!ctx) throw new Error("useSqlEditor outside SqlEditorProvider");
  return ctx;
}
