// The page's side of named IndexedDB databases: list them, hold one's Web Lock while this tab
// may write it, delete one nobody holds, and the URLs that open them. PGlite's IndexedDB file
// system is single-writer: two tabs writing one database would overwrite each other's files.
import type { LockRequest } from "../../playground/session.js";
import type { StoreSpec } from "../../rpc/protocol.js";
import { DB_NAME, DB_NAME_RULE, IDB_PREFIX, lockName } from "../../rpc/storeNames.js";

export type DatabaseEntry = { name: string; /** Another tab (or this one) holds its lock. */ inUse: boolean };

const locks = (): LockManager | undefined => (typeof navigator !== "undefined" ? navigator.locks : undefined);

/** Names of the databases whose lock some tab holds now. */
async function heldNames(): Promise<Set<string>> {
  const snapshot = await locks()?.query();
  return new Set((snapshot?.held ?? []).map((l) => l.name ?? ""));
}

/** The PGlite databases in this origin's IndexedDB, by name. */
export async function listDatabases(): Promise<DatabaseEntry[]> {
  const all = await indexedDB.databases();
  const held = await heldNames();
  return all
    .map((d) => d.name ?? "")
    .filter((n) => n.startsWith(IDB_PREFIX))
    .map((n) => n.slice(IDB_PREFIX.length))
    .sort()
    .map((name) => ({ name, inUse: held.has(lockName(name)) }));
}

export const checkName = (name: string): string | null =>
  DB_NAME.test(name) ? null : `"${name}" is not a database name: use ${DB_NAME_RULE}`;

const requests = new Map<string, LockRequest>();

/**
 * Asks for the database's lock and keeps it for the rest of this page's life (it is released when
 * the tab closes or navigates). `busy` settles when it is not granted within `waitMs` (another tab
 * holds it; a reload of the tab that held it releases it a moment after the new page asks), but the
 * request stays queued: `held` resolves as soon as that tab lets go, unless `cancel()` withdrew it.
 * One request per name (StrictMode runs effects twice).
 */
export function acquireDatabase(name: string, { waitMs = 2000 } = {}): LockRequest {
  const known = requests.get(name);
  if (known) return known;
  const manager = locks();
  const never = new Promise<void>(() => undefined);
  if (!manager) return { held: Promise.resolve("unsupported"), busy: never, cancel: () => undefined };
  const withdraw = new AbortController();
  let granted = false;
  let release = () => {};
  const request: LockRequest = {
    held: new Promise((resolve) => {
      manager
        .request(lockName(name), { signal: withdraw.signal }, () => {
          granted = true;
          resolve("held");
          return new Promise<void>((done) => (release = done));
        })
        .catch(() => resolve("cancelled"));
    }),
    busy: new Promise((resolve) => setTimeout(() => !granted && resolve(), waitMs)),
    cancel: () => {
      requests.delete(name);
      withdraw.abort();
      release();
    },
  };
  requests.set(name, request);
  return request;
}

/** Deletes a database no tab holds; the lock is taken while deleting, so no tab can open it meanwhile. */
export async function deleteDatabase(name: string): Promise<void> {
  const problem = checkName(name);
  if (problem) throw new Error(problem);
  const run = () =>
    new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase(IDB_PREFIX + name);
      request.onsuccess = () => resolve();
      request.onerror = () =>
        reject(new Error(`could not delete "${name}": ${request.error?.message ?? "unknown error"}`));
      request.onblocked = () => reject(new Error(`"${name}" is still open in another tab: close it there first`));
    });
  const manager = locks();
  if (!manager) return run();
  await manager.request(lockName(name), { ifAvailable: true }, async (lock) => {
    if (!lock) throw new Error(`"${name}" is open in another tab: close it there first`);
    await run();
  });
}

/** The page URL that boots `store` (the hash, a shared view, stays). */
export function urlFor(store: StoreSpec, extra: Record<string, string> = {}): string {
  const url = new URL(location.href);
  // A demo size in the URL of an IndexedDB database was for its creation only.
  if (url.searchParams.get("store") === "idb") {
    url.searchParams.delete("count");
    url.searchParams.delete("seed");
  }
  url.searchParams.delete("store");
  url.searchParams.delete("db");
  // Stores are the tab's own databases: choosing one leaves the server.
  url.searchParams.delete("backend");
  if (store.kind !== "memory") {
    url.searchParams.set("store", "idb");
    url.searchParams.set("db", store.name);
  }
  for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v);
  return url.toString();
}

export const describeStore = (store: StoreSpec): string =>
  store.kind === "memory"
    ? "in-memory demo"
    : store.kind === "idb"
      ? `IndexedDB “${store.name}”`
      : `copy of “${store.name}” (in memory)`;
