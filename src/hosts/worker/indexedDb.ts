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
    const idbfs = (this.pg as unknown as { Module: { IDBFS: { dbs: Record<string, IDBDatabase> } } }).Module.IDBFS;
    for (const [key, db] of Object.entries(idbfs.dbs)) {
      db.close();
      delete idbfs.dbs[key];
    }
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
