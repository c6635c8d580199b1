// Runs one script: compiles it, gives it the modules it may import, sends what it prints (its own
// console.* and the engine's, e.g. the default loggers) and the profiler's stages as they happen,
// and ends with its `export default` or the error it threw. The same code runs in the script
// worker and under Node (test/service/script-examples.test.ts), so both print the same lines.
import type { ScriptEvent, ScriptLevel } from "../../rpc/script.js";
import { compileScript, describeError, type Compiled } from "./compile.js";
import { classNamesOf, formatArgs, toScriptResult } from "./values.js";

/** What `import … from "<name>"` gives a script. */
export type ScriptModules = Record<string, Record<string, unknown>>;

const LEVELS: Record<string, ScriptLevel> = {
  log: "log",
  info: "info",
  warn: "warn",
  error: "error",
  debug: "debug",
  trace: "debug",
  dir: "log",
  table: "log",
};

type ProfilerClass = new (ns: string, logger: (metric: string, ms: number) => void) => object;

/**
 * The engine's namespace with an AnalyticsProfiler that also reports each stage to the page (the
 * profiler pane) before calling the script's own logger. Same name, same behaviour otherwise.
 */
function withReportingProfiler(engine: Record<string, unknown>, report: (metric: string, ms: number) => void) {
  const Base = engine.AnalyticsProfiler as ProfilerClass | undefined;
  if (typeof Base !== "function") return engine;
  class AnalyticsProfiler extends Base {
    constructor(ns: string, logger: (metric: string, ms: number) => void) {
      super(ns, (metric, ms) => {
        report(metric, ms);
        logger(metric, ms);
      });
    }
  }
  return { ...engine, AnalyticsProfiler };
}

/** Runs `source`; resolves after the `done` or `failed` event was emitted. Never rejects. */
export async function runScript(
  source: string,
  modules: ScriptModules,
  emit: (event: ScriptEvent) => void,
): Promise<void> {
  const t0 = performance.now();
  const at = () => performance.now() - t0;
  const available = Object.keys(modules).join(", ");
  const own: ScriptModules = { ...modules };
  if (own["analytics-engine"])
    own["analytics-engine"] = withReportingProfiler(own["analytics-engine"], (metric, ms) =>
      emit({ type: "profile", metric, ms, at: at() }),
    );
  // Marked as ES modules, so `import knex from "knex"` takes the module's default export.
  const require = (name: string) => {
    const found = own[name];
    if (!found) throw new Error(`Cannot import "${name}": a script can import ${available}`);
    return { __esModule: true, ...found };
  };

  const names = classNamesOf(modules);
  // The global console, not a parameter: the engine's default loggers print through it too.
  const target = console as unknown as Record<string, unknown>;
  const saved = Object.fromEntries(Object.keys(LEVELS).map((k) => [k, target[k]]));
  for (const [method, level] of Object.entries(LEVELS))
    target[method] = (...args: unknown[]) => emit({ type: "console", level, text: formatArgs(args, names), at: at() });

  let compiled: Compiled | null = null;
  try {
    compiled = compileScript(source);
    const exports: Record<string, unknown> = {};
    // Indirect eval: global scope, and the `sourceURL` names the script's frames.
    const fn = (0, eval)(compiled.code) as (r: typeof require, e: object, m: object) => Promise<void>;
    await fn(require, exports, { exports });
    const value = exports.default;
    emit({ type: "done", result: value === undefined ? null : toScriptResult(value), elapsedMs: at() });
  } catch (e) {
    emit({ type: "failed", error: describeError(e, compiled), elapsedMs: at() });
  } finally {
    Object.assign(target, saved);
  }
}
