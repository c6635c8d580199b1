import react from "@vitejs/plugin-react";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type Connect, type Plugin } from "vite";
import { isScriptWorkerPath, SCRIPT_WORKER_CSP } from "./src/rpc/script.js";
import { demoHash } from "./scripts/demoHash.js";
import { engineTypes } from "./scripts/engineTypes.js";

const versionOf = (path: string): string =>
  (JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8")) as { version: string }).version;

const shim = (file: string) => fileURLToPath(new URL(`./src/hosts/worker/shims/${file}`, import.meta.url));

/** knex picks its dialect with a require per database; keep only Postgres (see the shim). */
function knexPostgresOnly(): Plugin {
  return {
    name: "knex-postgres-only",
    enforce: "pre",
    resolveId(source, importer) {
      if (source === "../../dialects" && importer && /knex[\\/]lib[\\/]knex-builder[\\/]internal[\\/]/.test(importer))
        return shim("knex-dialects.cjs");
      return null;
    },
  };
}

/** The script worker's policy, sent with its file by `vite` and `vite preview` (see SCRIPT_WORKER_CSP). */
function scriptWorkerPolicy(): Plugin {
  const policy: Connect.NextHandleFunction = (req, res, next) => {
    if (isScriptWorkerPath(new URL(req.url ?? "/", "http://x").pathname))
      res.setHeader("Content-Security-Policy", SCRIPT_WORKER_CSP);
    next();
  };
  return {
    name: "script-worker-policy",
    configureServer: (server) => void server.middlewares.use(policy),
    configurePreviewServer: (server) => void server.middlewares.use(policy),
  };
}

export default defineConfig({
  plugins: [
    react(),
    knexPostgresOnly(),
    scriptWorkerPolicy(),
    engineTypes(fileURLToPath(new URL(".", import.meta.url))),
  ],
  // The worker loads public/snapshots/ only when its manifest carries this hash (see scripts/build-snapshot.ts).
  // The debug report names the engine (this package) and the bundled PGlite as installed.
  define: {
    __DEMO_HASH__: JSON.stringify(demoHash(fileURLToPath(new URL(".", import.meta.url)))),
    __VERSIONS__: JSON.stringify({
      engine: versionOf("./package.json"),
      pglite: versionOf("./node_modules/@electric-sql/pglite/package.json"),
    }),
  },
  resolve: {
    // knex is a Node library; in the worker it only builds SQL strings. These stand in for the
    // Node built-ins it (and its dependencies) require at load time.
    alias: [
      { find: /^(node:)?util$/, replacement: shim("util.cjs") },
      { find: /^(node:)?assert$/, replacement: shim("assert.cjs") },
      { find: /^(node:)?timers$/, replacement: shim("timers.cjs") },
      { find: /^(node:)?tty$/, replacement: shim("tty.cjs") },
      { find: /^(node:)?(fs|stream)$/, replacement: shim("empty.cjs") },
    ],
  },
  worker: { format: "es", plugins: () => [knexPostgresOnly()] },
  optimizeDeps: {
    // PGlite finds its .wasm/.data next to its own module; pre-bundling would move the module.
    exclude: ["@electric-sql/pglite"],
    // Crawl the worker too: deps first seen when it loads (knex, luxon) would make the dev
    // server re-optimize and reload the page in the middle of the boot.
    entries: ["index.html", "src/hosts/worker/worker.ts", "src/hosts/script/scriptWorker.ts"],
  },
  build: {
    target: "es2022",
    // The playground, and the bench page that runs `npm run bench`'s workload in this browser.
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL("./index.html", import.meta.url)),
        bench: fileURLToPath(new URL("./bench.html", import.meta.url)),
      },
    },
  },
});
