// The worker's engine service (service.ts on the PGlite backend) in a Node worker thread, on
// parentPort: a real thread, so a call that never returns (a query stuck in WASM) can be ended by
// terminating it, as the page does with its Web Worker. Started by threadWorker() in fuzz.ts.
import { parentPort } from "node:worker_threads";
import { pgliteBackend } from "../../src/hosts/worker/pgliteBackend.js";
import type { Request, WorkerMessage } from "../../src/rpc/protocol.js";
import { createEngineService } from "../../src/service/service.js";

const port = parentPort!;
const service = createEngineService(pgliteBackend, (message: WorkerMessage) => port.postMessage(message));
port.on("message", (data: Request) => service.handle(data));
