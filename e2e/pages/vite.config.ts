// Builds the e2e-only pages with the app's own Vite setup (knex shims, PGlite assets).
import { fileURLToPath } from "node:url";
import { defineConfig, mergeConfig } from "vite";
import app from "../../vite.config.js";

const config = mergeConfig(
  app,
  defineConfig({
    root: fileURLToPath(new URL(".", import.meta.url)),
    build: {
      outDir: fileURLToPath(new URL("../../node_modules/.e2e-pages-dist", import.meta.url)),
      emptyOutDir: true,
    },
  }),
);
// mergeConfig would add this page to the app's own inputs (index.html, bench.html): replace them.
config.build!.rollupOptions!.input = {
  "browser-store": fileURLToPath(new URL("./browser-store.html", import.meta.url)),
};

export default config;
