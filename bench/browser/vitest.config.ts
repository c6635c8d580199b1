import { defineConfig } from "vitest/config";

// The Chromium benchmark (`npm run bench:browser`), kept out of `npm test`: figures, not checks.
export default defineConfig({
  root: new URL("../..", import.meta.url).pathname,
  test: { include: ["bench/browser/bench.e2e.ts"], testTimeout: 1_800_000, hookTimeout: 300_000 },
});
