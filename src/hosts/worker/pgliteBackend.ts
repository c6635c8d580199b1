// The playground's database in this tab: PGlite in the worker, in memory (the demo, from its
// snapshot when there is one) or in a named IndexedDB database.
import { PGlite } from "@electric-sql/pglite";
import { AnalyticsInputError, AnalyticsPath, MemoryAnalyticsStore } from "../../engine/index.js";
import type { BackendFactory, EngineBackend, SqlStatementResult } from "../../service/backend.js";
import { explainIn, explainPrepared } from "../../service/explain.js";
import { importDump } from "../../service/import/sqlDump.js";
import type { BootParams } from "../../rpc/protocol.js";
import { seedDemo, seedDemoMarked, seedInterrupted } from "../../demo/seed.js";
import type { Preload } from "./preload.js";
import { demoSnapshot, snapshotForNewDatabase } from "./snapshot.js";
import { forgetKept, keeperOfSeededDemo, worthCaching } from "./demoCache.js";
import { openStoreDatabase } from "./indexedDb.js";

/** Commands whose tag counts rows written. */
const WRITES = new Set(["INSERT", "UPDATE", "DELETE", "MERGE", "COPY"]);

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

const countSeries = async (db: PGlite) =>
  (await db.query<{ n: number }>(`select count(*)::int as n from "AnalyticsSeries"`)).rows[0].n;

