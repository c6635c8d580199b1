// `npm run serve`: the built app plus the engine's RPC (protocol.ts) over a WebSocket at /rpc,
// backed by PostgresAnalyticsStore. One engine service per connected tab.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { extname, join, normalize, resolve, sep } from "node:path";
import knexFactory from "knex";
import type pg from "pg";
import { WebSocketServer } from "ws";
import { PostgresAnalyticsStore } from "../../engine/index.js";
import type { BackendInfo } from "../../rpc/protocol.js";
import { isScriptWorkerPath, SCRIPT_WORKER_CSP } from "../../rpc/script.js";
import { createEngineService } from "../../service/service.js";
import { importBudget } from "../../service/import/staged.js";
import { postgresBackend } from "./postgresBackend.js";
import { editorPool, readOnlyPool } from "./readOnly.js";
import { DEFAULT_LIMITS, MIN_TOKEN_LENGTH, type ServerLimits } from "./limits.js";
import { note, rpcSockets } from "./sockets.js";
import { loadSqlParser } from "./editor.js";

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
  /** Any bound to change from DEFAULT_LIMITS (tests use small ones). */
  limits?: Partial<ServerLimits>;
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
  // `--token=` would otherwise switch authentication off without a word.
  if (token !== null && token.length < MIN_TOKEN_LENGTH)
    throw new Error(
      `--token is ${token.length === 0 ? "empty" : `${token.length} characters`}: give at least ${MIN_TOKEN_LENGTH}, or leave it out for a random one`,
    );
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const dist = resolve(options.dist ?? join(import.meta.dirname, "..", "..", "dist"));
  if (!existsSync(join(dist, "index.html"))) throw new Error(`no built app in ${dist}: run \`npm run build\` first`);

  const knex = knexFactory({ client: "pg", connection: options.pg, pool: { min: 0, max: 8 } });
  let sqlPool: pg.Pool | null = null;
  let version: string;
  try {
    await loadSqlParser();
    await new PostgresAnalyticsStore({ knex }).init();
    version = ((await knex.raw(`select current_setting('server_version') as v`)) as { rows: { v: string }[] }).rows[0]
      .v;
    sqlPool = options.allowWrites
      ? editorPool(options.pg, limits)
      : await readOnlyPool(knex, options.pg, limits, options.readUrl);
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
  const shared = { knex, sqlPool, info, limits };
  const release = async () => {
    await sqlPool?.end();
    await knex.destroy();
  };

  const indexHtml = readFileSync(join(dist, "index.html"), "utf8").replace(
    "</head>",
    `<meta name="playground-server" content="/rpc" />\n</head>`,
  );
  const http = createServer((req, res) => serveStatic(dist, indexHtml, req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.messageBytes, perMessageDeflate: false });
  // One import of the largest size at a time fits the process's memory, whoever sends it.
  const imports = importBudget(limits.importText);
  const sockets = rpcSockets(limits, (post, others) =>
    createEngineService(
      postgresBackend(shared),
      (message) => {
        post(message);
        // Every tab on this database hears of a write, so live views re-run wherever it came from.
        if (message.type === "changed") for (const tell of others()) tell({ ...message, runId: -1 });
      },
      { importBudget: imports },
    ),
  );

  http.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    // A reset before the handshake ends would otherwise be an unhandled 'error'.
    socket.on("error", () => socket.destroy());
    const refusal = refuseUpgrade(req, { loopback, token });
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => sockets.accept(ws, req));
  });
  http.on("clientError", (_e, socket) => socket.destroy());
  wss.on("error", (e) => note(`the WebSocket server failed: ${e.message}`));

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
      for (const ws of sockets.open) ws.terminate();
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
  // Compared as digests, so neither the token's characters nor its length leak through timing.
  if (token !== null && !timingSafeEqual(digest(url.searchParams.get("token") ?? ""), digest(token)))
    return "401 Unauthorized";
  return null;
}

const digest = (text: string) => createHash("sha256").update(text).digest();

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
    ...(isScriptWorkerPath(path) && { "Content-Security-Policy": SCRIPT_WORKER_CSP }),
  });
  if (req.method === "HEAD") res.end();
  else
    createReadStream(file)
      .on("error", () => res.destroy())
      .pipe(res);
}
