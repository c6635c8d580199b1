// IndexedDB database names, shared by the worker (which opens them) and the page (which lists,
// locks and deletes them). No imports: the page bundle must not pull in PGlite for a regex.

/** Names the playground creates: PGlite stores each as the IndexedDB database `/pglite/<name>`. */
export const DB_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const DB_NAME_RULE = "1–64 letters, digits, '.', '_' or '-', starting with a letter or digit";
/** What indexedDB.databases() calls a PGlite database. */
export const IDB_PREFIX = "/pglite/";
/** The Web Lock a tab holds while its worker may write the database (PGlite's idb file system is single-writer). */
export const lockName = (db: string) => `analytics-db:${db}`;
