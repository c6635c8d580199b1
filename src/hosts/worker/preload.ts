// What a cold boot downloads, started as soon as the page's boot request arrives, while the
// engine's own modules (knex, the store, PGlite's JS) are still loading in the worker.
import pgliteDataUrl from "@electric-sql/pglite/pglite.data?url";
import pgliteWasmUrl from "@electric-sql/pglite/pglite.wasm?url";
import type { BootParams } from "../../rpc/protocol.js";
import { demoSnapshot, snapshotForNewDatabase } from "./snapshot.js";

/** PGlite's WASM compiled and its file bundle, as `PGlite.create` options (empty: PGlite fetches them itself). */
type EngineFiles = { pgliteWasmModule?: WebAssembly.Module; fsBundle?: Blob };

export type Preload = {
  count: number;
  seed: number;
  snapshot: ReturnType<typeof demoSnapshot>;
  files: Promise<EngineFiles>;
};

async function compileWasm(url: string): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compileStreaming(fetch(url));
  } catch {
    // A server that sends another MIME type than application/wasm: compile from the bytes.
    return WebAssembly.compile(await (await fetch(url)).arrayBuffer());
  }
}

/**
 * Starts the downloads of a boot: PGlite's files, and the demo snapshot the database starts as
 * (the in-memory demo's, or a new IndexedDB database's).
 */
export function preloadDemo(params: BootParams): Preload | null {
  // Unchecked here: anything odd is left to the boot itself, which says what is wrong.
  if (
    typeof params !== "object" ||
    params === null ||
    !Number.isInteger(params.count) ||
    !Number.isInteger(params.seed)
  )
    return null;
  const files = Promise.all([
    compileWasm(pgliteWasmUrl),
    fetch(pgliteDataUrl).then((r) => (r.ok ? r.blob() : Promise.reject(new Error(String(r.status))))),
  ]).then(
    ([pgliteWasmModule, fsBundle]): EngineFiles => ({ pgliteWasmModule, fsBundle }),
    // PGlite loads them itself then; its own error, if any, is the one to report.
    (): EngineFiles => ({}),
  );
  const { store, count, seed } = params;
  const snapshot =
    !store || store.kind === "memory"
      ? demoSnapshot(count, seed)
      : store.kind === "idb" && typeof store.name === "string"
        ? snapshotForNewDatabase(store.name, count, seed)
        : Promise.resolve(null);
  // Read by the boot later; until then a failure must not count as unhandled.
  snapshot.catch(() => undefined);
  return { count, seed, snapshot, files };
}
