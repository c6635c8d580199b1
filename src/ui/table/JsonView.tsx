import { useMemo } from "react";
import { useQueryRun } from "../query/QueryContext.js";
import { copyText } from "../layout/copy.js";

/** Past this the <pre> gets sluggish; the copy button still copies everything. */
const MAX_CHARS = 400_000;

export function JsonView() {
  const { result } = useQueryRun();
  const json = useMemo(() => (result ? JSON.stringify(result.results, null, 2) : ""), [result]);
  if (!result) return <div className="placeholder">Waiting for the first run…</div>;
  const truncated = json.length > MAX_CHARS;
  return (
    <section className="pane json-pane" aria-label="Results JSON">
      <div className="toolbar">
        <span className="muted">
          {result.results.length} periods · {(json.length / 1024).toFixed(1)} kB
          {truncated ? " · truncated below, copy for all" : ""}
        </span>
        <span className="spacer" />
        <button onClick={() => void copyText(json)}>Copy JSON</button>
      </div>
      <pre className="scroll json" data-testid="json-view" data-truncated={truncated}>
        {truncated ? json.slice(0, MAX_CHARS) + "\n…" : json}
      </pre>
    </section>
  );
}
