// Every limit the RPC enforces, defined once: the service refuses past them (naming the field),
// and the page uses the same numbers to keep its own inputs inside them.

/** Raw SQL: rows per statement sent to the page; the statement says how many there were. */
export const MAX_RAW_ROWS = 10_000;
/** A series query: rows over all periods. More is refused with a message naming what to narrow. */
export const MAX_RESULT_ROWS = 100_000;
/** The largest demo a boot or reseed makes: the dataset picker's largest size. */
export const MAX_DEMO_COUNT = 1_000_000;
/** Staged import rows stored by one storeStaged call (one transaction). */
export const MAX_STAGED_BATCH = 10_000;
/**
 * Characters of an import's text one stageText call carries: a file travels in chunks, each one
 * message far below the server's message cap even if every character were JSON-escaped.
 */
export const MAX_IMPORT_CHUNK = 1_000_000;
/** Characters one staged import holds, all its chunks together. */
export const MAX_IMPORT_TEXT = 128_000_000;
/** Rows one staged import may check and keep: each checked row costs the engine about a kilobyte. */
export const MAX_IMPORT_ROWS = 1_500_000;
/** A demo seed is a 31-bit whole number (the generator's state). */
export const MAX_SEED = 2 ** 31 - 1;
/** Metrics one series query may name: each is a bind parameter, and Postgres takes 65,535 per statement. */
export const MAX_QUERY_METRICS = 1_000;
/** Select paths one series query may name, over all dimensions (each becomes SQL). */
export const MAX_QUERY_PATHS = 1_000;
