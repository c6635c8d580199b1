import type { Knex } from "knex";
import type { NormalizedSeries } from "../core/seriesInput.js";
import type { AnalyticsDimension } from "../core/types.js";
import type { IKnexQueryExecutor } from "./executor.js";
import { dimensionsCte } from "./ingestSql.js";
import { toDimension, type DimensionRow } from "./sqlPaths.js";

/** The distinct (dimension, path) pairs of a batch, in first-seen order, each with its 0-based index. */
export class DimensionKeys {
  readonly names: string[] = [];
  readonly paths: string[] = [];
  private readonly index = new Map<string, Map<string, number>>();

  constructor(series: NormalizedSeries[]) {
    for (const s of series) for (const d of s.dimensions) this.indexOf(d.name, d.path);
  }

  indexOf(name: string, path: string): number {
    let byPath = this.index.get(name);
    if (!byPath) this.index.set(name, (byPath = new Map()));
    let i = byPath.get(path);
    if (i === undefined) {
      byPath.set(path, (i = this.names.length));
      this.names.push(name);
      this.paths.push(path);
    }
    return i;
  }
}

/** Creates missing dimension rows (shared by all series on the same path); their ids, by key index. */
export async function upsertDimensions(tx: IKnexQueryExecutor, knex: Knex, keys: DimensionKeys): Promise<number[]> {
  if (keys.names.length === 0) return [];
  const sql = `with ${dimensionsCte("?::text[]", "?::text[]")} select id, k::int as k from dims`;
  const rows = await tx.execute<{ id: number; k: number }>(knex.raw(sql, [keys.names, keys.paths]));
  const ids = new Array<number>(keys.names.length);
  for (const r of rows) ids[r.k - 1] = r.id;
  return ids;
}

/** The dimension rows with these ids, once each. */
export async function dimensionsById(
  executor: IKnexQueryExecutor,
  knex: Knex,
  ids: number[],
): Promise<Map<number, AnalyticsDimension>> {
  const unique = [...new Set(ids)];
  const out = new Map<number, AnalyticsDimension>();
  if (unique.length === 0) return out;
  const rows = await executor.execute<DimensionRow>(
    knex("AnalyticsDimension")
      .select("id", "path", "icon", "label", "description")
      .whereRaw("id = any(?::int[])", [unique]),
  );
  for (const r of rows) out.set(r.id, toDimension(r));
  return out;
}
