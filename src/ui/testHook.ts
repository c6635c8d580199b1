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
};

declare global {
  interface Window {
    __playground?: PlaygroundHook;
  }
}

export const hook: PlaygroundHook = (window.__playground ??= { marks: {} });
export const marks = hook.marks;
