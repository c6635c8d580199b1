import { useQueryRun } from "./QueryContext.js";
import "./query.css";

/**
 * What the chart and table must say about what they show: an error (they keep the previous
 * result, dimmed), an editor that differs from the query that ran, and names that matched nothing.
 */
export function ResultNotes() {
  const { result, status, error, text, ranText } = useQueryRun();
  if (!result) return null;
  const warnings = result.warnings ?? [];
  return (
    <>
      {status === "error" && error ? (
        <div className="result-note error" role="status" data-testid="result-error">
          <strong>Error</strong> {error.message} <span className="muted">— showing run #{result.runId}</span>
        </div>
      ) : (
        ranText !== null &&
        text !== ranText &&
        status !== "running" && (
          <div className="result-note" role="status" data-testid="result-stale">
            edited — Ctrl+Enter to run
          </div>
        )
      )}
      {warnings.length > 0 && (
        <ul className="result-note warnings" data-testid="result-warnings">
          {warnings.map((w) => (
            <li key={w.field} data-field={w.field}>
              {w.message}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
