import type { AnalyticsDimension } from "../core/types.js";
import { CopyBinaryReader } from "./copyBinaryReader.js";
import type { IKnexQueryExecutor } from "./executor.js";
import type { WrittenChunk } from "./ingest.js";
import { toDimension, type DimensionRow } from "./sqlPaths.js";

/** A dimension row as the index keeps it: parsed once, with its path's segments as text. */
export type IndexedDimension = { id: number; stored: string; dimension: AnalyticsDimension; segments: string[] };

function interner<T>(): { values: T[]; index(v: T): number } {
  const values: T[] = [];
  const seen = new Map<T, number>();
  return {
    values,
    index(v) {
      let i = seen.get(v);
      if (i === undefined) seen.set(v, (i = values.push(v) - 1));
      return i;
    },
  };
}

/** `a` with room for `size` elements (doubling), its elements kept. */
function grown<T extends Int32Array | Float64Array>(a: T, size: number): T {
  if (size <= a.length) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(size, a.length * 2));
  next.set(a);
  return next;
}

/**
 * What a grouped read needs of every series, in memory: the series as columns (metric, unit and
 * fn as indexes into their distinct texts), their links (CSR: the dimension ids of series i are
 * linkDims[linkStart[i] … linkStart[i + 1])), and the dimension rows by name in id order.
 */
export class MemoryIndex {
  count = 0;
  readonly metrics = interner<string>();
  readonly units = interner<string | null>();
  readonly fns = interner<string>();
  metric = new Int32Array(1024);
  unit = new Int32Array(1024);
  fn = new Int32Array(1024);
  start = new Float64Array(1024);
  /** NaN for none. */
  end = new Float64Array(1024);
  value = new Float64Array(1024);
  /** The cliff's text (`params->>'cliff'`) of a DssVest, else null. */
  readonly cliff: (string | null)[] = [];
  linkStart = new Int32Array(1025);
  linkDims = new Int32Array(1024);
  readonly dimensions = new Map<string, IndexedDimension[]>();
  readonly byId = new Map<number, IndexedDimension>();
  maxDimensionId = 0;

  /** Appends a series (without links: see `links`). */
  add(metric: string, unit: string | null, fn: string, start: number, end: number, cliff: string | null, value: number): number {
    const i = this.count++;
    for (const key of ["metric", "unit", "fn"] as const) this[key] = grown(this[key], this.count);
    for (const key of ["start", "end", "value"] as const) this[key] = grown(this[key], this.count);
    this.metric[i] = this.metrics.index(metric);
    this.unit[i] = this.units.index(unit);
    this.fn[i] = this.fns.index(fn);
    [this.start[i], this.end[i], this.value[i]] = [start, end, value];
    this.cliff.push(cliff);
    return i;
  }

  /** Sets the links of the series just added (the last one). */
  links(dimensionIds: number[]): void {
    this.linkStart = grown(this.linkStart, this.count + 1);
    const from = this.linkStart[this.count - 1];
    this.linkDims = grown(this.linkDims, from + dimensionIds.length);
    this.linkDims.set(dimensionIds, from);
    this.linkStart[this.count] = from + dimensionIds.length;
  }

  /** Adds a dimension row, or updates its metadata; lists stay in id order. */
  setDimension(name: string, row: DimensionRow): void {
    const dimension = toDimension(row);
    const entry = { id: row.id, stored: row.path, dimension, segments: dimension.path.segments.map((s) => s.toString()) };
    const known = this.byId.get(row.id);
    let list = this.dimensions.get(name);
    if (!list) this.dimensions.set(name, (list = []));
    if (known) list[list.indexOf(known)] = entry;
    else if (list.length === 0 || list[list.length - 1].id < row.id) list.push(entry);
    else list.splice(list.findIndex((d) => d.id > row.id), 0, entry);
    this.byId.set(row.id, entry);
    this.maxDimensionId = Math.max(this.maxDimensionId, row.id);
  }
}

/** The SQL that says whether anything was written since: the next transaction id to be assigned. */
const WRITE_HORIZON = `select pg_snapshot_xmax(pg_current_snapshot())::text as horizon`;
const SERIES = `copy (select id, metric, unit, fn, start, "end", case when fn = 'DssVest' then params->>'cliff' end, value
  from "AnalyticsSeries") to '/dev/blob' with (format binary)`;
const LINKS = `copy "AnalyticsSeries_AnalyticsDimension" ("seriesId", "dimensionId") to '/dev/blob' with (format binary)`;
const DIMENSIONS = `select id, dimension, path, icon, label, description from "AnalyticsDimension" order by id`;

async function horizonOf(executor: IKnexQueryExecutor): Promise<string> {
  const [[row]] = await executor.script!(WRITE_HORIZON);
  return row.horizon as string;
}

/**
 * Reads the tables into a MemoryIndex (binary COPY for the two large ones), with the write
 * horizon it is valid for; null when something was written while it was read.
 */
