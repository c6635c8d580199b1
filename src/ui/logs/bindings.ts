// The bound values of a statement as the database received them (LogEntry.native), as text: each
// `$n` with its type and value. Long arrays fold like the inlined form's literals (foldLiterals).
import type { BindingDto, JsonValue } from "../../rpc/protocol.js";

const FOLD_OVER = 8;
const KEEP = 2;

const valueText = (v: JsonValue): string => JSON.stringify(v);

/** One value as text; a folded array shows its ends and how many are hidden, a cut one says how many were sent. */
export function bindingText(b: BindingDto, fold: boolean): string {
  if (!Array.isArray(b.value)) return valueText(b.value);
  const items = b.value.map(valueText);
  const total = b.length ?? items.length;
  if (fold && total > FOLD_OVER) {
    const tail = b.length === undefined ? items.slice(-KEEP) : [];
    return `[${[...items.slice(0, KEEP), `…${total - KEEP - tail.length} more…`, ...tail].join(", ")}]`;
  }
  return `[${items.join(", ")}${b.length !== undefined ? `, …${b.length - items.length} more not logged` : ""}]`;
}

/** Whether any value folds (so the pane offers to unfold). */
export const foldsAny = (bindings: BindingDto[]): boolean =>
  bindings.some((b) => Array.isArray(b.value) && (b.length ?? b.value.length) > FOLD_OVER);

/** `$1 text = "budget"`, one line a value: for copying and the debug report. */
export const bindingLines = (bindings: BindingDto[], fold = false): string[] =>
  bindings.map((b, i) => `$${i + 1} ${b.type} = ${bindingText(b, fold)}`);
