import { IDB_PREFIX } from "../../rpc/storeNames.js";
import { cachedSnapshot } from "./demoCache.js";

declare const __DEMO_HASH__: string;

type Manifest = { hash: string; snapshots: { count: number; seed: number; file: string; bytes: number }[] };

/**
 * The prebuilt demo database for this count and seed, when public/snapshots/ holds one made by
 * this very generator and schema (same hash); otherwise null and the caller seeds. Loading it
 * skips initdb and seeding: the slowest parts of a cold boot.
 */
async function fetchSnapshot(count: number, seed: number): Promise<{ blob: Blob; bytes: number } | null> {
  let url: URL;
  let bytes: number;
  try {
    const base = new URL(`${import.meta.env.BASE_URL}snapshots/`, self.location.origin);
    const response = await fetch(new URL("manifest.json", base));
    if (!response.ok) return null;
    const manifest = (await response.json()) as Manifest;
    if (manifest.hash !== __DEMO_HASH__) return null;
    const entry = manifest.snapshots.find((s) => s.count === count && s.seed === seed);
    if (!entry) return null;
    url = new URL(entry.file, base);
    bytes = entry.bytes;
  } catch {
    return null;
  }
  // Listed but unreadable is an error, not a reason to seed quietly.
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the demo snapshot ${url.toString()} answered ${response.status}`);
  return { blob: await response.blob(), bytes };
}

/** The demo snapshot a new IndexedDB database `name` starts as; null when the database exists (or no snapshot fits). */
export async function snapshotForNewDatabase(
  name: string,
  count: number,
  seed: number,
): Promise<{ blob: Blob; bytes: number } | null> {
  const exists = (await indexedDB.databases()).some((d) => d.name === IDB_PREFIX + name);
  return exists ? null : demoSnapshot(count, seed);
}

/** The demo's data directory: shipped (public/snapshots/), else kept by an earlier boot in this browser (`cached`). */
export async function demoSnapshot(
  count: number,
  seed: number,
): Promise<{ blob: Blob; bytes: number; cached?: true } | null> {
  const shipped = await fetchSnapshot(count, seed);
  if (shipped) return shipped;
  const kept = await cachedSnapshot(count, seed);
  return kept && { ...kept, cached: true };
}
