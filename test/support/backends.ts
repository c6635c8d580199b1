// The two backends the page can run on, behind one harness, so a service-layer test runs on both:
// PGlite in this process (the tab's worker service) and `npm run serve` on a throwaway PostgreSQL,
// reached over a real WebSocket. Each start is a fresh, empty engine the test boots.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EngineClient } from "../../src/client/EngineClient.js";
import type { Backend } from "../../src/client/connect.js";
import type { WorkerMessage } from "../../src/rpc/protocol.js";
import { startServer } from "../../src/hosts/server/server.js";
import { inProcessWorker } from "./inProcessWorker.js";
import { startPostgres } from "./postgres.js";
import { connect } from "./serverClient.js";

/** `events`: every message the engine sent this client, as it arrived. */
type Started = { client: EngineClient; events: WorkerMessage[]; stop: () => Promise<void> };
export type BackendUnderTest = { name: string; backend: Backend; start: () => Promise<Started> };

/** The server serves the page too; a test needs none, so an empty one. */
function emptyDist(): string {
  const dist = mkdtempSync(join(tmpdir(), "backends-dist-"));
  writeFileSync(join(dist, "index.html"), "<!doctype html><title>t</title>");
  return dist;
}

/** `copyReply`: how the tab's replies cross to the client (structured clone, as postMessage does, unless told). */
export const backends = (copyReply?: Parameters<typeof inProcessWorker>[0]): BackendUnderTest[] => [
  {
    name: "the tab (PGlite)",
    backend: "tab",
    async start() {
      const { client, events } = await inProcessWorker(copyReply);
      return { client, events, stop: async () => client.terminate() };
    },
  },
  {
    name: "the server (PostgreSQL)",
    backend: "server",
    async start() {
      const pg = await startPostgres();
      const server = await startServer({ pg: pg.url, port: 0, dist: emptyDist(), allowWrites: true });
      const { client, events } = connect(server.port);
      return {
        client,
        events,
        async stop() {
          client.terminate();
          await server.close();
          await pg.stop();
        },
      };
    },
  },
];
