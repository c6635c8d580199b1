// Where the tab's database lives when it is not the in-memory demo: a named IndexedDB database
// (PGlite `idb://<name>`), or a private in-memory copy of one another tab has open.
import { IdbFs, PGlite } from "@electric-sql/pglite";
import type { StoreSpec } from "../../rpc/protocol.js";

/**
 * PGlite's IndexedDB file system read once and never written back: a private in-memory copy of a
 * database another tab is writing. Its IndexedDB connection is closed after the load, so the
 * other tab can still delete or upgrade the database.
 */
class CopyOfIdbFs extends IdbFs {
  override async initialSyncFs(): Promise<void> {
    await super.initialSyncFs();
    closeIdbConnections(this.pg);
  }
  override async syncToFs(): Promise<void> {}
  override async closeFs(): Promise<void> {
    this.pg?.Module.FS.quit();
  }
}

/** Opens the database of an IndexedDB spec; `created` when it has no analytics tables yet. */
export async function openStoreDatabase(
  spec: Exclude<StoreSpec, { kind: "memory" }>,
): Promise<{ db: PGlite; created: boolean }> {
  const db =
    spec.kind === "idb"
      ? await PGlite.create(`idb://${spec.name}`)
      : await PGlite.create({ fs: new CopyOfIdbFs(spec.name) });
  const { rows } = await db.query<{ missing: boolean }>(`select to_regclass('"AnalyticsSeries"') is null as missing`);
  return { db, created: rows[0]?.missing ?? true };
}

/**
 * THE ONE REACH INTO PGLITE'S INTERNALS: Emscripten's IDBFS keeps its open IndexedDB connections
 * in `Module.IDBFS.dbs` (PGlite's own IdbFs.closeFs closes `dbs[dataDir]` there), and no public
 * API closes them while the database stays open. test/unit/internals.test.ts fails when an upgrade
 * moves it; here a moved internal is refused with its name instead of failing somewhere later.
 */
function closeIdbConnections(pg: unknown): void {
  const dbs = (pg as { Module?: { IDBFS?: { dbs?: unknown } } }).Module?.IDBFS?.dbs;
  if (typeof dbs !== "object" || dbs === null)
    throw new Error(
      "PGlite's Module.IDBFS.dbs is gone (moved in a PGlite upgrade): the read-only IndexedDB copy cannot close its connection; see src/hosts/worker/indexedDb.ts",
    );
  const open = dbs as Record<string, IDBDatabase>;
  for (const [key, db] of Object.entries(open)) {
    db.close();
    delete open[key];
  }
}
