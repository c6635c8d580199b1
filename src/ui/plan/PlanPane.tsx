import { useEffect, useRef, useState } from "react";
import { RpcError } from "../../client/EngineClient.js";
import type { Plan, PlanNode } from "../../rpc/protocol.js";
import { explainable } from "../../rpc/sql.js";
import type { LogEntry } from "../../rpc/protocol.js";
import { useEngine } from "../connection/EngineContext.js";
import { copyText } from "../layout/copy.js";
import { foldLiterals, formatSql } from "../logs/formatSql.js";
import { NativeSql } from "../logs/NativeSql.js";
import { useQueryRun } from "../query/QueryContext.js";
import { useSqlEditor } from "../sql/SqlEditorContext.js";
import { debugReport, explainedPlans } from "./debugReport.js";
import { usePlanStatement } from "./PlanStatementContext.js";
import "./plan.css";

const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/**
 * The shown run's SQL, each statement with its values bound, openable in the SQL editor and explainable;
 * above it, a statement of another run (SQL editor, Compare, GraphQL) opened from its profiler stage.
 */
export function PlanPane() {
  const { result, ranText } = useQueryRun();
  const { boot, params } = useEngine();
  const { shown } = usePlanStatement();
  if (!result)
    return shown ? (
      <section className="pane plan-pane" aria-label="SQL and plans">
        <div className="scroll">
          <OtherRunStatement />
        </div>
      </section>
    ) : (
      <div className="placeholder">Waiting for the first run…</div>
    );
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
        <span className="spacer" />
        <button
          data-testid="copy-debug-report"
          title="Query, SQL, plans you explained, profiler stages, backend and dataset, as Markdown"
          onClick={() =>
            void copyText(
              debugReport({
                query: ranText ?? JSON.stringify(result.query, null, 2),
                result,
                backend: boot?.backend ?? null,
                dataset: `${params.count.toLocaleString("en-US")} series, seed ${params.seed}, store ${params.store.kind}${"name" in params.store ? ` ${params.store.name}` : ""}`,
              }),
            )
          }
        >
          Copy debug report
        </button>
      </div>
      <div className="scroll">
        <OtherRunStatement />
        {statements.length === 0 && <div className="placeholder">This run issued no SQL.</div>}
        {statements.map((e) => (
          // Keyed by the log entry: a new run starts with no plans shown.
          <Statement key={e.id} entry={e} />
        ))}
      </div>
    </section>
  );
}

/** The statement of another run that a profiler stage opened here, explainable like the query run's. */
function OtherRunStatement() {
  const { shown, close } = usePlanStatement();
  if (!shown) return null;
  return (
    <div className="plan-other" data-testid="plan-other">
      <div className="plan-other-head">
        <strong data-testid="plan-other-from">From {shown.from}</strong>
        <span className="spacer" />
        <button
          className="link"
          data-testid="plan-other-close"
          title="Remove this statement from the pane"
          onClick={close}
        >
          close
        </button>
      </div>
      {/* Keyed by the log entry: another statement starts with no plans shown. */}
      <Statement key={shown.statement.id} entry={shown.statement} />
    </div>
  );
}

