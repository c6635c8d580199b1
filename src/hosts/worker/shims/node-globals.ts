// knex reads `process` and `Buffer` at load time (`process && process.platform`), which throws
// in a worker where neither exists. This must be the worker's first import. No `versions.node`:
// PGlite would take that as Node and try to load node:module.
const g = globalThis as unknown as { process?: unknown; Buffer?: unknown };
g.process ??= {
  env: {},
  browser: true,
  platform: "browser",
  argv: [],
  nextTick: (fn: () => void) => queueMicrotask(fn),
};
// knex's SQL escaping asks Buffer.isBuffer about objects; the browser has no Buffers to find.
g.Buffer ??= { isBuffer: () => false };
export {};
