/**
 * Values written into SQL text, for statements sent as text alone (PGlite's `exec`): the
 * arguments of EXECUTE on a prepared statement cannot be bound parameters. E'' strings read the
 * same whatever `standard_conforming_strings` says; text never holds NUL (inputs are checked).
 */
export type SqlValue = string | number | null;

/** A string literal. */
function quote(text: string): string {
  return `E'${text.replace(/[\\']/g, (c) => (c === "'" ? "''" : "\\\\"))}'`;
}

/** A number exactly as JavaScript holds it (its shortest round-trip form, and -0). */
function numberText(n: number): string {
  return Object.is(n, -0) ? "-0" : String(n);
}

function element(v: SqlValue): string {
  if (v === null) return "NULL";
  if (typeof v === "number") return numberText(v);
  return `"${v.replace(/[\\"]/g, (c) => "\\" + c)}"`;
}

/** An array literal of `values` (its type comes from the statement), as a string literal. */
export function arrayLiteral(values: readonly SqlValue[]): string {
  return quote(`{${values.map(element).join(",")}}`);
}
