// worker.ts in a Node worker thread, behind a DedicatedWorkerGlobalScope stand-in on parentPort:
// a real thread, so a call that never returns (a query stuck in WASM) can be ended by
// terminating it, as the page does with its Web Worker. Started by threadWorker() in fuzz.ts.
import { parentPort } from "node:worker_threads";

const port = parentPort!;
const early: unknown[] = [];
const scope = {
  onmessage: null as ((event: { data: unknown }) => void) | null,
  postMessage: (message: unknown) => port.postMessage(message),
};
(globalThis as { self?: unknown }).self = scope;
port.on("message", (data: unknown) => (scope.onmessage ? scope.onmessage({ data }) : early.push(data)));
await import("../../src/worker/worker.js");
for (const data of early.splice(0)) scope.onmessage!({ data });
