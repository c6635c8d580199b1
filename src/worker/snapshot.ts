import { PGlite } from "@electric-sql/pglite";

declare const __DEMO_HASH__: string;

type Manifest = { hash: string; snapshots: { count: number; seed: number; file: string; bytes: number }[] };

/**
 * The prebuilt demo database for this count and seed, when public/snapshots/ holds one made by
 * this very generator and schema (same hash); otherwise null and the caller seeds. Loading it
 * skips initdb and seeding: the slowest parts of a cold boot.
 */
export async function findSnapshot(count: number, seed: number): Promise<{ url: string; bytes: number } | null> {
  try {
    const base = new URL(`${import.meta.env.BASE_URL}snapshots/`, self.location.origin);
    const response = await fetch(new URL("manifest.json", base));
    if (!response.ok) return null;
    const manifest = (await response.json()) as Manifest;
    if (manifest.hash !== __DEMO_HASH__) return null;
    const entry = manifest.snapshots.find((s) => s.count === count && s.seed === seed);
    return entry ? { url: new URL(entry.file, base).toString(), bytes: entry.bytes } : null;
  } catch {
    return null;
  }
}

export async function loadSnapshot(url: string): Promise<PGlite> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the demo snapshot ${url} answered ${response.status}`);
  return PGlite.create({ loadDataDir: await response.blob() });
}