export function Statement({ entry: e }: { entry: LogEntry }) {
  const { client } = useEngine();
  const { open } = useSqlEditor();
  // The last two plans: explaining again (e.g. with timing off, or after an index) shows them side by side.
  const [plans, setPlans] = useState<Plan[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [timing, setTiming] = useState(true);
  const [sideBySide, setSideBySide] = useState(false);
  const sql = formatSql(e.sql);
  const folded = foldLiterals(sql);
  const [unfold, setUnfold] = useState(false);
  const canExplain = explainable(e.sql);
  const plan = plans.at(-1) ?? null;
  const explain = async () => {
    setBusy(true);
    setError(null);
    try {
      // With the entry's id: a statement the store ran prepared is explained as it ran.
      const p = await client.call("explain", { sql: e.sql, timing, logId: e.id });
      setPlans((old) => [...old, p].slice(-2));
      explainedPlans.set(e.id, p);
    } catch (x) {
      setError(x instanceof RpcError ? x.message : String(x));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="plan-statement" data-testid="plan-statement" data-index={e.index} data-log-id={e.id}>
      <div className="plan-statement-head">
        <span className="badge">{e.index >= 0 ? `Q:${e.index}` : "SQL"}</span>
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
        <label
          className="muted"
          title="Per-node timing costs time of its own (a lot in WASM); off, the plan shows rows and buffers only"
        >
          <input
            type="checkbox"
            data-testid="plan-timing"
            checked={timing}
            onChange={(x) => setTiming(x.target.checked)}
          />{" "}
          timing
        </label>
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
      <pre className="sql plan-sql" data-testid="plan-sql" data-folded={folded !== null && !unfold}>
        {folded && !unfold ? folded.text : sql}
      </pre>
      {folded && (
        <button className="link" data-testid="plan-unfold" onClick={() => setUnfold(!unfold)}>
          {unfold ? "fold the long literal lists" : `show all (${folded.hidden} literals folded)`}
        </button>
      )}
      {e.native && <NativeSql native={e.native} />}
      {error && (
        <div className="error-text" data-testid="plan-error">
          {error}
        </div>
      )}
      {plans.length === 2 && (
        <label className="muted">
          <input
            type="checkbox"
            data-testid="plan-side-by-side"
            checked={sideBySide}
            onChange={(x) => setSideBySide(x.target.checked)}
          />{" "}
          side by side with the previous plan
        </label>
      )}
      {plan && sideBySide && plans.length === 2 ? (
        <div className="plan-pair" data-testid="plan-pair">
          <PlanTree plan={plans[0]} title="before" />
          <PlanTree plan={plans[1]} title="after" />
        </div>
      ) : (
        plan && <PlanTree plan={plan} />
      )}
    </div>
  );
}

const ratioText = (r: number) =>
  r >= 1 ? `${r.toFixed(r >= 100 ? 0 : 1)}× more` : `${(1 / r).toFixed(1 / r >= 100 ? 0 : 1)}× fewer`;

function PlanTree({ plan, title }: { plan: Plan; title?: string }) {
  const max = Math.max(1e-9, maxSelf(plan.root));
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: "nearest" });
  }, [plan]);
  const overhead = plan.realMs !== undefined ? plan.executionMs - plan.realMs : undefined;
  return (
    <div ref={ref} className="plan-tree" data-testid="plan-tree" data-nodes={plan.nodeCount} data-timing={plan.timing}>
      <div className="muted plan-times" data-testid="plan-times">
        {title && <strong>{title} · </strong>}
        {plan.nodeCount} node{plan.nodeCount === 1 ? "" : "s"} · planning {ms(plan.planningMs)} ms · execution{" "}
        {ms(plan.executionMs)} ms under EXPLAIN ANALYZE{plan.timing ? "" : " (timing off)"}
      </div>
      {plan.prepared && (
        <div className="muted plan-prepared" data-testid="plan-prepared" data-prepared={plan.prepared}>
          {plan.prepared === "kept"
            ? "The plan the store keeps for this query's shape: made once, without these values (the $n in conditions), and run with them."
            : "The store's prepared statement, planned for these values at each run."}{" "}
          Its top node folds the rows into one JSON text, as the store receives them.
        </div>
      )}
      {plan.realMs !== undefined && overhead !== undefined && (
        <div className="plan-real" data-testid="plan-real" data-real-ms={plan.realMs} data-overhead-ms={overhead}>
          real run without EXPLAIN: <strong>{ms(plan.realMs)} ms</strong> · instrumentation overhead{" "}
          {overhead >= 0 ? "+" : "−"}
          {ms(Math.abs(overhead))} ms
          {plan.timing && plan.realMs > 0 && plan.executionMs / plan.realMs >= 2
            ? ` (${(plan.executionMs / plan.realMs).toFixed(1)}× the real time: per-node timing; untick “timing” to measure without it)`
            : ""}
        </div>
      )}
      <ul>
        <Node node={plan.root} max={max} />
      </ul>
    </div>
  );
}

const maxSelf = (n: PlanNode): number => Math.max(n.selfMs ?? 0, ...n.children.map(maxSelf));

function Node({ node, max }: { node: PlanNode; max: number }) {
  return (
    <li>
      <div
        className={`plan-node${node.slowest ? " slowest" : ""}`}
        data-testid="plan-node"
        data-label={node.label}
        data-slowest={node.slowest}
        data-self-ms={node.selfMs}
        data-rows={node.rows}
        data-plan-rows={node.planRows}
        title={node.detail || undefined}
      >
        <span className="plan-label">
          {/* Before the label: a long label is cut at the column's end. */}
          {node.slowest && <span className="plan-flag">slowest</span>}
          {node.relationship && !/^(Outer|Inner|Member)$/.test(node.relationship) && (
            <span className="plan-rel muted">{node.relationship} · </span>
          )}
          {node.label}
        </span>
        <span className="plan-bar" aria-hidden>
          <span style={{ width: `${(100 * (node.selfMs ?? 0)) / max}%` }} />
        </span>
        <span className="num">{node.selfMs === undefined ? "—" : `${ms(node.selfMs)} ms self`}</span>
        <span className="num muted">{node.totalMs === undefined ? "" : `${ms(node.totalMs)} ms total`}</span>
        <span className="num" title={`estimated ${node.planRows.toLocaleString("en-US")} per loop`}>
          {node.rows.toLocaleString("en-US")} row{node.rows === 1 ? "" : "s"}
          {node.loops > 1 ? ` × ${node.loops}` : ""}
          <span className="muted"> / est {node.planRows.toLocaleString("en-US")}</span>
          {node.workers > 0 && <span className="muted"> · {node.workers + 1} processes</span>}
        </span>
        {node.misestimate !== undefined && (
          <span className="plan-misestimate" data-testid="plan-misestimate">
            {ratioText(node.misestimate)} rows than estimated
          </span>
        )}
        {node.buffers && (
          <span className="muted plan-buffers" data-testid="plan-buffers">
            buffers hit {node.buffers.hit} · read {node.buffers.read}
            {node.buffers.temp ? ` · temp ${node.buffers.temp}` : ""}
          </span>
        )}
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
