// Clients of `npm run serve` in tests: the page's EngineClient over a `ws` WebSocket, and a raw
// TCP socket that speaks the WebSocket handshake and then sends whatever bytes a test wants.
import { randomBytes } from "node:crypto";
import { connect as tcp, type Socket } from "node:net";
import WebSocket from "ws";
import { EngineClient } from "../../src/client/EngineClient.js";
import { socketTransport, type SocketFactory } from "../../src/client/socketTransport.js";
import type { WorkerMessage } from "../../src/rpc/protocol.js";

export type Connected = { client: EngineClient; events: WorkerMessage[] };

export function connect(
  port: number,
  { token, headers }: { token?: string; headers?: Record<string, string> } = {},
): Connected {
  const events: WorkerMessage[] = [];
  const url = `ws://127.0.0.1:${port}/rpc${token ? `?token=${token}` : ""}`;
  // The `ws` package's WebSocket has the browser's event API; its types spell it differently.
  const transport = socketTransport(url, (u) => new WebSocket(u, { headers }) as unknown as ReturnType<SocketFactory>);
  transport.onMessage((m) => events.push(m));
  return { client: new EngineClient(transport, undefined, "engine server"), events };
}

/** A WebSocket frame as a client sends it; every field can be wrong on purpose. */
export function frame({
  opcode = 1,
  payload = Buffer.alloc(0),
  fin = true,
  rsv1 = false,
  masked = true,
  claimedLength,
}: {
  opcode?: number;
  payload?: Buffer;
  fin?: boolean;
  rsv1?: boolean;
  masked?: boolean;
  claimedLength?: number;
}): Buffer {
  const length = claimedLength ?? payload.length;
  const head = [(fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode];
  const maskBit = masked ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (length < 126) head.push(maskBit | length);
  else if (length < 65536) [head[1], ext] = [maskBit | 126, Buffer.from([length >> 8, length & 255])];
  else {
    head.push(maskBit | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(BigInt(length));
  }
  const mask = masked ? randomBytes(4) : Buffer.alloc(0);
  const body = Buffer.from(payload.map((b, i) => (masked ? b ^ mask[i % 4] : b)));
  return Buffer.concat([Buffer.from(head), ext, mask, body]);
}

/** A TCP socket past the handshake at /rpc; `closed` is the close code the server sent (null: none) once it hung up. */
export async function rawSocket(port: number): Promise<{ socket: Socket; closed: Promise<number | null> }> {
  const socket = tcp(port, "127.0.0.1");
  let received = Buffer.alloc(0);
  socket.on("data", (d: Buffer) => (received = Buffer.concat([received, d])));
  const closed = new Promise<number | null>((resolve) =>
    socket.on("close", () => {
      const body = received.subarray(received.indexOf("\r\n\r\n") + 4);
      resolve(body[0] === 0x88 && (body[1] & 0x7f) >= 2 ? body.readUInt16BE(2) : null);
    }),
  );
  socket.on("error", () => undefined);
  socket.write(
    `GET /rpc HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  while (!received.includes("\r\n\r\n")) await new Promise((r) => setTimeout(r, 10));
  if (!received.toString("latin1").startsWith("HTTP/1.1 101")) throw new Error(`no upgrade: ${received.toString()}`);
  return { socket, closed };
}
