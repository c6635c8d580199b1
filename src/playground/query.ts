// The series query editor, framework-free: its text, the run of that text, and the re-run of the
// shown query after a data change (the live feed's `refresh`). Every run is profiled.
import type { EngineClient } from "../client/EngineClient.js";
import type { ExecuteResult, QueryJson } from "../rpc/protocol.js";
import { profiled, type Profiler } from "./profiler.js";
import { createRun, type RunState } from "./run.js";
import { createStore, type ReadableStore } from "./store.js";

/** What ran: the editor's text, or the shown result's parsed query on a live re-run. */
type QueryInput = string | QueryJson;

export type QueryState = RunState<QueryInput, ExecuteResult> & {
  text: string;
  /** The editor text of the shown result: when `text` differs, the panes show something else. */
  ranText: string | null;
  /** The text the error refers to (null when a live re-run failed). */
  errorText: string | null;
};

export interface QueryEditor extends ReadableStore<QueryState> {
  setText(text: string): void;
  /** Runs the editor's current text. */
  run(): Promise<ExecuteResult | null>;
  /** Re-executes the shown result's query (not the editor's text, which may be mid-edit). */
  refresh(): Promise<void>;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const describe = (r: ExecuteResult) =>
  `${plural(r.results.length, "period")} · ${r.results[0]?.rows.length ?? 0} series`;
const asText = (input: QueryInput | null) => (typeof input === "string" ? input : null);

export function createQueryEditor(
  client: Pick<EngineClient, "execute">,
  profiler: Pick<Profiler, "record">,
  initialText: string,
): QueryEditor {
  const machine = createRun<QueryInput, ExecuteResult>((input) =>
    profiled(profiler, () => client.execute(input), describe),
  );
  const derived = (m: RunState<QueryInput, ExecuteResult>) => ({
    ...m,
    ranText: asText(m.ranInput),
    errorText: asText(m.errorInput),
  });
  const store = createStore<QueryState>({ text: initialText, ...derived(machine.get()) });
  machine.subscribe(() => store.set(derived(machine.get())));
  return {
    get: store.get,
    subscribe: store.subscribe,
    setText: (text) => store.set({ text }),
    run: () => machine.run(store.get().text),
    async refresh() {
      const shown = machine.get().result;
      if (shown) await machine.run(shown.query, { live: true });
    },
  };
}
