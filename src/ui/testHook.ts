import type { EngineHealth } from "../client/EngineClient.js";
import type { Method, Methods } from "../rpc/protocol.js";

// `window.__playground`: what end-to-end tests and curious developers drive the app through,
// and the timestamps (performance.now(), ms since navigation) that boot measurements read.
export type PlaygroundHook = {
  marks: { bootStart?: number; bootDone?: number; firstResult?: number; firstChart?: number };
  /** The boot's steps as the worker reported them (labels and ms). */
  bootSteps?: { label: string; elapsedMs: number }[];
  /** Replaces the editor's text (as typing would). */
  setQuery?: (text: string) => void;
  getQuery?: () => string;
  /** Runs the editor's text; resolves when the results (or the error) are shown. */
  run?: () => Promise<void>;
  /** The SQL editor's text, likewise. */
  setSql?: (text: string) => void;
  getSql?: () => string;
  /** Puts a request in the GraphQL pane and runs it (as a paste does); resolves when the response is shown. */
  openGraphql?: (request: { query: string; variables?: string }) => Promise<void>;
  /** Any worker RPC call, through the page's client (tests add series, read checksums, simulate faults). */
  call?: <M extends Method>(method: M, params: Methods[M]["params"]) => Promise<Methods[M]["result"]>;
  /** What the Cancel button does: stop the worker, boot the same database in a new one. */
  restart?: () => void;
  health?: () => EngineHealth;
};

declare global {
  interface Window {
    __playground?: PlaygroundHook;
  }
}

export const hook: PlaygroundHook = (window.__playground ??= { marks: {} });
export const marks = hook.marks;
