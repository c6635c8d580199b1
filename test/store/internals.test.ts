import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extendFilesGeometrically, findMemFs } from "../../src/engine/internals/memfs.js";

type Fs = {
  writeFile(path: string, data: Uint8Array): void;
  readFile(path: string): Uint8Array;
  truncate(path: string, size: number): void;
  lookupPath(path: string): { node: { contents: Uint8Array; usedBytes: number } };
};

let db: PGlite;
let fs: Fs;
let file: string;

beforeAll(async () => {
  db = await PGlite.create();
  const mod = (db as unknown as { Module: { FS: Fs; ENV: Record<string, string> } }).Module;
  fs = mod.FS;
  file = `${mod.ENV.PGDATA}/memfs-test`;
});
afterAll(() => db.close());

describe("PGlite's file system extends files into spare capacity", () => {
  it("patches this PGlite (a new PGlite layout would silently lose the fix: this test says so)", () => {
    const found = findMemFs(db);
    const missing = "missing" in found ? found.missing : null;
    expect(missing, `PGlite internal ${missing} moved; see src/engine/internals/memfs.ts`).toBeNull();
    expect(extendFilesGeometrically(db)).toBe(true);
    expect(extendFilesGeometrically(db)).toBe(true); // idempotent
  });

  it("keeps file contents exact: grown bytes are zero, shrinking cuts, regrowing shows no stale bytes", () => {
    fs.writeFile(file, new Uint8Array([1, 2, 3]));
    fs.truncate(file, 10);
    expect([...fs.readFile(file)]).toEqual([1, 2, 3, 0, 0, 0, 0, 0, 0, 0]);
    fs.truncate(file, 2);
    expect([...fs.readFile(file)]).toEqual([1, 2]);
    fs.truncate(file, 6);
    expect([...fs.readFile(file)]).toEqual([1, 2, 0, 0, 0, 0]);
  });

  it("does not copy the file on every extension: capacity grows geometrically", () => {
    fs.writeFile(file, new Uint8Array(4 << 20).fill(7));
    const node = fs.lookupPath(file).node;
    let copies = 0;
    let buffer = node.contents;
    for (let size = 4 << 20; size < 8 << 20; size += 64 << 10) {
      fs.truncate(file, size + (64 << 10));
      if (node.contents !== buffer) copies++;
      buffer = node.contents;
    }
    // 64 extensions of 64 kB from 4 MB to 8 MB: MEMFS's 1.125× growth needs 6 copies, not 64,
    // and the bytes stay right.
    expect(copies).toBeLessThanOrEqual(8);
    const data = fs.readFile(file);
    expect(data.length).toBe(8 << 20);
    expect(data[(4 << 20) - 1]).toBe(7);
    expect(data[4 << 20]).toBe(0);
    expect(data[(8 << 20) - 1]).toBe(0);
  });

  it("leaves the database working through a bulk load", async () => {
    await db.exec(`create table t (id int primary key, v text)`);
    await db.exec(`insert into t select i, repeat('x', 200) from generate_series(1, 50000) i`);
    const [row] = (
      await db.query<{ n: number; s: number }>(`select count(*)::int as n, sum(length(v))::int as s from t`)
    ).rows;
    expect(row).toEqual({ n: 50000, s: 50000 * 200 });
  });
});
