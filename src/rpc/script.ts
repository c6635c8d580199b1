// The messages between the page and the script worker (src/hosts/script), which runs a user's
// TypeScript against the engine's public API. Plain JSON, like the engine's RPC.
import type { JsonValue } from "./protocol.js";

/** What a script may ask of the playground's own store (module "playground"), through the page's engine client. */
export type PlaygroundMethod = "addSeries" | "clearSource" | "execute" | "getDimensions" | "raw";

/**
 * The page asks a fresh worker to run one script (a worker runs one script in its life), and
 * answers the script's calls to the playground's store.
 */
export type ScriptRunRequest =
  { type: "run"; source: string } | { type: "answer"; id: number; result?: unknown; error?: string };

export type ScriptLevel = "log" | "info" | "warn" | "error" | "debug";

/** 1-based, in the script as the user wrote it. */
export type ScriptPosition = { line: number; column: number };

export type ScriptError = {
  /** `SyntaxError` for a script that does not compile; else the thrown error's name. */
  name: string;
  message: string;
  /** Where in the script it was thrown (the innermost frame of the script), when the stack says. */
  position: ScriptPosition | null;
  /** The stack's frames in the script only, mapped to its lines. */
  stack: string[];
};

/**
 * What a script's `export default` was, as JSON: dates as ISO strings, paths as strings.
 * `periods` is a GroupedPeriodResults (PeriodDto[] of the engine's RPC), `rows` an array of plain objects.
 */
export type ScriptResult = { shape: "periods" | "rows" | "value"; json: JsonValue };

/**
 * PGlite's own files, which a store in the script worker loads. The worker may not fetch them (its
 * policy allows no connection at all): it asks the page, which fetches only these.
 */
export type ScriptAsset = "pglite.wasm" | "pglite.data" | "initdb.wasm";

/** `at` is ms since the run started. An `asset` is answered with its bytes (an ArrayBuffer). */
export type ScriptEvent =
  | { type: "loaded" }
  | { type: "call"; id: number; method: PlaygroundMethod; params: JsonValue }
  | { type: "asset"; id: number; name: ScriptAsset }
  | { type: "console"; level: ScriptLevel; text: string; at: number }
  | { type: "profile"; metric: string; ms: number; at: number }
  | { type: "done"; result: ScriptResult | null; elapsedMs: number }
  | { type: "failed"; error: ScriptError; elapsedMs: number };

/**
 * The script worker's Content-Security-Policy. Every server of the app sends it with the worker's
 * own file (a dedicated worker takes its policy from its response; `vite` and `vite preview`:
 * vite.config.ts, `npm run serve`: src/hosts/server/server.ts), and the worker refuses to run
 * scripts without it. No connection of any kind (fetch, sendBeacon, sockets, fonts, images), no
 * workers, and scripts only from the app's own origin: an `import()` of another site or of a
 * `data:`/`blob:` URL is refused, however it was built. `unsafe-eval` runs the compiled script;
 * `wasm-unsafe-eval` compiles PGlite.
 */
export const SCRIPT_WORKER_CSP =
  "default-src 'none'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; worker-src 'none'";

/** The script worker's file: `assets/scriptWorker-<hash>.js` once built, its source under `vite`. */
export const isScriptWorkerPath = (pathname: string): boolean =>
  /^\/(assets\/scriptWorker-[\w-]+\.js|src\/hosts\/script\/scriptWorker\.ts)$/.test(pathname);
