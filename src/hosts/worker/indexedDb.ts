// Where the tab's database lives when it is not the in-memory demo: a named IndexedDB database
// (PGlite `idb://<name>`), or a private in-memory copy of one another tab holds (dbShare.ts).
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import type { StoreSpec } from "../../rpc/protocol.js";
import { requestCopy, serveCopies } from "./dbShare.js";

/**
 * Opens the database of an IndexedDB spec; `created` when it has no analytics tables yet. A new
 * `idb` database given a `snapshot` (a demo data directory) starts as that snapshot; `files` are
 * PGlite's WASM and file bundle when already loaded (preload.ts). This worker
 * then serves copies of an `idb` database to other tabs, from `current()` (the database it holds
 * when asked).
 */
export async function openStoreDatabase(
  spec: Exclude<StoreSpec, { kind: "memory" }>,
  current: () => PGlite | null,
  snapshot: Blob | undefined,
  files: PGliteOptions,
): Promise<{ db: PGlite; created: boolean }> {
  const db =
    spec.kind === "idb"
      ? await PGlite.create({ dataDir: `idb://${spec.name}`, ...files, ...(snapshot ? { loadDataDir: snapshot } : {}) })
      : await PGlite.create({ ...files, loadDataDir: await requestCopy(spec.name) });
  if (spec.kind === "idb") serveCopies(spec.name, () => dumpForCopy(current() ?? db));
  const { rows } = await db.query<{ missing: boolean }>(`select to_regclass('"AnalyticsSeries"') is null as missing`);
  return { db, created: rows[0]?.missing ?? true };
}

/** The data directory another tab's copy loads: the committed rows as of now. */
async function dumpForCopy(db: PGlite): Promise<Blob> {
  if (db.closed) throw new Error("its database was closed");
  // A checkpoint first, so the copy starts from the data files without replaying the log.
  if (!db.isInTransaction()) await db.exec("checkpoint");
  // Uncompressed: the blob stays within this browser, and neither side spends time on gzip.
  return db.dumpDataDir("none");
}
