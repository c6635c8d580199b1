/// <reference lib="webworker" />
import "./shims/node-globals.js";
// The engine's home in the page: the RPC service of protocol.ts on PGlite, reached by postMessage.
import { pgliteBackend } from "./pgliteBackend.js";
import type { Request, WorkerMessage } from "./protocol.js";
import { createEngineService } from "./service.js";

const scope = self as unknown as DedicatedWorkerGlobalScope;
const service = createEngineService(pgliteBackend, (message: WorkerMessage) => scope.postMessage(message));
scope.onmessage = (event: MessageEvent<Request>) => service.handle(event.data);
