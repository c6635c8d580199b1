// The worker's engine service (service.ts on the PGlite backend) in this Node process, talked to
// by the real EngineClient, as in worker-rpc.test.ts. Messages cross by structuredClone both ways, as
// postMessage does (a form's NaN survives); a test may copy replies through JSON instead, to
// prove they are plain JSON. Each call makes a new engine with its own PGlite.
import { EngineClient, type WorkerLike } from "../../src/client/EngineClient.js";
import { pgliteBackend } from "../../src/hosts/worker/pgliteBackend.js";
import type { Request, WorkerMessage } from "../../src/rpc/protocol.js";
import { createEngineService } from "../../src/service/service.js";

type Listener = (event: MessageEvent<WorkerMessage>) => void;

export type InProcessWorker = { client: EngineClient; events: WorkerMessage[] };

export async function inProcessWorker(copyReply: <T>(message: T) => T = structuredClone): Promise<InProcessWorker> {
  const events: WorkerMessage[] = [];
  // A restart (cancel) spawns a fresh engine, as the page's client spawns a fresh Worker.
  const spawn = (): WorkerLike => {
    const listeners: Listener[] = [];
    const service = createEngineService(pgliteBackend, (message: WorkerMessage) => {
      const copy = copyReply(message);
      events.push(copy);
      setTimeout(() => listeners.forEach((l) => l({ data: copy } as MessageEvent<WorkerMessage>)));
    });
    return {
      postMessage: (request: Request) => setTimeout(() => service.handle(structuredClone(request))),
      terminate: () => void service.close(),
      addEventListener: (type: string, l: Listener | ((e: ErrorEvent) => void)) => {
        if (type === "message") listeners.push(l as Listener);
      },
    };
  };
  return { client: new EngineClient(spawn(), spawn), events };
}

/** One md5 over every row of the three tables: equal before and after means nothing was written. */
export const CHECKSUM_SQL = `select md5(string_agg(t, '|' order by t)) as checksum, count(*) filter (where t like 'S%')::int as series from (
  select 'S' || row_to_json(s)::text as t from "AnalyticsSeries" s
  union all select 'D' || row_to_json(d)::text from "AnalyticsDimension" d
  union all select 'L' || row_to_json(l)::text from "AnalyticsSeries_AnalyticsDimension" l) x`;

export async function checksum(client: EngineClient): Promise<{ checksum: string; series: number }> {
  const r = await client.raw(CHECKSUM_SQL);
  return r.statements[0].rows[0] as { checksum: string; series: number };
}
