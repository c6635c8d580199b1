// PGlite's files, fetched here for the script worker: its policy lets it connect nowhere, so a
// store it creates asks the page for them. Only these three names are answered, so a script that
// posts its own requests still reaches nothing else. Kept once fetched: every run's store needs them.
import initdbWasmUrl from "@electric-sql/pglite/initdb.wasm?url";
import pgliteDataUrl from "@electric-sql/pglite/pglite.data?url";
import pgliteWasmUrl from "@electric-sql/pglite/pglite.wasm?url";
import type { ScriptAsset } from "../../rpc/script.js";

const URLS: Record<ScriptAsset, string> = {
  "pglite.wasm": pgliteWasmUrl,
  "pglite.data": pgliteDataUrl,
  "initdb.wasm": initdbWasmUrl,
};
const loaded = new Map<ScriptAsset, Promise<ArrayBuffer>>();

export function scriptAsset(name: ScriptAsset): Promise<ArrayBuffer> {
  if (!Object.hasOwn(URLS, name)) return Promise.reject(new Error(`a script worker may not load ${String(name)}`));
  let bytes = loaded.get(name);
  if (!bytes) {
    bytes = fetch(URLS[name]).then((r) => {
      if (!r.ok) throw new Error(`${name} could not be loaded: ${r.status} ${r.statusText}`);
      return r.arrayBuffer();
    });
    // A failed load is tried again next time.
    bytes.catch(() => loaded.delete(name));
    loaded.set(name, bytes);
  }
  return bytes;
}
