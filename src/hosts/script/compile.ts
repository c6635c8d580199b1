// A script's TypeScript → JavaScript that runs as one async function. Sucrase strips the types
// and turns `import … from "analytics-engine"` into `require(…)` calls (the runner decides what
// they return); its source map takes a stack frame back to the line and column the user wrote.
import { originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";
import { transform } from "sucrase";
import type { ScriptError, ScriptPosition } from "../../rpc/script.js";

/** The file name stack frames carry for the script (V8 honours `sourceURL` in eval'd code). */
const SCRIPT_FILE = "script.ts";
/** The wrapper shares the script's first line, so line numbers need no shifting; only line 1's columns do. */
const PREFIX = "(async function (require, exports, module) {";

export type Compiled = {
  /** An expression: the script as `async (require, exports, module) => …`. */
  code: string;
  /** Maps a 1-based line and column of the running code to the script's. */
  locate: (line: number, column: number) => ScriptPosition | null;
};

class ScriptSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: ScriptPosition | null,
  ) {
    super(message);
    this.name = "SyntaxError";
  }
}

export function compileScript(source: string): Compiled {
  let result;
  try {
    result = transform(source, {
      transforms: ["typescript", "imports"],
      disableESTransforms: true,
      filePath: SCRIPT_FILE,
      sourceMapOptions: { compiledFilename: "script.js" },
    });
  } catch (e) {
    // Sucrase says `Unexpected token (3:7)`, and carries the same place (a 1-based column) as `loc`.
    const loc = (e as { loc?: { line: number; column: number } }).loc;
    const message = (e instanceof Error ? e.message : String(e))
      .replace(/^Error transforming \S+: /, "")
      .replace(/ \(\d+:\d+\)$/, "");
    throw new ScriptSyntaxError(message, loc ? { line: loc.line, column: loc.column } : null);
  }
  const map = new TraceMap(result.sourceMap as ConstructorParameters<typeof TraceMap>[0]);
  return {
    code: `${PREFIX}${result.code}\n})\n//# sourceURL=${SCRIPT_FILE}`,
    locate(line, column) {
      const generated = line === 1 ? column - PREFIX.length : column;
      if (generated < 1) return null;
      const p = originalPositionFor(map, { line, column: generated - 1 });
      return p.line === null ? null : { line: p.line, column: p.column + 1 };
    },
  };
}

const FRAME = new RegExp(`^\\s*at (?:(.*?) \\()?.*?${SCRIPT_FILE.replace(".", "\\.")}:(\\d+):(\\d+)\\)?$`);

/** An error thrown by a running script, described with the script's own positions. */
export function describeError(error: unknown, compiled: Compiled | null): ScriptError {
  if (error instanceof ScriptSyntaxError)
    return { name: error.name, message: error.message, position: error.position, stack: [] };
  const name = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : `non-error thrown: ${String(error)}`;
  const stack: string[] = [];
  let position: ScriptPosition | null = null;
  for (const line of (error instanceof Error ? (error.stack ?? "") : "").split("\n")) {
    const m = FRAME.exec(line);
    const at = m && compiled?.locate(Number(m[2]), Number(m[3]));
    if (!m || !at) continue;
    position ??= at;
    // Wrapper and eval names say nothing about the script: keep the user's own function names.
    const fn = (m[1] ?? "").replace(/^async /, "").replace(/^(eval|Object\.eval|anonymous)$/, "");
    stack.push(`at ${fn ? `${fn} ` : ""}(${SCRIPT_FILE}:${at.line}:${at.column})`);
  }
  return { name, message, position, stack };
}
