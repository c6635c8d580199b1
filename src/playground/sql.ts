// The SQL editor, framework-free: its text, runs of a selection or the whole text, and errors
// placed in the text as it was when it ran. Every success is profiled.
import type { EngineClient } from "../client/EngineClient.js";
import type { ErrorDto, RawResultDto } from "../rpc/protocol.js";
import { statementsOf, type Profiler } from "./profiler.js";
import { createRun, type RunState } from "./run.js";
import { createStore, type ReadableStore } from "./store.js";

/** A part of the text starting at `offset` (a selection), or the whole text. */
type SqlInput = { sql: string; offset: number; selection: boolean; whole: string };

type SqlError = ErrorDto & {
  /** The editor text when it ran: the marker is only drawn while the text is unchanged. */
  text: string;
  /** 0-based offset into `text` of Postgres' 1-based position (shifted when a selection ran). */
  offset?: number;
};

export type SqlState = Omit<RunState<SqlInput, RawResultDto>, "result" | "error"> & {
  text: string;
  result: (RawResultDto & { selection: boolean }) | null;
  error: SqlError | null;
  /** Bumped by `open`; the pane focuses its editor when it changes. */
  openCount: number;
};

export interface SqlEditor extends ReadableStore<SqlState> {
  setText(text: string): void;
  /** Runs `sql`, a part of the text starting at `offset` (a selection), or the whole text. */
  run(selection?: { sql: string; offset: number }): Promise<void>;
  /** Puts `sql` in the editor and asks the pane to focus it (e.g. from a log entry). */
  open(sql: string): void;
}

export function createSqlEditor(
  client: Pick<EngineClient, "raw">,
  profiler: Pick<Profiler, "record">,
  initialText: string,
): SqlEditor {
  const machine = createRun<SqlInput, RawResultDto>(async ({ sql }) => {
    const r = await client.raw(sql);
    const n = r.statements.length;
    const summary = `SQL editor · ${n} statement${n === 1 ? "" : "s"}`;
    const { runId, elapsedMs, timings = [], logs = [] } = r;
    profiler.record({ runId, at: Date.now(), elapsedMs, timings, summary, statements: statementsOf(logs) });
    return r;
  });
  // The panes compare results by identity: the same machine result gives the same object.
  let shown: [RawResultDto | null, SqlState["result"]] = [null, null];
  const withSelection = (result: RawResultDto | null, input: SqlInput | null): SqlState["result"] => {
    if (shown[0] !== result) shown = [result, result && { ...result, selection: input?.selection ?? false }];
    return shown[1];
  };
  let placed: [ErrorDto | null, SqlError | null] = [null, null];
  const placeError = (error: ErrorDto | null, at: SqlInput | null): SqlError | null => {
    if (placed[0] === error) return placed[1];
    const offset =
      error?.kind === "sql" && error.position !== undefined && at ? at.offset + error.position - 1 : undefined;
    placed = [error, error && at ? { ...error, text: at.whole, offset } : null];
    return placed[1];
  };
  const derived = ({ result, error, ...rest }: RunState<SqlInput, RawResultDto>) => ({
    ...rest,
    result: withSelection(result, rest.ranInput),
    error: placeError(error, rest.errorInput),
  });
  const store = createStore<SqlState>({ text: initialText, openCount: 0, ...derived(machine.get()) });
  // Derived objects are new on every change of the machine only, so the panes re-render once per run.
  machine.subscribe(() => store.set(derived(machine.get())));
  return {
    get: store.get,
    subscribe: store.subscribe,
    setText: (text) => store.set({ text }),
    async run(selection) {
      const whole = store.get().text;
      await machine.run({
        sql: selection?.sql ?? whole,
        offset: selection?.offset ?? 0,
        selection: !!selection,
        whole,
      });
    },
    open(sql) {
      machine.clearError();
      store.set((s) => ({ text: sql, openCount: s.openCount + 1 }));
    },
  };
}
