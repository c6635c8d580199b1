import { defineConfig } from "vitest/config";

// One project per layer: `npx vitest run --project unit` runs the fast ones alone.
// PGlite boots in seconds per instance; files share one per file and run two at a time.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      { extends: true, test: { name: "store", include: ["test/store/**/*.test.ts"] } },
      { extends: true, test: { name: "service", include: ["test/service/**/*.test.ts"] } },
      { extends: true, test: { name: "e2e", include: ["e2e/**/*.test.ts"] } },
    ],
  },
});
