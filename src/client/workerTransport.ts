// The engine RPC over a dedicated Worker's postMessage (structured clone: a form's NaN survives).
import type { Request, WorkerMessage } from "../rpc/protocol.js";
import type { Transport } from "../rpc/transport.js";

export function workerTransport(worker: Worker): Transport {
  return {
    send: (request: Request) => worker.postMessage(request),
    onMessage: (listener) => worker.addEventListener("message", (e: MessageEvent<WorkerMessage>) => listener(e.data)),
    // A worker that fails to load (bad bundle, WASM refused) or throws outside any call is gone.
    onClose: (listener) => worker.addEventListener("error", (e) => listener(e.message || "could not load")),
    close: () => worker.terminate(),
  };
}
