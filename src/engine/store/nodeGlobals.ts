// knex is a Node library: at load time it reads `process` (`process && process.platform`) and
// asks `Buffer.isBuffer` while escaping. Browsers and workers have neither, so the store defines
// minimal stand-ins before knex loads. No `process.versions.node`: PGlite would then take the
// page for Node and try to load node:module.
const g = globalThis as unknown as { process?: unknown; Buffer?: unknown };
g.process ??= {
  env: {},
  browser: true,
  platform: "browser",
  argv: [],
  nextTick: (fn: () => void) => queueMicrotask(fn),
};
g.Buffer ??= { isBuffer: () => false };
export {};
