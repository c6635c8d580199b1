// A demo size with no shipped snapshot (public/snapshots/) is generated and seeded in the tab the
// first time; its data directory is then kept in this browser's Cache Storage, so the next boot
// of that size and seed loads it as it would a shipped snapshot. Keyed by the demo's hash: a
// new generator, schema or PGlite never loads an old dump, and saving drops the old ones.
declare const __DEMO_HASH__: string;

const CACHE = "playground-demo-snapshots";
/** Smaller demos seed in a few seconds: not worth the storage. */
const CACHE_FROM = 50_000;

const keyFor = (count: number, seed: number) =>
  new URL(`/demo-cache/${__DEMO_HASH__}/demo-${count}-${seed}.tar`, self.location.origin).toString();

/** Whether a seeded demo of this size is worth keeping (and this context has Cache Storage). */
export const worthCaching = (count: number) => count >= CACHE_FROM && typeof caches !== "undefined";

/** The data directory a previous boot of this demo kept, or null. */
export async function cachedSnapshot(count: number, seed: number): Promise<{ blob: Blob; bytes: number } | null> {
  if (!worthCaching(count)) return null;
  try {
    const hit = await (await caches.open(CACHE)).match(keyFor(count, seed));
    if (!hit) return null;
    const blob = await hit.blob();
    return { blob, bytes: blob.size };
  } catch {
    // Storage this context may not use (a private window's quota): seed as without a cache.
    return null;
  }
}

/** Keeps a freshly seeded demo's data directory for the next boot of the same size and seed. */
async function keepSnapshot(count: number, seed: number, blob: Blob): Promise<void> {
  const cache = await caches.open(CACHE);
  for (const request of await cache.keys())
    if (!request.url.includes(`/${__DEMO_HASH__}/`)) await cache.delete(request);
  await cache.put(keyFor(count, seed), new Response(blob, { headers: { "content-type": "application/x-tar" } }));
}

/** Drops a kept demo that failed to load. */
export async function forgetKept(count: number, seed: number): Promise<void> {
  await (await caches.open(CACHE)).delete(keyFor(count, seed)).catch(() => false);
}

/** How long the engine must have been idle before the dump: the page's first query and catalog calls come first. */
const QUIET_MS = 2000;

/**
 * Keeps a demo the boot just seeded once the engine has been idle a moment after the boot's first
 * calls (the first chart does not wait for the dump), unless a write came first: the cache holds
 * the demo and nothing else. The backend tells it of every write (`touched`) and of the end of
 * every call, the boot's included.
 */
export function keeperOfSeededDemo(count: number, seed: number, dump: () => Promise<Blob>) {
  let ends = 0;
  let writes = 0;
  let started = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const keep = () => {
    if (writes > 0 || started) return;
    started = true;
    // A demo not kept is seeded again next time: nothing to report.
    dump()
      .then((blob) => (writes === 0 ? keepSnapshot(count, seed, blob) : undefined))
      .catch(() => undefined);
  };
  return {
    touched(): void {
      writes++;
      clearTimeout(timer);
    },
    callEnded(): void {
      if (++ends < 2 || writes > 0 || started) return;
      clearTimeout(timer);
      timer = setTimeout(keep, QUIET_MS);
    },
  };
}
