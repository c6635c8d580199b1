import type { ScriptModules } from "./run.js";

/**
 * What a script may import, by the names its documentation uses: the engine's public entry as
 * "analytics-engine", and the libraries its API takes or returns (luxon's DateTime, a knex to share,
 * PGlite for a `pgLiteFactory`). The worker and the Node test load the very same set.
 */
export async function loadScriptModules(): Promise<ScriptModules> {
  const [engine, luxon, knex, pglite] = await Promise.all([
    import("../../engine/index.js"),
    import("luxon"),
    import("knex"),
    import("@electric-sql/pglite"),
  ]);
  return { "analytics-engine": engine, luxon, knex: { ...knex }, "@electric-sql/pglite": pglite };
}
