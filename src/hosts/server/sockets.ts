// The WebSockets at /rpc: one engine service per connection, each bounded (connections per server
// and per origin, calls waiting per connection, message size), and nothing a client sends (a bad
// frame, bad JSON, a strange id) reaches further than its own connection.
import type { IncomingMessage } from "node:http";
import type { WebSocket } from "ws";
import type { Request, WorkerMessage } from "../../rpc/protocol.js";
import type { EngineService } from "../../service/service.js";
import type { ServerLimits } from "./limits.js";

/** Notes per window: a client sending bad frames in a loop must not fill the console or its log file. */
const NOTES_PER_WINDOW = 20;
const WINDOW_MS = 10_000;
let windowStart = 0;
let noted = 0;

/** One line on the server's console: a client's misstep is worth a note, never a stop. */
export function note(message: string): void {
  const now = Date.now();
  if (now - windowStart > WINDOW_MS) {
    if (noted > NOTES_PER_WINDOW)
      console.error(`serve: ${new Date(now).toISOString()} (${noted - NOTES_PER_WINDOW} more notes not shown)`);
    [windowStart, noted] = [now, 0];
  }
  if (++noted <= NOTES_PER_WINDOW) console.error(`serve: ${new Date(now).toISOString()} ${message}`);
}

/** Close codes the page shows with their reason (RFC 6455: 1008 policy, 1013 try again later). */
const POLICY = 1008;
const TRY_LATER = 1013;

/** The request in a message, or why it is not one (at most 123 bytes: a close frame's reason). */
function parseRequest(raw: unknown): Request | string {
  let value: unknown;
  try {
    value = JSON.parse(String(raw));
  } catch {
    return "messages are JSON requests";
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "a request is a JSON object";
  const id = (value as { id?: unknown }).id;
  // JSON's 1e400 parses to Infinity, which would be answered with id null.
  // The same rule as the service's envelope (0 up to 2^53): an id it cannot answer to closes the socket.
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 0)
    return `a request's id must be a whole number from 0 below 2^53, got ${JSON.stringify(id) ?? "nothing"}`.slice(
      0,
      120,
    );
  return value as Request;
}

type Connections = {
  accept(ws: WebSocket, req: IncomingMessage): void;
  /** Every open connection: what `close` terminates. */
  readonly open: Set<WebSocket>;
};

export function rpcSockets(
  limits: ServerLimits,
  makeService: (
    post: (message: WorkerMessage) => void,
    others: () => Iterable<(m: WorkerMessage) => void>,
  ) => EngineService,
): Connections {
  const open = new Set<WebSocket>();
  const tellers = new Map<WebSocket, (message: WorkerMessage) => void>();
  const perOrigin = new Map<string, number>();

  function accept(ws: WebSocket, req: IncomingMessage): void {
    // A bad frame, an oversize message or a reset socket: ws closes the connection; without a listener it would stop the process.
    ws.on("error", (e) => note(`a connection failed: ${e.message}`));
    const origin = req.headers.origin ?? req.socket.remoteAddress ?? "unknown";
    const fromOrigin = perOrigin.get(origin) ?? 0;
    if (open.size >= limits.connections)
      return ws.close(TRY_LATER, `the server has ${limits.connections} connections, its limit: close a tab and retry`);
    if (fromOrigin >= limits.connectionsPerOrigin)
      return ws.close(
        TRY_LATER,
        `${limits.connectionsPerOrigin} connections from one origin is the limit: close a tab`,
      );
    open.add(ws);
    perOrigin.set(origin, fromOrigin + 1);

    /** Calls taken and not yet answered. */
    let inFlight = 0;
    const send = (message: WorkerMessage): void => {
      if (message.type === "response") inFlight--;
      if (ws.readyState !== ws.OPEN) return;
      let text: string;
      try {
        text = JSON.stringify(message);
      } catch (e) {
        // An answer too big for one string: the call fails, the connection and the server stay.
        if (message.type !== "response") return;
        text = JSON.stringify({
          type: "response",
          id: message.id,
          ok: false,
          error: { kind: "state", message: `the answer is too large to send (${(e as Error).message}): narrow it` },
        } satisfies WorkerMessage);
      }
      // A client that does not read its answers is dropped before they fill the server's memory.
      if (ws.bufferedAmount > 4 * limits.messageBytes) return void ws.terminate();
      ws.send(text);
    };
    tellers.set(ws, send);
    const service = makeService(send, () => [...tellers].filter(([other]) => other !== ws).map(([, tell]) => tell));

    ws.on("message", (raw) => {
      const request = parseRequest(raw);
      if (typeof request === "string") return ws.close(POLICY, request);
      inFlight++;
      if (inFlight > limits.queuedCalls)
        return send({
          type: "response",
          id: request.id,
          ok: false,
          error: {
            kind: "state",
            message: `${limits.queuedCalls} calls are already waiting on this connection: wait for their answers before sending more`,
          },
        });
      service.handle(request);
    });
    ws.on("close", () => {
      open.delete(ws);
      tellers.delete(ws);
      const left = (perOrigin.get(origin) ?? 1) - 1;
      if (left > 0) perOrigin.set(origin, left);
      else perOrigin.delete(origin);
      // Cancel (the page closes its socket) or a closed tab: the running call stops, the queued ones are dropped.
      service.close().catch((e: Error) => note(`stopping a closed connection's calls failed: ${e.message}`));
    });
  }
  return { accept, open };
}
