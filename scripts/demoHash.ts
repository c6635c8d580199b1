// The demo snapshot's identity: a hash of everything that decides its bytes (the generator, the
// schema, the PGlite version). The app compares it with the snapshot's manifest and seeds
// afresh when they differ, so a stale snapshot is never shown.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

export function demoHash(root: string): string {
  const hash = createHash("sha256");
  const demo = join(root, "src", "demo");
  for (const f of readdirSync(demo).sort()) hash.update(f).update(readFileSync(join(demo, f)));
  for (const f of [
    "src/engine/store/schema.ts",
    "src/engine/store/KnexAnalyticsStore.ts",
    "src/engine/store/ingest.ts",
    "src/engine/store/ingestSql.ts",
    "src/engine/store/bulkInsert.ts",
    "src/engine/store/dimensionSets.ts",
    "src/engine/core/seriesInput.ts",
    "src/demo/seed.ts",
  ])
    hash.update(f).update(readFileSync(join(root, f)));
  const pglite = JSON.parse(
    readFileSync(join(root, "node_modules", "@electric-sql", "pglite", "package.json"), "utf8"),
  ) as { version: string };
  hash.update(pglite.version);
  return hash.digest("hex").slice(0, 16);
}
