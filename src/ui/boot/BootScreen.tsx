import { useEffect, useState } from "react";
import { useEngine, type StepState } from "../connection/EngineContext.js";
import { useQueryRun } from "../query/QueryContext.js";

const ORDER = ["load", "schema", "seed"] as const;
const PENDING: Record<(typeof ORDER)[number], string> = {
  load: "Loading the database (PGlite WASM)",
  schema: "Creating the schema",
  seed: "Generating and seeding the demo series",
};
/** Rough share of boot time per step, so the overall bar moves evenly. */
const WEIGHT = { load: 0.45, schema: 0.03, seed: 0.44, query: 0.08 };

/** What the worker is doing until the first chart: each step with its progress and time taken. */
export function BootScreen() {
  const { steps, status, error, params } = useEngine();
  const { status: runStatus, runs } = useQueryRun();
  const byStep = new Map(steps.map((s) => [s.step, s]));
  const queryDone = runs > 0;
  // Steps report at their start and end (seeding per batch); tick in between so the clock moves.
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(timer);
  }, []);
  const elapsed = (s: StepState) => (s.finished ? s.elapsedMs : s.elapsedMs + Math.max(0, now - s.receivedAt));
  const overall =
    ORDER.reduce((t, k) => {
      const s = byStep.get(k);
      return t + WEIGHT[k] * (s ? (s.finished ? 1 : s.done / Math.max(1, s.total)) : 0);
    }, 0) + (queryDone ? WEIGHT.query : 0);

  return (
    <div className="boot" role="dialog" aria-label="Starting the playground" data-testid="boot-screen">
      <div className="boot-card">
        <h2>Starting the analytics engine</h2>
        <p className="muted">
          Postgres (PGlite) runs in a Web Worker in this tab; {params.count.toLocaleString("en-US")} demo series (seed{" "}
          {params.seed}) are generated and loaded into it.
        </p>
        <div className="progress" aria-label="Overall progress">
          <div style={{ width: `${Math.round(overall * 100)}%` }} />
        </div>
        <ol className="boot-steps">
          {ORDER.map((k) => {
            const s = byStep.get(k);
            const state = s?.finished ? "done" : s ? "running" : "pending";
            return (
              <li key={k} className={state} data-step={k}>
                <span className="boot-icon">{state === "done" ? "✓" : state === "running" ? "…" : "·"}</span>
                <span className="boot-label">{s?.label ?? PENDING[k]}</span>
                {k === "seed" && s && !s.finished && (
                  <span className="muted">
                    {s.done.toLocaleString("en-US")} / {s.total.toLocaleString("en-US")}
                  </span>
                )}
                <span className="num">{s ? `${elapsed(s).toFixed(0)} ms` : ""}</span>
              </li>
            );
          })}
          <li className={queryDone ? "done" : runStatus === "running" ? "running" : "pending"} data-step="query">
            <span className="boot-icon">{queryDone ? "✓" : runStatus === "running" ? "…" : "·"}</span>
            <span className="boot-label">Running the default query</span>
          </li>
        </ol>
        {status === "error" && (
          <div className="error-banner" role="alert">
            <strong>Boot failed</strong>
            <span>{error}</span>
          </div>
        )}
      </div>
    </div>
  );
}
