// The worker's engine service (service.ts on the PGlite backend) in this Node process, talked to
// by the real EngineClient, as in worker-rpc.test.ts. Messages cross by structuredClone both ways, as
// postMessage does (a form's NaN survives); a test may copy replies through JSON instead, to
// prove they are plain JSON. Each call makes a new engine with its own PGlite.
import { EngineClient } from "../../src/client/EngineClient.js";
import { pgliteBackend } from "../../src/hosts/worker/pgliteBackend.js";
import type { WorkerMessage } from "../../src/rpc/protocol.js";
import type { Transport } from "../../src/rpc/transport.js";
import { createEngineService } from "../../src/service/service.js";
import type { BackendFactory } from "../../src/service/backend.js";

type Copy = <T>(message: T) => T;

/**
 * A Transport to a fresh engine service in this process: each way a message is copied
 * (structuredClone as postMessage does, unless told otherwise) and delivered on a later task.
 * `seen` gets every message the service sends, as copied.
 */
export function inProcessTransport(
  {
    copyRequest = structuredClone,
    copyReply = structuredClone,
    backend = pgliteBackend,
  }: { copyRequest?: Copy; copyReply?: Copy; backend?: BackendFactory } = {},
  seen: (message: WorkerMessage) => void = () => undefined,
): Transport {
  const listeners: ((message: WorkerMessage) => void)[] = [];
  const service = createEngineService(backend, (message: WorkerMessage) => {
    const copied = copyReply(message);
    seen(copied);
    setTimeout(() => listeners.forEach((l) => l(copied)));
  });
  return {
    send: (request) => void setTimeout(() => service.handle(copyRequest(request))),
    onMessage: (listener) => void listeners.push(listener),
    onClose: () => undefined,
    close: () => void service.close(),
  };
}

export type InProcessWorker = { client: EngineClient; events: WorkerMessage[] };

export async function inProcessWorker(copyReply: Copy = structuredClone): Promise<InProcessWorker> {
  const events: WorkerMessage[] = [];
  // A restart (cancel) spawns a fresh engine, as the page's client spawns a fresh Worker.
  const spawn = () => inProcessTransport({ copyReply }, (m) => events.push(m));
  return { client: new EngineClient(spawn(), spawn), events };
}

/** One md5 over every row of the three tables: equal before and after means nothing was written. */
export const CHECKSUM_SQL = `select md5(string_agg(t, '|' order by t)) as checksum, count(*) filter (where t like 'S%')::int as series from (
  select 'S' || (to_jsonb(s) - 'dimensionSet')::text as t from "AnalyticsSeries" s
  union all select 'D' || row_to_json(d)::text from "AnalyticsDimension" d
  union all select 'L' || row_to_json(l)::text from "AnalyticsSeries_AnalyticsDimension" l) x`;

export async function checksum(client: EngineClient): Promise<{ checksum: string; series: number }> {
  const r = await client.raw(CHECKSUM_SQL);
  return r.statements[0].rows[0] as { checksum: string; series: number };
}
