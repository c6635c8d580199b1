/** A statement as the database receives it: `$1…` placeholders and the values bound to them. */
export type NativeStatement = {
  sql: string;
  bindings: readonly unknown[];
  /**
   * When it ran as a prepared statement: the EXECUTE that ran it (its values written in), and
   * whether the database keeps one plan for it, made without the values (`generic`), or plans
   * each run for its values. Explaining the EXECUTE shows the plan that ran.
   */
  prepared?: { execute: string; generic: boolean };
};
/**
 * Called with the statement's index (−1 for `raw`) and its SQL before it runs: `query` is readable
 * (values inlined); `native`, when the statement has bound values, is what is actually sent.
 */
export type SqlQueryLogger = (index: number, query: string, native?: NativeStatement) => void;
/** Called with the same index and the rows after the statement ran. */
export type SqlResultsLogger = (index: number, results: unknown) => void;

export const defaultQueryLogger =
  (tag: string): SqlQueryLogger =>
  (index, query) =>
    console.log(`[${tag}][Q:${index}]: ${query}`);

export const defaultResultsLogger =
  (tag: string): SqlResultsLogger =>
  (index, results) =>
    console.log(`[${tag}][R:${index}]: ${Array.isArray(results) ? `${results.length} results` : String(results)}`);
