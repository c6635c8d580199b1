/** Called with the statement's index (−1 for `raw`) and its SQL before it runs. */
export type SqlQueryLogger = (index: number, query: string) => void;
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
