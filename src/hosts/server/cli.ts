// `npm run serve -- --pg <connection string> [--allow-writes] [--host h] [--port n] [--token t] [--read-url url]`
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startServer } from "./server.js";

const USAGE =
  "usage: npm run serve -- --pg <postgres://user@host:port/db> [--allow-writes] [--host 127.0.0.1] [--port 8787] [--token <t>] [--read-url <url>] [--build]";

function fail(message: string): never {
  console.error(`serve: ${message}\n${USAGE}`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      pg: { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
      token: { type: "string" },
      "read-url": { type: "string" },
      "allow-writes": { type: "boolean" },
      build: { type: "boolean" },
    },
  }).values;
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
const url = args.pg ?? process.env.DATABASE_URL;
if (!url) fail("--pg is missing: give the connection string of the PostgreSQL database to serve (or set DATABASE_URL)");
if (!/^postgres(ql)?:\/\//.test(url))
  fail(`--pg ${JSON.stringify(url)} is not a PostgreSQL connection string: it starts with postgres://`);
const port = args.port === undefined ? 8787 : Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port ${JSON.stringify(args.port)} is not a port: use a whole number from 0 to 65535`);

const root = join(import.meta.dirname, "..", "..");
if (args.build || !existsSync(join(root, "dist", "index.html"))) {
  console.log("serve: building the app (npm run build)…");
  const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// The last guard: a bug reached by one client's call must not stop the server for every tab.
process.on("uncaughtException", (e) => console.error(`serve: ${new Date().toISOString()} uncaught, still serving:`, e));
process.on("unhandledRejection", (e) =>
  console.error(`serve: ${new Date().toISOString()} unhandled rejection, still serving:`, e),
);

try {
  const server = await startServer({
    pg: url,
    host: args.host,
    port,
    token: args.token,
    readUrl: args["read-url"],
    allowWrites: args["allow-writes"],
  });
  const open = `${server.url}?backend=server${server.token ? `&token=${server.token}` : ""}`;
  console.log(
    `serve: PostgreSQL ${server.info.version} at ${server.info.database} — ${server.info.allowWrites ? "writes allowed" : "read-only (start with --allow-writes to write)"}`,
  );
  console.log(`serve: open ${open}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (e) {
  console.error(`serve: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
