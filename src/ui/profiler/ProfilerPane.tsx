import { useMemo } from "react";
import type { TimingEntry } from "../../rpc/protocol.js";
import { formatSql } from "../logs/formatSql.js";
import { usePlanStatement } from "../plan/PlanStatementContext.js";
import { useQueryRun } from "../query/QueryContext.js";
import { useSqlEditor } from "../sql/SqlEditorContext.js";
import { useProfiler, type ProfiledRun } from "./ProfilerContext.js";

const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** Stage timings of one run as a waterfall on the run's clock, and the history of runs. */
export function ProfilerPane() {
  const { runs, selected, select, clear } = useProfiler();
  return (
    <section className="pane profiler-pane" aria-label="Profiler">
      <div className="toolbar">
        <strong>Profiler</strong>
        {selected && (
          <span className="muted">
            run #{selected.runId > 0 ? selected.runId : "–"} · {ms(selected.elapsedMs)} ms total
          </span>
        )}
        <span className="spacer" />
        <button onClick={clear}>Clear</button>
      </div>
      <div className="profiler-body">
        <div className="scroll waterfall-host">
          {selected ? <Waterfall run={selected} /> : <div className="placeholder">No runs yet.</div>}
        </div>
        <ol className="scroll run-history" aria-label="Run history">
          {runs.map((r) => (
            <li key={r.runId}>
              <button
                className={`${r === selected ? "selected" : ""} ${r.error ? "failed" : ""}`}
                onClick={() => select(r.runId)}
                data-testid="profiler-run"
              >
                <span>{r.runId > 0 ? `#${r.runId}` : r.error ? "✕" : "script"}</span>
                <span className="muted">{new Date(r.at).toLocaleTimeString()}</span>
                <span className="num">{ms(r.elapsedMs)} ms</span>
                <span className="history-summary">{r.summary}</span>
              </button>
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}

function Waterfall({ run }: { run: ProfiledRun }) {
  const totals = useMemo(() => {
    const t = new Map<string, { count: number; ms: number }>();
    for (const e of run.timings) {
      const x = t.get(e.metric) ?? { count: 0, ms: 0 };
      t.set(e.metric, { count: x.count + 1, ms: x.ms + e.durationMs });
    }
    return [...t.entries()].sort((a, b) => b[1].ms - a[1].ms);
  }, [run]);
  if (run.error) return <div className="error-text">{run.summary}</div>;
  const span = Math.max(run.elapsedMs, ...run.timings.map((e) => e.startMs + e.durationMs), 0.001);
  const rows: TimingEntry[] = [...run.timings].sort((a, b) => a.startMs - b.startMs || b.durationMs - a.durationMs);
  return (
    <div>
      <div className="waterfall" data-testid="waterfall">
        {rows.map((e, i) => (
          <div className="waterfall-row" key={i} data-testid="timing" data-metric={e.metric} data-ms={e.durationMs}>
            <span className="waterfall-label">
              {e.metric}
              <StageStatements ids={e.logIds} run={run} />
            </span>
            <span className="waterfall-track">
              <span
                className="waterfall-bar"
                style={{
                  left: `${(Math.max(0, e.startMs) / span) * 100}%`,
                  width: `${Math.max(0.4, (e.durationMs / span) * 100)}%`,
                }}
              />
            </span>
            <span className="num">{ms(e.durationMs)} ms</span>
          </div>
        ))}
        <div className="waterfall-row total">
          <span className="waterfall-label">whole run</span>
          <span className="waterfall-track">
            <span className="waterfall-bar whole" style={{ left: 0, width: "100%" }} />
          </span>
          <span className="num">{ms(run.elapsedMs)} ms</span>
        </div>
      </div>
      <table className="stage-totals">
        <tbody>
          {totals.map(([metric, t]) => (
            <tr key={metric}>
              <td>{metric}</td>
              <td className="num">{t.count}×</td>
              <td className="num">{ms(t.ms)} ms</td>
              <td className="num muted">{((t.ms / span) * 100).toFixed(0)}%</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A stage's statements: each opens in the SQL editor, and in the plan pane: among the shown query
 * run's statements when it is one of them, else in the pane's section for another run's statement.
 */
function StageStatements({ ids, run }: { ids?: number[]; run: ProfiledRun }) {
  const { open } = useSqlEditor();
  const plan = usePlanStatement();
  const { result } = useQueryRun();
  if (!ids?.length || !run.statements) return null;
  return (
    <>
      {ids.map((id) => {
        const st = run.statements?.find((x) => x.id === id);
        if (!st) return null;
        const name = st.index >= 0 ? `Q:${st.index}` : "SQL";
        const inPlan = result?.logs.some((l) => l.id === id) ?? false;
        return (
          <span key={id} className="stage-statement">
            {" "}
            <button
              className="link"
              data-testid="stage-sql"
              data-log-id={id}
              title="Open this statement in the SQL editor"
              onClick={() => open(formatSql(st.sql))}
            >
              {name}
            </button>
            <button
              className="link"
              data-testid="stage-plan"
              data-in-run={inPlan}
              title="Show this statement in the SQL and plans pane, to explain it"
              onClick={() => (inPlan ? plan.focus(id) : plan.show(run, id))}
            >
              plan
            </button>
          </span>
        );
      })}
    </>
  );
}
