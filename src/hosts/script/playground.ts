// The module "playground": the playground's own store, for a script that wants to change or read
// the data the page shows. Calls go to the page, which makes them on its engine client, so a write
// takes the normal path: the SQL log shows its statements and the shown query re-runs live.
import type { DimensionListDto, ExecuteResult, QueryJson, RawResultDto } from "../../rpc/protocol.js";
import type { PlaygroundMethod } from "../../rpc/script.js";
import { toJsonSafe } from "./values.js";

export type PlaygroundCall = (method: PlaygroundMethod, params: unknown) => Promise<unknown>;

export function playgroundModule(call: PlaygroundCall): Record<string, unknown> {
  const playground = {
    /** Adds series to the playground's store in one transaction; resolves to how many. */
    async addSeriesValues(inputs: unknown[]): Promise<number> {
      return ((await call("addSeries", { inputs: toJsonSafe(inputs) })) as { added: number }).added;
    },
    /** Deletes the series at or under `source` (and dimensions left unused); resolves to how many. */
    async clearSeriesBySource(source: unknown): Promise<number> {
      return ((await call("clearSource", { path: String(source) })) as { deleted: number }).deleted;
    },
    /** Runs a query as the query editor writes it (ISO dates, paths as strings). */
    async execute(query: QueryJson): Promise<ExecuteResult["results"]> {
      return ((await call("execute", { query: toJsonSafe(query) })) as ExecuteResult).results;
    },
    getDimensions: () => call("getDimensions", {}) as Promise<DimensionListDto>,
    raw: (sql: string) => call("raw", { sql }) as Promise<RawResultDto>,
  };
  return { playground };
}
