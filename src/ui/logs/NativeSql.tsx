import { useState } from "react";
import type { LogEntry } from "../../rpc/protocol.js";
import { copyText } from "../layout/copy.js";
import { bindingLines, bindingText, foldsAny } from "./bindings.js";
import { formatSql } from "./formatSql.js";

/** The statement as it was sent (`$1…` and the bound values), under its inlined form; closed until asked for. */
export function NativeSql({ native }: { native: NonNullable<LogEntry["native"]> }) {
  const [unfold, setUnfold] = useState(false);
  const n = native.bindings.length;
  const folds = foldsAny(native.bindings);
  const sql = formatSql(native.sql);
  return (
    <details className="native-sql" data-testid="native-sql">
      <summary className="muted">
        as sent: <code>$1</code>
        {n > 1 ? (
          <>
            …<code>${n}</code>
          </>
        ) : null}{" "}
        with {n} bound value{n === 1 ? "" : "s"}
      </summary>
      <pre className="sql" data-testid="native-sql-text">
        {sql}
      </pre>
      <ol className="bindings" data-testid="bindings">
        {native.bindings.map((b, i) => (
          <li key={i} data-testid="binding" data-type={b.type}>
            <code>${i + 1}</code> <span className="binding-type">{b.type}</span>{" "}
            <code data-testid="binding-value">{bindingText(b, folds && !unfold)}</code>
          </li>
        ))}
      </ol>
      <span className="native-actions">
        {folds && (
          <button className="link" data-testid="bindings-unfold" onClick={() => setUnfold(!unfold)}>
            {unfold ? "fold long arrays" : "show all values"}
          </button>
        )}
        <button
          className="link"
          title="Copy the statement with its bound values as a comment"
          onClick={() => void copyText(`${sql}\n/*\n${bindingLines(native.bindings).join("\n")}\n*/`)}
        >
          copy as sent
        </button>
      </span>
    </details>
  );
}
