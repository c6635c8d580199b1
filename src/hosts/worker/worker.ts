/// <reference lib="webworker" />
import "./shims/node-globals.js";
// The engine's home in the page: the RPC service of protocol.ts on PGlite, reached by postMessage.
// This entry is small on purpose: the page sends `boot` at once, and the demo snapshot and
// PGlite's WASM start downloading while the engine's modules below still load.
import { preloadDemo, type Preload } from "./preload.js";
import type { Request, WorkerMessage } from "../../rpc/protocol.js";

const scope = self as unknown as DedicatedWorkerGlobalScope;
const queued: Request[] = [];
let preload: Preload | null = null;
scope.onmessage = (event: MessageEvent<Request>) => {
  const request = event.data;
  if (!preload && queued.length === 0 && request?.method === "boot") preload = preloadDemo(request.params);
  queued.push(request);
};

const [{ createEngineService }, { pgliteBackendWith }] = await Promise.all([
  import("../../service/service.js"),
  import("./pgliteBackend.js"),
]);
const backend = pgliteBackendWith(() => preload);
// Test-only faults (faults.ts), loaded only when the page started this worker with its test flag.
const faults = scope.name.endsWith("+faults") ? (await import("./faults.js")).withFaults : null;
const service = createEngineService(faults ? faults(backend) : backend, (message: WorkerMessage) =>
  scope.postMessage(message),
);
scope.onmessage = (event: MessageEvent<Request>) => service.handle(event.data);
for (const request of queued.splice(0)) service.handle(request);
