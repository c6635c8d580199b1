import { EngineClient } from "./EngineClient.js";
import type { BootParams, ProgressEvent, StoreSpec } from "../rpc/protocol.js";
import { MAX_DEMO_COUNT, MAX_SEED } from "../rpc/limits.js";
import { serverRpcUrl, socketTransport } from "./socketTransport.js";
import { workerTransport } from "./workerTransport.js";

/** Where the engine runs: PGlite in this tab's worker, or PostgreSQL behind `npm run serve`. */
export type Backend = "tab" | "server";

/**
 * A new engine worker; Vite bundles the worker from this very expression. `?faults` in the page's
 * URL starts it with the test-only faults (src/hosts/worker/faults.ts), which e2e tests trigger.
 */
const spawnWorker = () =>
  workerTransport(
    new Worker(new URL("../hosts/worker/worker.ts", import.meta.url), {
      type: "module",
      name: new URLSearchParams(location.search).has("faults") ? "analytics-engine+faults" : "analytics-engine",
    }),
  );

/** The RPC path when this page was served by `npm run serve` (it adds the marker to index.html), else null. */
export function serverRpcPath(doc: Document = document): string | null {
  return doc.querySelector<HTMLMetaElement>('meta[name="playground-server"]')?.content || null;
}

/** `?backend=server` picks the server, when there is one. */
export function backendFromUrl(search = location.search): Backend {
  return new URLSearchParams(search).get("backend") === "server" && serverRpcPath() ? "server" : "tab";
}

function makeClient(backend: Backend): EngineClient {
  if (backend === "tab") return new EngineClient(spawnWorker(), spawnWorker);
  const connect = () => socketTransport(serverRpcUrl(location, serverRpcPath()!));
  return new EngineClient(connect(), connect, "engine server");
}

const clients = new Map<Backend, EngineClient>();

/**
 * The page's engine client per backend. Module singletons rather than React state: StrictMode
 * mounts providers twice in development, and a second PGlite would double the boot time. A
 * client replaces its worker (or socket) on cancel or after a crash (`restart()`), so listeners
 * stay subscribed.
 */
export function getEngineClient(backend: Backend = backendFromUrl()): EngineClient {
  let client = clients.get(backend);
  if (!client) clients.set(backend, (client = makeClient(backend)));
  return client;
}

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
  const store: StoreSpec =
    params.get("store") === "idb" && backendFromUrl(search) === "tab"
      ? { kind: "idb", name: params.get("db") ?? "playground" }
      : { kind: "memory" };
  return { count: int("count", 20_000, MAX_DEMO_COUNT), seed: int("seed", 42, MAX_SEED), store };
}

/** Progress of a boot started before React mounted, replayed by EngineProvider's first render. */
const earlyProgress: ProgressEvent[] = [];
export const progressBeforeMount = (): readonly ProgressEvent[] => earlyProgress;

/**
 * Starts the URL's boot at once, while the page's React bundle still loads: the worker, PGlite's
 * WASM and the demo snapshot download and start in parallel with it. EngineProvider's own boot
 * call later gets the same answer (boot is idempotent). An IndexedDB database is not booted
 * here: the tab must hold its lock first.
 */
export function startBootEarly(): boolean {
  const params = bootParamsFromUrl();
  if (params.store.kind !== "memory") return false;
  const client = getEngineClient();
  const off = client.on("progress", (event) => earlyProgress.push(event));
  client.boot(params).then(off, off);
  return true;
}
