// What carries the RPC between the page's EngineClient and an engine service: a Worker's
// postMessage (src/client/workerTransport.ts), the server's WebSocket (src/client/socketTransport.ts),
// or a direct call in tests. The client needs these four things and nothing else.
import type { Request, WorkerMessage } from "./protocol.js";

export interface Transport {
  /** Sends one request; one sent before the connection is open waits for it. */
  send(request: Request): void;
  /** Every message the service sends: answers and events, in order. */
  onMessage(listener: (message: WorkerMessage) => void): void;
  /** The transport ended without `close()`: a worker that failed or a socket that dropped; `reason` is for the user. */
  onClose(listener: (reason: string) => void): void;
  /** Ends it for good: a worker is terminated (the only way to stop a PGlite query), a socket closed (the server cancels). */
  close(): void;
}
