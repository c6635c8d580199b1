// The engine RPC over a WebSocket (`npm run serve`). Messages are the same protocol.ts JSON, one per frame.
import type { Request, WorkerMessage } from "../rpc/protocol.js";
import type { Transport } from "../rpc/transport.js";

/** The part of a WebSocket this uses: the browser's, or the `ws` package's in Node tests. */
type SocketLike = {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(
    type: "open" | "message" | "close" | "error",
    listener: (event: { data?: unknown; code?: number; reason?: string }) => void,
  ): void;
};
export type SocketFactory = (url: string) => SocketLike;

const OPEN = 1;

/** `/rpc` on the page's own server, with the page URL's token when it has one. */
export function serverRpcUrl(location: { protocol: string; host: string; search: string }, path = "/rpc"): string {
  const token = new URLSearchParams(location.search).get("token");
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${path}${token ? `?token=${encodeURIComponent(token)}` : ""}`;
}

export function socketTransport(url: string, open: SocketFactory = (u) => new WebSocket(u)): Transport {
  const socket = open(url);
  // Requests made before the socket opens wait for it, as a Worker queues messages while loading.
  const waiting: string[] = [];
  let closedByUs = false;
  socket.addEventListener("open", () => waiting.splice(0).forEach((m) => socket.send(m)));
  // Every failure also closes the socket, and the close says what happened (see onClose).
  socket.addEventListener("error", () => undefined);
  return {
    send(request: Request) {
      const text = JSON.stringify(request);
      if (socket.readyState === OPEN) socket.send(text);
      else waiting.push(text);
    },
    onMessage: (listener) =>
      socket.addEventListener("message", (event) => listener(JSON.parse(String(event.data)) as WorkerMessage)),
    onClose: (listener) =>
      socket.addEventListener("close", (event) => {
        if (closedByUs) return;
        const why =
          event.code === 1006
            ? "could not connect or the connection dropped (is `npm run serve` running? is the token right?)"
            : `closed (${event.code}${event.reason ? `: ${event.reason}` : ""})`;
        listener(`the server at ${url.replace(/token=[^&]+/, "token=…")} ${why}`);
      }),
    close() {
      closedByUs = true;
      socket.close(1000, "client stopped");
    },
  };
}
