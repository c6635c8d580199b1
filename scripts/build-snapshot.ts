// npm run snapshot [-- 20000,200000] [--if-stale] [--quick]: seeds the demo in Node and writes
// PGlite's data directory to public/snapshots/, so the app boots by loading it instead of seeding.
// `predev` and `prebuild` run it with --if-stale: it builds only the sizes whose snapshot is
// missing or was made by another generator, schema or PGlite. The app checks the hash too and
// seeds when the snapshot is absent or stale. By default the default demo, the 200k and the 1M
// one; --quick (the dev server's) leaves out the million, which takes a minute or two to build.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { DEMO_DEFAULTS } from "../src/demo/generator.js";
import { MemoryAnalyticsStore } from "../src/engine/index.js";
import { seedDemo } from "../src/demo/seed.js";
import { demoHash } from "./demoHash.js";

const root = join(import.meta.dirname, "..");
const args = process.argv.slice(2);
const sizes = args.includes("--quick") ? [DEMO_DEFAULTS.count, 200_000] : [DEMO_DEFAULTS.count, 200_000, 1_000_000];
const counts =
  args
    .find((a) => /^\d[\d,]*$/.test(a))
    ?.split(",")
    .map(Number) ?? sizes;
const seed = DEMO_DEFAULTS.seed;
const out = join(root, "public", "snapshots");
mkdirSync(out, { recursive: true });
const hash = demoHash(root);
const manifestPath = join(out, "manifest.json");
type Entry = { count: number; seed: number; file: string; bytes: number };
/** Snapshots of this very hash already on disk: kept, and with --if-stale not built again. */
let kept: Entry[] = [];
if (args.includes("--if-stale") && existsSync(manifestPath)) {
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { hash: string; snapshots: Entry[] };
  if (manifest.hash === hash) kept = manifest.snapshots.filter((s) => existsSync(join(out, s.file)));
  if (counts.every((c) => kept.some((s) => s.count === c && s.seed === seed))) {
    console.log(`demo snapshot is current (${hash})`);
    process.exit(0);
  }
}
const entries: Entry[] = kept.filter((s) => !counts.includes(s.count) || s.seed !== seed);
for (const count of counts) {
  const fresh = kept.find((s) => s.count === count && s.seed === seed);
  if (fresh) {
    entries.push(fresh);
    continue;
  }
  const t0 = performance.now();
  const db = await PGlite.create();
  const store = new MemoryAnalyticsStore({ pgLiteFactory: async () => db });
  await store.init();
  // The worker's own seeding path, so the snapshot holds the very rows (and ids) a seeded boot would.
  await seedDemo(store, count, seed);
  // Statistics travel with the data directory: the first query plans well at once.
  await db.exec(`analyze; checkpoint;`);
  const file = `demo-${count}-${seed}.tar.gz`;
  const dump = await db.dumpDataDir("gzip");
  writeFileSync(join(out, file), new Uint8Array(await dump.arrayBuffer()));
  entries.push({ count, seed, file, bytes: dump.size });
  console.log(
    `${file}: ${count} series, ${(dump.size / 1e6).toFixed(1)} MB, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  await db.close();
}
writeFileSync(manifestPath, JSON.stringify({ hash, snapshots: entries }, null, 2) + "\n");
console.log(`manifest: hash ${hash}`);
