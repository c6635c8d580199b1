// `npm run serve`: the built app plus the engine's RPC (protocol.ts) over a WebSocket at /rpc,
// backed by PostgresAnalyticsStore. One engine service per connected tab.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { extname, join, normalize, resolve, sep } from "node:path";
import knexFactory from "knex";
import type pg from "pg";
import { WebSocketServer, type WebSocket } from "ws";
import { PostgresAnalyticsStore } from "../../engine/index.js";
import type { BackendInfo, Request, WorkerMessage } from "../../rpc/protocol.js";
import { createEngineService } from "../../service/service.js";
import { postgresBackend } from "./postgresBackend.js";
import { editorPool, readOnlyPool } from "./readOnly.js";

export type ServeOptions = {
  /** The PostgreSQL connection string of the store. */
  pg: string;
  /** Default 127.0.0.1. Anything but loopback requires a token (one is made when not given). */
  host?: string;
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** The SQL editor may write, and so may the data pane (add, clear, reseed, import). */
  allowWrites?: boolean;
  /** The SQL editor's connection when read-only; default: a reader role the server sets up. */
  readUrl?: string;
  token?: string;
  /** The built app; default dist/ next to package.json. */
  dist?: string;
};

export type RunningServer = {
  url: string;
  port: number;
  token: string | null;
  info: BackendInfo;
  close: () => Promise<void>;
};

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".data": "application/octet-stream",
  ".gz": "application/gzip",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ttf": "font/ttf",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
};

/** `user@host:port/db`: what the UI shows; never the password. */
function describeUrl(url: string): string {
  const u = new URL(url);
  return `${decodeURIComponent(u.username || "postgres")}@${u.hostname}:${u.port || 5432}${u.pathname}`;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const loopback = LOOPBACK.has(host);
  const token = options.token ?? (loopback ? null : randomBytes(16).toString("hex"));
  const dist = resolve(options.dist ?? join(import.meta.dirname, "..", "..", "dist"));
  if (!existsSync(join(dist, "index.html"))) throw new Error(`no built app in ${dist}: run \`npm run build\` first`);

  const knex = knexFactory({ client: "pg", connection: options.pg, pool: { min: 0, max: 8 } });
  let sqlPool: pg.Pool | null = null;
  let version: string;
  try {
    await new PostgresAnalyticsStore({ knex }).init();
    version = ((await knex.raw(`select current_setting('server_version') as v`)) as { rows: { v: string }[] }).rows[0]
      .v;
    sqlPool = options.allowWrites ? editorPool(options.pg) : await readOnlyPool(knex, options.pg, options.readUrl);
  } catch (e) {
    await knex.destroy();
    throw e;
  }
  const info: BackendInfo = {
    kind: "postgres",
    label: "server (Postgres)",
    allowWrites: options.allowWrites === true,
    database: describeUrl(options.pg),
    version,
  };
  const shared = { knex, sqlPool, info };
  const release = async () => {
    await sqlPool?.end();
    await knex.destroy();
  };

  const indexHtml = readFileSync(join(dist, "index.html"), "utf8").replace(
    "</head>",
    `<meta name="playground-server" content="/rpc" />\n</head>`,
  );
  const http = createServer((req, res) => serveStatic(dist, indexHtml, req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  /** The open connections and how to send to each. */
  const peers = new Map<WebSocket, (message: WorkerMessage) => void>();

  http.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const refusal = refuseUpgrade(req, { loopback, token });
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const send = (message: WorkerMessage) => void (ws.readyState === ws.OPEN && ws.send(JSON.stringify(message)));
      peers.set(ws, send);
      const service = createEngineService(postgresBackend(shared), (message) => {
        send(message);
        // Every tab on this database hears of a write, so live views re-run wherever it came from.
        if (message.type === "changed")
          for (const [other, tell] of peers) if (other !== ws) tell({ ...message, runId: -1 });
      });
      ws.on("message", (raw) => {
        let request: Request;
        try {
          request = JSON.parse(String(raw)) as Request;
        } catch {
          return ws.close(1003, "messages are JSON requests");
        }
        if (typeof request !== "object" || request === null || typeof request.id !== "number")
          return ws.close(1003, "a request needs a numeric id");
        service.handle(request);
      });
      ws.on("close", () => {
        peers.delete(ws);
        // Cancel (the page closes its socket) or a closed tab: nothing it started keeps running.
        void service.close().catch(() => undefined);
      });
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      http.once("error", reject);
      http.listen(options.port ?? 8787, host, () => resolve());
    });
  } catch (e) {
    await release();
    throw new Error(
      `cannot listen on ${host}:${options.port ?? 8787} (${e instanceof Error ? e.message : String(e)}): pick another --port`,
      { cause: e },
    );
  }
  const port = (http.address() as AddressInfo).port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    token,
    info,
    close: async () => {
      for (const ws of peers.keys()) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await release();
    },
  };
}

/** Why an upgrade to /rpc is refused (an HTTP status line), or null. */
function refuseUpgrade(
  req: IncomingMessage,
  { loopback, token }: { loopback: boolean; token: string | null },
): string | null {
  const url = new URL(req.url ?? "/", "http://x");
  if (url.pathname !== "/rpc") return "404 Not Found";
  const hostHeader = req.headers.host ?? "";
  let hostname: string;
  try {
    hostname = new URL(`http://${hostHeader}`).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return "400 Bad Request";
  }
  // On loopback, a page from another site may still reach us (WebSockets ignore CORS), even
  // under its own host name (DNS rebinding): only our own host names and our own pages get in.
  if (loopback && !LOOPBACK.has(hostname)) return "403 Forbidden";
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${hostHeader}` && origin !== `https://${hostHeader}`)
    return "403 Forbidden";
  if (token !== null) {
    const given = Buffer.from(url.searchParams.get("token") ?? "");
    const wanted = Buffer.from(token);
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return "401 Unauthorized";
  }
  return null;
}

function serveStatic(dist: string, indexHtml: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { Allow: "GET, HEAD" }).end();
    return;
  }
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
  } catch {
    res.writeHead(400).end("bad path");
    return;
  }
  const file = normalize(join(dist, path));
  const html = (): void =>
    void res
      .writeHead(200, { "Content-Type": TYPES[".html"], "Cache-Control": "no-cache" })
      .end(req.method === "HEAD" ? undefined : indexHtml);
  if (path === "/" || path === "/index.html") return html();
  if (!file.startsWith(dist + sep) || !existsSync(file) || !statSync(file).isFile()) {
    // Routes without a file extension are the app's; missing assets are 404s.
    if (extname(path) === "") return html();
    res.writeHead(404).end("not found");
    return;
  }
  res.writeHead(200, {
    "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
    "Content-Length": statSync(file).size,
  });
  if (req.method === "HEAD") res.end();
  else createReadStream(file).pipe(res);
}
