import { useEffect, useState } from "react";
import type { ExecuteResult, RawResultDto } from "../../rpc/protocol.js";
import { useEngine } from "../connection/EngineContext.js";
import { useLive } from "../live/LiveContext.js";
import type { TileQuery } from "../../playground/dashboardFile.js";

type TileOutcome = { kind: "series"; result: ExecuteResult } | { kind: "sql"; result: RawResultDto };

export type TileState = {
  outcome: TileOutcome | null;
  error: string | null;
  /** Runs finished (a live re-run counts): tests and the tile's "updated" line read it. */
  runs: number;
  running: boolean;
  updatedAt: number | null;
};

/** The last outcome per query: a tile shown again (presented, the view switched) draws at once, then refreshes. */
const lastOutcome = new Map<string, TileOutcome>();

function run(client: ReturnType<typeof useEngine>["client"], query: TileQuery): Promise<TileOutcome> {
  switch (query.kind) {
    case "series":
      return client.execute(query.query).then((result) => ({ kind: "series", result }));
    case "sql":
      return client.call("raw", { sql: query.sql }).then((result) => ({ kind: "sql", result }));
  }
}

/**
 * Runs a tile's query when the engine is ready, and again once the data changed: when the live
 * feed says a burst of changes is over (several writes in a row, an import's batches: once).
 */
export function useTileResult(query: TileQuery): TileState {
  const { client, status } = useEngine();
  const { settled } = useLive();
  const key = JSON.stringify(query);
  const [state, setState] = useState<TileState>(() => ({
    outcome: lastOutcome.get(key) ?? null,
    error: null,
    runs: 0,
    running: false,
    updatedAt: null,
  }));

  useEffect(() => {
    if (status !== "ready") return;
    const parsed = JSON.parse(key) as TileQuery;
    let live = true;
    const go = () => {
      setState((s) => ({ ...s, running: true }));
      run(client, parsed).then(
        (outcome) => {
          lastOutcome.set(key, outcome);
          if (live)
            setState((s) => ({ outcome, error: null, runs: s.runs + 1, running: false, updatedAt: Date.now() }));
        },
        (e: unknown) => {
          if (live)
            setState((s) => ({
              ...s,
              error: e instanceof Error ? e.message : String(e),
              runs: s.runs + 1,
              running: false,
            }));
        },
      );
    };
    go();
    return () => {
      live = false;
    };
  }, [client, status, key, settled]);
  return state;
}
