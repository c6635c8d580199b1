import { useEffect, useRef, useState } from "react";
import { RpcError } from "../../client/EngineClient.js";
import type { Plan, PlanNode } from "../../rpc/protocol.js";
import { explainable } from "../../rpc/sql.js";
import type { LogEntry } from "../../rpc/protocol.js";
import { useEngine } from "../connection/EngineContext.js";
import { copyText } from "../layout/copy.js";
import { formatSql } from "../logs/formatSql.js";
import { useQueryRun } from "../query/QueryContext.js";
import { useSqlEditor } from "../sql/SqlEditorContext.js";
import "./plan.css";

const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** The shown run's SQL, each statement with its values bound, openable in the SQL editor and explainable. */
export function PlanPane() {
  const { result } = useQueryRun();
  if (!result) return <div className="placeholder">Waiting for the first run…</div>;
  const statements = result.logs.filter((l) => l.status !== "running");
  return (
    <section className="pane plan-pane" aria-label="SQL and plans" data-run-id={result.runId}>
      <div className="toolbar">
        <strong>Run #{result.runId}</strong>
        <span className="muted" data-testid="plan-summary">
          {statements.length} statement{statements.length === 1 ? "" : "s"} ·{" "}
          {statements.reduce((t, e) => t + (e.durationMs ?? 0), 0).toFixed(1)} ms in SQL · {result.elapsedMs.toFixed(0)}{" "}
          ms in all
        </span>
      </div>
      <div className="scroll">
        {statements.length === 0 && <div className="placeholder">This run issued no SQL.</div>}
        {statements.map((e) => (
          // Keyed by the log entry: a new run starts with no plans shown.
          <Statement key={e.id} entry={e} />
        ))}
      </div>
    </section>
  );
}

export function Statement({ entry: e }: { entry: LogEntry }) {
  const { client } = useEngine();
  const { open } = useSqlEditor();
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sql = formatSql(e.sql);
  const canExplain = explainable(e.sql);
  const explain = async () => {
    setBusy(true);
    setError(null);
    try {
      setPlan(await client.call("explain", { sql: e.sql }));
    } catch (x) {
      setPlan(null);
      setError(x instanceof RpcError ? x.message : String(x));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="plan-statement" data-testid="plan-statement" data-index={e.index}>
      <div className="plan-statement-head">
        <span className="badge">Q:{e.index}</span>
        <span className="muted">
          {e.status === "error"
            ? "failed"
            : `${e.rowCount} row${e.rowCount === 1 ? "" : "s"} · ${e.durationMs?.toFixed(1)} ms`}
        </span>
        <span className="spacer" />
        <button className="link" onClick={() => void copyText(e.sql)}>
          copy
        </button>
        <button className="link" data-testid="plan-open-sql" onClick={() => open(sql)}>
          open in SQL editor
        </button>
        <button
          data-testid="plan-explain"
          disabled={!canExplain || busy}
          title={
            canExplain
              ? "EXPLAIN (ANALYZE, BUFFERS): runs it in a transaction that is rolled back"
              : "EXPLAIN takes one statement other than COPY"
          }
          onClick={() => void explain()}
        >
          {busy ? "Explaining…" : plan ? "EXPLAIN again" : "EXPLAIN"}
        </button>
      </div>
      <pre className="sql plan-sql" data-testid="plan-sql">
        {sql}
      </pre>
      {error && (
        <div className="error-text" data-testid="plan-error">
          {error}
        </div>
      )}
      {plan && <PlanTree plan={plan} />}
    </div>
  );
}

function PlanTree({ plan }: { plan: Plan }) {
  const max = Math.max(1e-9, maxSelf(plan.root));
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: "nearest" });
  }, [plan]);
  return (
    <div ref={ref} className="plan-tree" data-testid="plan-tree" data-nodes={plan.nodeCount}>
      <div className="muted plan-times">
        {plan.nodeCount} node{plan.nodeCount === 1 ? "" : "s"} · planning {ms(plan.planningMs)} ms · execution{" "}
        {ms(plan.executionMs)} ms · bars: time in the node alone
      </div>
      <ul>
        <Node node={plan.root} max={max} />
      </ul>
    </div>
  );
}

const maxSelf = (n: PlanNode): number => Math.max(n.selfMs, ...n.children.map(maxSelf));

function Node({ node, max }: { node: PlanNode; max: number }) {
  return (
    <li>
      <div
        className={`plan-node${node.slowest ? " slowest" : ""}`}
        data-testid="plan-node"
        data-slowest={node.slowest}
        data-self-ms={node.selfMs}
        data-rows={node.rows}
        title={node.detail || undefined}
      >
        <span className="plan-label">
          {/* Before the label: a long label is cut at the column's end. */}
          {node.slowest && <span className="plan-flag">slowest</span>}
          {node.label}
        </span>
        <span className="plan-bar" aria-hidden>
          <span style={{ width: `${(100 * node.selfMs) / max}%` }} />
        </span>
        <span className="num">{ms(node.selfMs)} ms self</span>
        <span className="num muted">{ms(node.totalMs)} ms total</span>
        <span className="num">
          {node.rows.toLocaleString("en-US")} row{node.rows === 1 ? "" : "s"}
          {node.loops > 1 ? ` × ${node.loops}` : ""}
        </span>
        {node.detail && <span className="plan-detail muted">{node.detail}</span>}
      </div>
      {node.children.length > 0 && (
        <ul>
          {node.children.map((c) => (
            <Node key={c.id} node={c} max={max} />
          ))}
        </ul>
      )}
    </li>
  );
}