export async function buildMemoryIndex(executor: IKnexQueryExecutor): Promise<{ index: MemoryIndex; horizon: string } | null> {
  const horizon = await horizonOf(executor);
  const index = new MemoryIndex();
  const position = new Map<number, number>();
  const series = new CopyBinaryReader(await executor.copyTo!(SERIES));
  while (series.nextRow()) {
    const id = series.int4();
    const [metric, unit, fn] = [series.text()!, series.text(), series.text()!];
    const [start, end, cliff, value] = [series.timestamptz(), series.timestamptz(), series.text(), series.float8()];
    position.set(id, index.add(metric, unit, fn, start, end, cliff, value));
  }
  // Links of series that do not exist are left out, as the join leaves them out.
  const links = new CopyBinaryReader(await executor.copyTo!(LINKS));
  const owners: number[] = [];
  const targets: number[] = [];
  const n = index.count;
  index.linkStart = new Int32Array(n + 1);
  while (links.nextRow()) {
    const owner = position.get(links.int4()) ?? -1;
    const target = links.int4();
    if (owner < 0) continue;
    owners.push(owner);
    targets.push(target);
    index.linkStart[owner + 1]++;
  }
  for (let i = 0; i < n; i++) index.linkStart[i + 1] += index.linkStart[i];
  index.linkDims = new Int32Array(Math.max(1, owners.length));
  const fill = index.linkStart.slice(0, n);
  owners.forEach((owner, k) => (index.linkDims[fill[owner]++] = targets[k]));
  const [rows] = (await executor.script!(DIMENSIONS)) as (DimensionRow & { dimension: string })[][];
  for (const r of rows) index.setDimension(r.dimension, r);
  if ((await horizonOf(executor)) !== horizon) return null;
  return { index, horizon };
}

/**
 * Keeps a MemoryIndex valid while the database's write horizon (the next transaction id to be
 * assigned) stands still: any write to any table (insert, update, delete, truncate, DDL,
 * ANALYZE) takes a transaction id. The store's own writes tell their transaction id and what
 * they wrote, and the index follows them; any other write makes the next read go to SQL, and
 * the index is built again at the read after (so a burst of foreign writes costs no rebuilds).
 */
export class MemoryIndexCache {
  private index: MemoryIndex | null = null;
  private horizon: string | null = null;
  private lastSeen: string | null = null;

  constructor(private readonly executor: IKnexQueryExecutor) {}

  /** Forget the index: the database was replaced, or rows were deleted. */
  reset(): void {
    this.index = this.horizon = this.lastSeen = null;
  }

  /** The index when it is valid now (or worth building now); null: read in SQL. */
  async lookup(): Promise<MemoryIndex | null> {
    const horizon = await horizonOf(this.executor);
    if (this.index && this.horizon === horizon) return this.index;
    if (this.index && this.lastSeen !== horizon) {
      this.lastSeen = horizon;
      return null;
    }
    const built = await buildMemoryIndex(this.executor);
    [this.index, this.horizon] = built ? [built.index, built.horizon] : [null, null];
    return built?.horizon === horizon ? built.index : null;
  }

  /**
   * The store's own transaction `xid` committed; `apply` brings the index up to date with what
   * it wrote (none: it wrote no rows, as ANALYZE). Where another write came first, the index is
   * stale anyway and is left so.
   */
  own(xid: string, apply?: (index: MemoryIndex) => void): void {
    const next = (BigInt(xid) + 1n).toString();
    if (this.index && this.horizon === xid) {
      apply?.(this.index);
      this.horizon = next;
    }
    if (this.lastSeen === xid) this.lastSeen = next;
  }
}

/** Brings the index up to date with a write of the store's own: new dimension rows, metadata, series. */
export function applyWrite(index: MemoryIndex, chunks: WrittenChunk[]): void {
  for (const { series, keys, dimensionIds } of chunks) {
    const idOf = (name: string, path: string) => dimensionIds[keys.indexOf(name, path)];
    keys.names.forEach((name, k) => {
      const id = dimensionIds[k];
      if (!index.byId.has(id)) index.setDimension(name, { id, path: keys.paths[k], icon: null, label: null, description: null });
    });
    for (const s of series) {
      for (const m of s.metadata) index.setDimension(m.name, { id: idOf(m.name, m.path), path: m.path, icon: m.icon, label: m.label, description: m.description });
    }
    for (const s of series) {
      // What `params->>'cliff'` gives: a string as it is, any other JSON value as its text.
      const raw = s.fn === "DssVest" ? s.params?.cliff : null;
      const cliff = raw == null ? null : typeof raw === "string" ? raw : JSON.stringify(raw);
      index.add(s.metric, s.unit, s.fn, s.start, s.end ?? NaN, cliff, s.value);
      index.links(s.dimensions.map((d) => idOf(d.name, d.path)));
    }
  }
}
