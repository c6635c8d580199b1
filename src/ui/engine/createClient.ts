import { EngineClient } from "../../worker/client.js";
import type { BootParams, StoreSpec } from "../../worker/protocol.js";

let shared: EngineClient | null = null;

/** A new engine worker; Vite bundles the worker from this very expression. */
const spawnWorker = () => new Worker(new URL("../../worker/worker.ts", import.meta.url), { type: "module", name: "analytics-engine" });

/**
 * The one engine client of the page. A module singleton rather than React state: StrictMode
 * mounts providers twice in development, and a second PGlite would double the boot time. It
 * replaces its worker on cancel or after a crash (`restart()`), so listeners stay subscribed.
 */
export function getEngineClient(): EngineClient {
  shared ??= new EngineClient(spawnWorker(), spawnWorker);
  return shared;
}

const MAX_COUNT = 1_000_000;

/**
 * `?count=2000&seed=7` seeds a smaller or different demo (tests use it to boot fast);
 * `?store=idb&db=<name>` opens a named IndexedDB database instead of the in-memory demo.
 */
export function bootParamsFromUrl(search = location.search): BootParams & { store: StoreSpec } {
  const params = new URLSearchParams(search);
  const int = (name: string, fallback: number, max: number) => {
    const n = Number(params.get(name));
    return params.has(name) && Number.isInteger(n) && n >= 0 && n <= max ? n : fallback;
  };
  // The worker checks the name (and says what is wrong with it); the page only passes it on.
  const store: StoreSpec = params.get("store") === "idb" ? { kind: "idb", name: params.get("db") ?? "playground" } : { kind: "memory" };
  return { count: int("count", 20_000, MAX_COUNT), seed: int("seed", 42, 2 ** 31 - 1), store };
}
