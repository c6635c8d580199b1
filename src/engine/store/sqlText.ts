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

/** A value of a prepared statement's argument: text, a number, or an array of them. */
export function literal(value: SqlValue | readonly SqlValue[]): string {
  if (Array.isArray(value)) return arrayLiteral(value);
  if (value === null) return "NULL";
  return typeof value === "number" ? numberText(value) : quote(value as string);
}

/**
 * A value as a reader sees it in a logged statement that runs as is: plain quotes unless the
 * text holds a backslash; arrays as `'{…}'` with their type, which the context cannot tell.
 */
export function readableLiteral(value: SqlValue | readonly SqlValue[], type: string): string {
  const text = Array.isArray(value) ? `{${value.map(element).join(",")}}` : value;
  const shown =
    typeof text !== "string" ? literal(text) : text.includes("\\") ? quote(text) : `'${text.replace(/'/g, "''")}'`;
  return Array.isArray(value) ? `${shown}::${type}` : shown;
}

const codeOf = (e: unknown) => (e as { code?: unknown }).code;

/**
 * Runs `run`, which executes prepared statements. Where the database does not hold them yet
 * (invalid_sql_statement_name: a new or replaced database, or after DEALLOCATE; nothing ran), runs
 * the `prepare` statements and then `run` again; a statement prepared already
 * (duplicate_prepared_statement: another store on the same database) is kept.
 */
export async function runPreparing<T>(
  run: () => Promise<T>,
  prepare: readonly string[],
  exec: (sql: string) => Promise<unknown>,
): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (codeOf(e) !== "26000") throw e;
    for (const sql of prepare)
      await exec(sql).catch((e2: unknown) => {
        if (codeOf(e2) !== "42P05") throw e2;
      });
    return run();
  }
}
