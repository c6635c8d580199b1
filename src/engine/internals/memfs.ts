import type { PGlite } from "@electric-sql/pglite";

// A reach into PGlite's internals (its Emscripten module and MEMFS), fenced here: nothing else
// in the engine touches them. test/store/internals.test.ts fails, naming the internal, when a
// PGlite upgrade moves one; the store then runs unpatched (correct, only slower on bulk loads).

/** The parts of Emscripten's MEMFS this module touches. */
type MemFsNode = { contents: Uint8Array | null; usedBytes: number };
type MemFs = {
  resizeFileStorage(node: MemFsNode, size: number): void;
  expandFileStorage(node: MemFsNode, capacity: number): void;
  growsGeometrically?: true;
};
type EmscriptenModule = {
  FS?: { lookupPath(path: string): { node: { mount?: { type?: unknown } } } };
  ENV?: Record<string, string>;
};

function isMemFs(type: unknown): type is MemFs {
  const t = type as Partial<MemFs> | undefined;
  return typeof t?.resizeFileStorage === "function" && typeof t.expandFileStorage === "function";
}

/** The data directory's MEMFS, or the name of the internal that is not where it was. */
export function findMemFs(db: PGlite): { memfs: MemFs } | { missing: string } {
  const mod = (db as unknown as { Module?: EmscriptenModule }).Module;
  if (!mod) return { missing: "PGlite.Module (the Emscripten module)" };
  if (typeof mod.FS?.lookupPath !== "function") return { missing: "Module.FS.lookupPath" };
  const dataDir = mod.ENV?.PGDATA;
  if (!dataDir) return { missing: "Module.ENV.PGDATA" };
  let type: unknown;
  try {
    type = mod.FS.lookupPath(dataDir).node.mount?.type;
  } catch {
    return { missing: `the data directory ${dataDir} in Module.FS` };
  }
  if (!isMemFs(type))
    return { missing: "MEMFS.resizeFileStorage / expandFileStorage (the data directory's mount type)" };
  return { memfs: type };
}

/**
 * Makes PGlite's in-memory file system extend files into spare capacity, as its writes already
 * do. PGlite implements `fallocate` with `ftruncate`, and MEMFS answers every `ftruncate` by
 * copying the whole file into a buffer of exactly the new size. Postgres extends a table by up to
 * 64 pages (512 kB) at a time with `fallocate` during a bulk load, so each table file was copied
 * once per 512 kB it grew: quadratic in the table size (see docs/BENCHMARKS.md). A file that grows
 * now takes the geometric capacity MEMFS writes use, and the new bytes are zeroed as before.
 * Shrinking is left to MEMFS. Returns whether the file system was patched (false when the
 * database's layout is not the one expected: nothing is changed then).
 */
export function extendFilesGeometrically(db: PGlite): boolean {
  const found = findMemFs(db);
  if ("missing" in found) return false;
  const { memfs } = found;
  if (memfs.growsGeometrically) return true;
  const resize = memfs.resizeFileStorage;
  memfs.resizeFileStorage = function (node: MemFsNode, size: number): void {
    if (!(node.contents instanceof Uint8Array) || size <= node.usedBytes) return resize.call(this, node, size);
    memfs.expandFileStorage(node, size); // a no-op while the capacity suffices
    node.contents!.fill(0, node.usedBytes, size);
    node.usedBytes = size;
  };
  memfs.growsGeometrically = true;
  return true;
}