/** `preloaded()` hands over downloads the worker started before this module loaded (see preload.ts). */
export const pgliteBackendWith =
  (preloaded: () => Preload | null = () => null): BackendFactory =>
  (hooks) => {
    let database: PGlite | null = null;
    /** An IndexedDB database (not a copy): every call ends with its changes flushed there. */
    let persistent = false;
    /** A demo this boot seeded, to be kept in the browser for the next boot (demoCache.ts). */
    let keeper: ReturnType<typeof keeperOfSeededDemo> | null = null;
    const store = new MemoryAnalyticsStore({
      pgLiteFactory: async () => database ?? (database = await PGlite.create()),
      ...hooks,
    });
    store.subscribeToSource(AnalyticsPath.fromString(""), () => keeper?.touched());

    /** The store's database (a dump load may have replaced it), if it has one yet. */
    const current = (): PGlite | null => {
      try {
        return store.db;
      } catch {
        return null;
      }
    };

    /** A call never leaves a transaction open (each is its own session); true when one was rolled back. */
    const closeTransaction = async (): Promise<boolean> => {
      const db = current();
      if (!db || db.closed || !db.isInTransaction()) return false;
      await db.exec("rollback");
      return true;
    };

    const backend: EngineBackend = {
      info: { kind: "pglite", label: "in this tab (PGlite)", allowWrites: true },
      store,

      async boot({ count, seed, store: spec }: BootParams, step) {
        const target = spec ?? { kind: "memory" };
        const early = preloaded();
        const ours = early && early.count === count && early.seed === seed ? early : null;
        const files = ours ? ours.files : Promise.resolve({});
        if (target.kind !== "memory") {
          // A new IndexedDB database starts as the demo snapshot when there is one for its size.
          const snapshot =
            target.kind !== "idb"
              ? null
              : await (ours ? ours.snapshot : snapshotForNewDatabase(target.name, count, seed));
          const label =
            target.kind === "idb-copy"
              ? `Copying IndexedDB database "${target.name}" into memory`
              : snapshot
                ? `Creating IndexedDB database "${target.name}" from the ${count.toLocaleString("en-US")}-series demo snapshot (${megabytes(snapshot.bytes)})`
                : `Opening IndexedDB database "${target.name}"`;
          const opened = await step("load", label, 1, async () => {
            const out = await openStoreDatabase(target, current, snapshot?.blob, await files);
            database = out.db;
            persistent = target.kind === "idb";
            return { ...out, created: out.created || snapshot !== null };
          });
          await step("schema", opened.created && !snapshot ? "Creating the schema" : "Checking the schema", 1, () =>
            store.init(),
          );
          if (snapshot)
            // Written now, in one go, rather than at the end of the boot call: the boot screen shows it.
            await step("seed", `Writing ${megabytes(snapshot.blob.size)} to IndexedDB`, 1, () => store.db.syncToFs());
          // A tab closed or reloaded mid-seed leaves its mark: that demo is started over, not kept half-made.
          const interrupted = !opened.created && target.kind === "idb" && (await seedInterrupted(store));
          if (((opened.created && !snapshot) || interrupted) && target.kind === "idb") {
            await step(
              "seed",
              `${interrupted ? "Seeding again (the last seed was interrupted): " : "Generating and seeding "}${count.toLocaleString("en-US")} demo series`,
              count,
              (tick) => seedDemoMarked(store, count, seed, interrupted, tick),
            );
          }
          return { seriesCount: await countSeries(store.db), store: { ...target, created: opened.created } };
        }
        const snapshot = await (ours ? ours.snapshot : demoSnapshot(count, seed));
        if (snapshot) {
          await step(
            "load",
            `Loading the ${count.toLocaleString("en-US")}-series demo ${snapshot.cached ? "kept in this browser" : "snapshot"} (${megabytes(snapshot.bytes)})`,
            1,
            async () => {
              try {
                database = await PGlite.create({ loadDataDir: snapshot.blob, ...(await files) });
              } catch (e) {
                // A kept demo that no longer loads is dropped (the next open seeds); a shipped one is a bug to report.
                if (snapshot.cached) await forgetKept(count, seed);
                throw e;
              }
            },
          );
          await step("schema", "Checking the schema", 1, () => store.init());
          return { seriesCount: await countSeries(store.db) };
        }
        await step("load", "Loading the database (PGlite WASM)", 1, async () => {
          database = await PGlite.create(await files);
        });
        await step("schema", "Creating the schema", 1, () => store.init());
        await step("seed", `Generating and seeding ${count.toLocaleString("en-US")} demo series`, count, (tick) =>
          seedDemo(store, count, seed, tick),
        );
        if (worthCaching(count))
          keeper = keeperOfSeededDemo(count, seed, async () => {
            await store.db.exec("checkpoint");
            return store.db.dumpDataDir("none");
          });
        return { seriesCount: count };
      },

      async runSql(sql) {
        try {
          const results = await store.db.exec(sql);
          const rolledBack = await closeTransaction();
          if (results.some((r) => r.command && WRITES.has(r.command) && r.rowCount)) keeper?.touched();
          // Each statement's own count from its command tag (PGlite's rowCount); a SELECT's is the
          // rows it returned, which are not "affected".
          const statements = results.map((r): SqlStatementResult => ({
            fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
            rows: r.rows,
            affectedRows: r.command && WRITES.has(r.command) ? (r.rowCount ?? 0) : 0,
          }));
          return { results: statements, rolledBack };
        } catch (e) {
          // `begin; …; <error>` leaves the session in a failed transaction: every later call would fail.
          await closeTransaction();
          throw e;
        }
      },

      explain: async (sql, timing, prepared) =>
        (prepared && (await explainPrepared(store.db, prepared, timing))) || explainIn(store.db, sql, timing),
      importDump: (sql) => (keeper?.touched(), importDump(store.db, sql)),

      /** PGlite's whole data directory, gzipped: what `loadDatabase` (or `PGlite.create({ loadDataDir })`) takes back. */
      async exportDatabase() {
        const t0 = performance.now();
        // A checkpoint first, so the dump holds every committed row in the data files.
        await store.db.exec("checkpoint");
        const blob = await store.db.dumpDataDir("gzip");
        return {
          bytes: new Uint8Array(await blob.arrayBuffer()),
          seriesCount: await countSeries(store.db),
          elapsedMs: performance.now() - t0,
        };
      },

      /** A dump that fails to open or lacks the tables changes nothing; otherwise it replaces the database (the old one is closed). */
      async loadDatabase(bytes) {
        keeper?.touched();
        const t0 = performance.now();
        let next: PGlite;
        try {
          next = await PGlite.create({ loadDataDir: new Blob([bytes as BlobPart]) });
        } catch (e) {
          throw new AnalyticsInputError(
            "bytes",
            `this file is not a PGlite database dump (${e instanceof Error ? e.message : String(e)}); export one with "Export database"`,
          );
        }
        let seriesCount: number;
        try {
          seriesCount = await countSeries(next);
        } catch {
          await next.close();
          throw new AnalyticsInputError(
            "bytes",
            'this database has no "AnalyticsSeries" table: it is not an analytics playground dump',
          );
        }
        const previous = await store.replaceDatabase(next);
        database = next;
        await previous?.close();
        return { seriesCount, elapsedMs: performance.now() - t0 };
      },

      assertWritable: () => undefined,
      async endCall() {
        await closeTransaction();
        keeper?.callEnded();
        // PGlite flushes to IndexedDB after a statement outside a transaction, but not after the
        // COMMIT of its transaction() (what addSeries and clearSource use): without this flush an
        // answered write is lost if the tab closes. The answer is sent only after it.
        const db = current();
        if (persistent && db && !db.closed) await db.syncToFs();
      },
    };
    return backend;
  };

export const pgliteBackend = pgliteBackendWith();
