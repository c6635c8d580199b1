// Lint, and the house's boundaries: which room may import which (docs/ARCHITECTURE.md).
import js from "@eslint/js";
import boundaries from "eslint-plugin-boundaries";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/** Each room of src/, and the rooms it may import. Nothing imports a host. */
const ROOMS = {
  engine: [],
  rpc: [],
  demo: ["engine"],
  service: ["engine", "rpc", "demo"],
  "worker-host": ["service", "engine", "rpc", "demo"],
  "server-host": ["service", "engine", "rpc", "demo"],
  "script-host": ["engine", "rpc"],
  client: ["rpc"],
  playground: ["rpc", "client"],
  ui: ["rpc", "client", "playground"],
};

export default tseslint.config(
  {
    ignores: [
      "src/vite-env.d.ts",
      "dist/",
      "node_modules/",
      "test-results/",
      "public/",
      "**/*.cjs",
      "scripts/fuzz/host.mjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-empty": ["error", { allowEmptyCatch: true }],
    },
  },
  { files: ["src/ui/**/*.tsx", "src/ui/**/*.ts"], ...reactHooks.configs.flat["recommended-latest"] },
  {
    // The playground core is framework-free: React binds to it (src/ui/hooks/useStore.ts), not the reverse.
    files: ["src/playground/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^react", message: "src/playground is framework-free" }] },
      ],
    },
  },
  {
    files: ["src/**/*.ts", "src/**/*.tsx"],
    plugins: { boundaries },
    settings: {
      "import/resolver": { typescript: { alwaysTryTypes: true } },
      "boundaries/elements": [
        { type: "engine", pattern: "src/engine" },
        { type: "rpc", pattern: "src/rpc" },
        { type: "demo", pattern: "src/demo" },
        { type: "service", pattern: "src/service" },
        { type: "worker-host", pattern: "src/hosts/worker" },
        { type: "server-host", pattern: "src/hosts/server" },
        { type: "script-host", pattern: "src/hosts/script" },
        { type: "client", pattern: "src/client" },
        { type: "playground", pattern: "src/playground" },
        { type: "ui", pattern: "src/ui" },
      ],
    },
    rules: {
      "boundaries/no-unknown-files": "error",
      "boundaries/dependencies": [
        "error",
        {
          default: "disallow",
          policies: [
            ...Object.entries(ROOMS).map(([room, allowed]) => ({
              from: { element: { type: room } },
              allow: { to: { element: { types: { anyOf: [room, ...allowed] } } } },
            })),
            // Libraries are each room's own business; the bundle test keeps the engine's out of the page.
            { allow: { to: { module: { origin: "external" } } } },
            { allow: { to: { module: { origin: "core" } } } },
          ],
        },
      ],
    },
  },
);
