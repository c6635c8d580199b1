// A `soak.ts --serve-only` server in a child process, for scripts that measure it: its RSS is its own.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export type ServerChild = { port: number; rssMb: () => number; stop: () => Promise<void> };

export async function serverChild(pg: string, clients: number): Promise<ServerChild> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "soak.ts"), "--serve-only", "--pg", pg, "--clients", String(clients)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      const m = /port (\d+)/.exec(String(d));
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", (code) => reject(new Error(`the server exited (${code})`)));
  });
  return {
    port,
    rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0) / 1024,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}
