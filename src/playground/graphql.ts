// The GraphQL pane's request, framework-free: the document and its variables, and their run
// through the service (the subgraph's schema over the engine). Every run is profiled.
import type { EngineClient } from "../client/EngineClient.js";
import type { GraphqlResult } from "../rpc/protocol.js";
import { profiled, type Profiler } from "./profiler.js";
import { createRun, type RunState } from "./run.js";
import { createStore, type ReadableStore } from "./store.js";

type Request = { query: string; variables: string };

export type GraphqlState = RunState<Request, GraphqlResult> & { document: string; variables: string };

export interface GraphqlEditor extends ReadableStore<GraphqlState> {
  setDocument(text: string): void;
  setVariables(text: string): void;
  run(): Promise<void>;
  /** Replaces the request (a paste, a link) and runs it. */
  open(request: { query: string; variables?: string }): Promise<void>;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const summary = (r: GraphqlResult) => {
  const errors = r.response.errors?.length ?? 0;
  return `GraphQL · ${errors ? plural(errors, "error") : "ok"} · ${plural(r.logs.length, "statement")}`;
};

export function createGraphqlEditor(
  client: Pick<EngineClient, "call">,
  profiler: Pick<Profiler, "record">,
  initialDocument: string,
): GraphqlEditor {
  const machine = createRun<Request, GraphqlResult>((request) =>
    profiled(profiler, () => client.call("graphql", request), summary),
  );
  const store = createStore<GraphqlState>({ document: initialDocument, variables: "", ...machine.get() });
  machine.subscribe(() => store.set(machine.get()));
  const run = async () => {
    const { document, variables } = store.get();
    await machine.run({ query: document, variables });
  };
  return {
    get: store.get,
    subscribe: store.subscribe,
    setDocument: (document) => store.set({ document }),
    setVariables: (variables) => store.set({ variables }),
    run,
    async open(request) {
      store.set({ document: request.query, variables: request.variables ?? "" });
      await run();
    },
  };
}
