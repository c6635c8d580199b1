import { CopyBinaryReader } from "./copyBinaryReader.js";
import type { IKnexQueryExecutor } from "./executor.js";
import type { DimensionRow } from "./sqlPaths.js";

/**
 * What a grouped read needs of every series, in memory: the series in id order as columns, their
 * links, and the dimension rows. Built from the tables in one script; valid while the database's
 * write horizon (the next transaction id to be assigned) has not moved, since any write to any
 * table (insert, update, delete, truncate, DDL, ANALYZE) takes a transaction id.
 */
export type MemoryIndex = {
  count: number;
  /** Distinct metric, unit and fn texts; the series hold their indexes. */
  metrics: string[];
  units: (string | null)[];
  fns: string[];
  metric: Int32Array;
  unit: Int32Array;
  fn: Int32Array;
  start: Float64Array;
  /** NaN for none. */
  end: Float64Array;
  /** The cliff's text (`params->>'cliff'`) of a DssVest, else null. */
  cliff: (string | null)[];
  value: Float64Array;
  /** Links as CSR: the dimension ids of series i are linkDims[linkStart[i] … linkStart[i + 1]). */
  linkStart: Int32Array;
  linkDims: Int32Array;
  /** Dimension rows by name, each list in id order. */
  dimensions: Map<string, DimensionRow[]>;
  maxDimensionId: number;
};

/** The SQL that says whether anything was written since: the next transaction id to be assigned. */
export const WRITE_HORIZON = `select pg_snapshot_xmax(pg_current_snapshot())::text as horizon`;

const SERIES = `copy (select id, metric, unit, fn, start, "end", case when fn = 'DssVest' then params->>'cliff' end, value
  from "AnalyticsSeries") to '/dev/blob' with (format binary)`;
const LINKS = `copy "AnalyticsSeries_AnalyticsDimension" ("seriesId", "dimensionId") to '/dev/blob' with (format binary)`;
const DIMENSIONS = `select id, dimension, path, icon, label, description from "AnalyticsDimension" order by id`;

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

/** Grows typed arrays as rows arrive (the row count is known only at the end). */
function grown<T extends Int32Array | Float64Array>(a: T, size: number): T {
  if (size <= a.length) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(size, a.length * 2));
  next.set(a);
  return next;
}

async function readSeries(executor: IKnexQueryExecutor) {
  const reader = new CopyBinaryReader(await executor.copyTo!(SERIES));
  const [metrics, units, fns] = [interner<string>(), interner<string | null>(), interner<string>()];
  let [ids, metric, unit, fn] = [new Int32Array(1024), new Int32Array(1024), new Int32Array(1024), new Int32Array(1024)];
  let [start, end, value] = [new Float64Array(1024), new Float64Array(1024), new Float64Array(1024)];
  const cliff: (string | null)[] = [];
  let n = 0;
  for (; reader.nextRow(); n++) {
    [ids, metric, unit, fn] = [grown(ids, n + 1), grown(metric, n + 1), grown(unit, n + 1), grown(fn, n + 1)];
    [start, end, value] = [grown(start, n + 1), grown(end, n + 1), grown(value, n + 1)];
    ids[n] = reader.int4();
    metric[n] = metrics.index(reader.text()!);
    unit[n] = units.index(reader.text());
    fn[n] = fns.index(reader.text()!);
    start[n] = reader.timestamptz();
    end[n] = reader.timestamptz();
    cliff.push(reader.text());
    value[n] = reader.float8();
  }
  return { n, ids, metrics: metrics.values, units: units.values, fns: fns.values, metric, unit, fn, start, end, cliff, value };
}

/** Links as CSR over the series positions; links of series that do not exist are left out, as a join would. */
async function readLinks(executor: IKnexQueryExecutor, ids: Int32Array, n: number) {
  const position = new Map<number, number>();
  for (let i = 0; i < n; i++) position.set(ids[i], i);
  const reader = new CopyBinaryReader(await executor.copyTo!(LINKS));
  let [owner, dims] = [new Int32Array(1024), new Int32Array(1024)];
  let count = 0;
  const linkStart = new Int32Array(n + 1);
  for (; reader.nextRow(); count++) {
    [owner, dims] = [grown(owner, count + 1), grown(dims, count + 1)];
    owner[count] = position.get(reader.int4()) ?? -1;
    dims[count] = reader.int4();
    if (owner[count] >= 0) linkStart[owner[count] + 1]++;
  }
  for (let i = 0; i < n; i++) linkStart[i + 1] += linkStart[i];
  const linkDims = new Int32Array(linkStart[n]);
  const fill = linkStart.slice(0, n);
  for (let k = 0; k < count; k++) if (owner[k] >= 0) linkDims[fill[owner[k]]++] = dims[k];
  return { linkStart, linkDims };
}

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
  const s = await readSeries(executor);
  const { linkStart, linkDims } = await readLinks(executor, s.ids, s.n);
  const [dimensionRows] = (await executor.script!(DIMENSIONS)) as (DimensionRow & { dimension: string })[][];
  if ((await horizonOf(executor)) !== horizon) return null;
  const dimensions = new Map<string, DimensionRow[]>();
  let maxDimensionId = 0;
  for (const r of dimensionRows) {
    let list = dimensions.get(r.dimension);
    if (!list) dimensions.set(r.dimension, (list = []));
    list.push(r);
    maxDimensionId = Math.max(maxDimensionId, r.id);
  }
  const index: MemoryIndex = { ...s, count: s.n, linkStart, linkDims, dimensions, maxDimensionId };
  return { index, horizon };
}

/**
 * Keeps a MemoryIndex while nothing is written. A read whose horizon differs from the index's
 * is answered in SQL; the index is (re)built at the second read that sees the same horizon, so
 * a burst of writes between reads costs no rebuilds, and stable data is read from memory.
 */
export class MemoryIndexCache {
  private current: { index: MemoryIndex; horizon: string } | null = null;
  private lastSeen: string | null = null;

  constructor(private readonly executor: IKnexQueryExecutor) {}

  /** Forget the index: the database was replaced. */
  reset(): void {
    this.current = null;
    this.lastSeen = null;
  }

  /** The index, when it is valid now or worth building now; null: read in SQL. */
  async lookup(): Promise<MemoryIndex | null> {
    const [[row]] = await this.executor.script!(WRITE_HORIZON);
    const horizon = row.horizon as string;
    if (this.current?.horizon === horizon) return this.current.index;
    if (this.lastSeen !== horizon) {
      this.lastSeen = horizon;
      return null;
    }
    this.current = await buildMemoryIndex(this.executor);
    return this.current?.horizon === horizon ? this.current.index : null;
  }
}
