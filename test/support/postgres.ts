// A throwaway PostgreSQL cluster for tests: a temp data directory, a free loopback port, trust
// auth, fsync off. TEST_PG_URL points the tests at an existing server instead.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { freePort } from "./freePort.js";

export type PostgresServer = {
  url: string;
  stop: () => Promise<void>;
  /** A fast restart (every session ends); not for a TEST_PG_URL server, which is not ours to restart. */
  restart?: () => void;
};

function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0)
    throw new Error("PostgreSQL is not installed: apt-get install -y postgresql (or set TEST_PG_URL)");
  return join(root, versions[0], "bin");
}

/** Runs a PostgreSQL binary as the `postgres` user when we are root (initdb refuses root). */
function run(bin: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const cmd = asRoot ? "runuser" : join(binDir(), bin);
  const argv = asRoot ? ["-u", "postgres", "--", join(binDir(), bin), ...args] : args;
  const r = spawnSync(cmd, argv, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${bin} failed: ${r.stderr || r.stdout}`);
}

export async function startPostgres(): Promise<PostgresServer> {
  if (process.env.TEST_PG_URL) {
    // A database per caller, so test files never see each other's rows.
    const name = `analytics_test_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
    const admin = new pg.Client({ connectionString: process.env.TEST_PG_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(process.env.TEST_PG_URL);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      stop: async () => {
        const c = new pg.Client({ connectionString: process.env.TEST_PG_URL });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "analytics-pg-"));
  chmodSync(dir, 0o777);
  const data = join(dir, "data");
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres", dir]);
  const port = await freePort();
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off`;
  run("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-w", "-o", options, "start"]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: () => run("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-w", "-m", "fast", "-o", options, "restart"]),
    stop: async () => {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
