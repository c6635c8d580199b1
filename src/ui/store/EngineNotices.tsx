import { useEffect, useState } from "react";
import { useEngine } from "../connection/EngineContext.js";
import { StorePanel } from "./StorePanel.js";
import "./store.css";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const changes = (n: number) => `${n} change${n === 1 ? "" : "s"}`;

/** What became of this page's changes on a database that started over. */
function restoredText(restored: NonNullable<ReturnType<typeof useEngine>["lastRestart"]>["restored"]): string {
  if (!restored) return "";
  const { replayed, failed } = restored;
  const again = replayed > 0 ? ` and your ${changes(replayed)} were made again` : "";
  if (failed.length === 0) return again;
  return `${again}; ${changes(failed.length)} could not be: ${failed.map((f) => `${f.method}: ${f.message}`).join("; ")}`;
}

/** While a call runs: what and for how long, and a Cancel that restarts the worker. */
export function EngineActivity() {
  const { client, restart, status } = useEngine();
  // The clock this renders from: set when a call starts or ends, and every 200 ms while one runs.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => client.watch(() => setNow(Date.now())), [client]);
  const calls = client.inflight().filter((c) => c.method !== "boot");
  const busy = calls.length > 0;
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(timer);
  }, [busy]);
  const oldest = calls[0];
  const ms = oldest ? Math.max(0, now - oldest.startedAt) : 0;
  if (!oldest || ms < 300 || status !== "ready") return null;
  return (
    <span className="engine-activity" data-testid="engine-busy" data-method={oldest.method}>
      <span className="spinner" aria-hidden /> {oldest.method} running {seconds(ms)}
      {calls.length > 1 ? ` (+${calls.length - 1} queued)` : ""}
      <button
        className="danger"
        onClick={() => restart("cancel")}
        data-testid="cancel-run"
        title="Stops the engine worker and starts a new one on the same database; editors keep their text"
      >
        Cancel
      </button>
    </span>
  );
}

/** The worker died, was restarted, or its database is open in another tab: say so, offer what to do. */
export function EngineNotices() {
  const { status, health, restart, lastRestart, store, params, openCopy, boot, backend } = useEngine();
  const [dismissed, setDismissed] = useState<number | null>(null);
  // The restart notice goes by itself once the new worker has booted and it has been read.
  useEffect(() => {
    if (!lastRestart || !boot) return;
    const timer = setTimeout(() => setDismissed(lastRestart.at), 20_000);
    return () => clearTimeout(timer);
  }, [lastRestart, boot]);
  const name = params.store.kind === "idb" ? params.store.name : "";
  return (
    <>
      {health.state === "dead" && (
        <div className="engine-notice error-banner" role="alert" data-testid="engine-dead">
          <strong>The engine stopped</strong>
          <span>{health.message}. Your editors keep their text.</span>
          <button className="primary" onClick={() => restart("crash")} data-testid="restart-engine">
            Restart engine
          </button>
        </div>
      )}
      {lastRestart && dismissed !== lastRestart.at && health.state === "alive" && (
        <div className="engine-notice" role="status" data-testid="engine-restarted" data-reason={lastRestart.reason}>
          <span>
            {lastRestart.reason === "cancel"
              ? lastRestart.cancelled.length > 0
                ? `Cancelled ${lastRestart.cancelled.map((c) => `${c.method} after ${seconds(c.ms)}`).join(", ")}: the engine was restarted`
                : "The engine was restarted"
              : "The engine was restarted after it stopped"}
            {boot ? "" : " · booting…"}
            {store?.kind === "idb" || (store && backend === "server")
              ? " · the database keeps every committed change"
              : store
                ? ` · ${store.kind === "memory" ? "the in-memory demo" : "the copy"} starts over${restoredText(lastRestart.restored)}`
                : ""}
          </span>
          <button className="link" onClick={() => setDismissed(lastRestart.at)} aria-label="Dismiss">
            ✕
          </button>
        </div>
      )}
      {status === "locked" && (
        <div className="help-backdrop store-backdrop">
          <div className="help-card" role="dialog" aria-label="Database in use" data-testid="db-in-use">
            <h2>“{name}” is open in another tab</h2>
            <p>
              PGlite keeps one writer per IndexedDB database, and another tab of this playground is using “{name}”. This
              tab can open a copy of it in memory: it holds the rows as they are now, and whatever you change here is
              not saved to “{name}”.
            </p>
            <p className="muted" data-testid="db-waiting">
              Or wait: this tab opens “{name}” itself as soon as the other tab closes it.
            </p>
            <div className="store-choices">
              <button className="primary" onClick={openCopy} data-testid="open-copy">
                Open a read-only copy
              </button>
            </div>
            <h3>Or open another database</h3>
            <StorePanel />
          </div>
        </div>
      )}
      {store?.kind === "idb-copy" && (
        <span
          className="store-badge"
          data-testid="store-copy-badge"
          title={`A copy of “${store.name}” taken when this tab booted; changes here are not saved`}
        >
          copy of “{store.name}” · not saved
        </span>
      )}
    </>
  );
}
