import { useState } from "react";
import { RpcError } from "../../client/EngineClient.js";

export type Outcome = { ok: true; text: string } | { ok: false; text: string; field?: string; kind?: string };

/** A button's call: busy while it runs, then its outcome (the worker's error names the field). */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const perform = async (fn: () => Promise<string>) => {
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({ ok: true, text: await fn() });
    } catch (e) {
      setOutcome(
        e instanceof RpcError
          ? { ok: false, text: e.message, field: e.field, kind: e.kind }
          : { ok: false, text: e instanceof Error ? e.message : String(e) },
      );
    } finally {
      setBusy(false);
    }
  };
  return { busy, outcome, perform };
}

/** `refused` says what an input error left untouched: the store checks everything before it writes. */
export function OutcomeLine({
  outcome,
  testId,
  refused,
}: {
  outcome: Outcome | null;
  testId: string;
  refused: string;
}) {
  if (!outcome) return null;
  return (
    <div
      className={outcome.ok ? "data-ok" : "data-error"}
      role={outcome.ok ? "status" : "alert"}
      data-testid={testId}
      data-ok={outcome.ok}
      data-field={outcome.ok ? "" : (outcome.field ?? "")}
    >
      {outcome.text}
      {!outcome.ok && outcome.kind === "input" && <span className="muted"> — {refused}</span>}
    </div>
  );
}
