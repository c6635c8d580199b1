// One "running → done | error" machine for every run the playground makes (the series query, the
// SQL editor, compare's query B): the last success stays shown while a later run failed, and an
// answer to a run that a newer one replaced is dropped, so panes never show an older result.
import { RpcError } from "../client/EngineClient.js";
import type { ErrorDto } from "../rpc/protocol.js";
import { createStore, type Store } from "./store.js";

type RunStatus = "idle" | "running" | "done" | "error";

export type RunState<I, R> = {
  status: RunStatus;
  /** The last success; kept while a later run failed. */
  result: R | null;
  /** What produced `result`: when the editor differs, the panes show something else than the editor. */
  ranInput: I | null;
  /** The last run's error, cleared by the next success the user asked for. */
  error: ErrorDto | null;
  /** What the error refers to, so markers land where they belong even after edits. */
  errorInput: I | null;
  /** Runs finished (answered or failed), replaced ones included. */
  runs: number;
  /** The shown result came from a re-run after a data change, not from the user. */
  live: boolean;
};

export interface Run<I, R> extends Store<RunState<I, R>> {
  /** Runs `input`; resolves with its result, or null when it failed or a newer run replaced it. */
  run(input: I, options?: { live?: boolean }): Promise<R | null>;
  /** Forgets the last error (the text it was about was replaced). */
  clearError(): void;
}

function toErrorDto(e: unknown): ErrorDto {
  return e instanceof RpcError
    ? { kind: e.kind, message: e.message, field: e.field, position: e.position }
    : { kind: "internal", message: e instanceof Error ? e.message : String(e) };
}

export function createRun<I, R>(execute: (input: I) => Promise<R>): Run<I, R> {
  const store = createStore<RunState<I, R>>({
    status: "idle",
    result: null,
    ranInput: null,
    error: null,
    errorInput: null,
    runs: 0,
    live: false,
  });
  let latest = 0;
  return {
    ...store,
    clearError: () => store.set({ error: null, errorInput: null }),
    async run(input, { live = false } = {}) {
      const mine = ++latest;
      store.set({ status: "running" });
      try {
        const result = await execute(input);
        if (mine !== latest) return (store.set((s) => ({ runs: s.runs + 1 })), null);
        // A live re-run refreshed the shown query; an error about the editor's text still stands.
        const cleared = live ? {} : { error: null, errorInput: null };
        // A live re-run ran the shown query again: what it came from is unchanged.
        const ranInput = (s: RunState<I, R>) => (live ? s.ranInput : input);
        store.set((s) => ({ status: "done", result, ranInput: ranInput(s), live, runs: s.runs + 1, ...cleared }));
        return result;
      } catch (e) {
        if (mine !== latest) return (store.set((s) => ({ runs: s.runs + 1 })), null);
        store.set((s) => ({ status: "error", error: toErrorDto(e), errorInput: input, runs: s.runs + 1 }));
        return null;
      }
    },
  };
}
