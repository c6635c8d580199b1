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

/** `at` is ms since the run started. */
export type ScriptEvent =
  | { type: "loaded" }
  | { type: "call"; id: number; method: PlaygroundMethod; params: JsonValue }
  | { type: "console"; level: ScriptLevel; text: string; at: number }
  | { type: "profile"; metric: string; ms: number; at: number }
  | { type: "done"; result: ScriptResult | null; elapsedMs: number }
  | { type: "failed"; error: ScriptError; elapsedMs: number };
