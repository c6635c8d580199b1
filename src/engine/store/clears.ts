import type { AnalyticsPath } from "../core/path.js";
import { KEEPS_SETS } from "./dimensionSets.js";
import type { IKnexQueryExecutor } from "./executor.js";
import type { StoreSql } from "./ingest.js";
import { whereUnder } from "./sqlPaths.js";

/** Deletes every series whose source is `source` or lies under it, with its links; returns how many. */
export async function clearSource(
  { executor, knex: k }: StoreSql,
  source: AnalyticsPath,
  cleanUpDimensions: boolean,
): Promise<number> {
  return executor.transaction(async (tx) => {
    // Deleting a series with its links leaves every other series' set right.
    await tx.execute(k.raw(KEEPS_SETS));
    const del = whereUnder(k("AnalyticsSeries"), "source", [source]).delete().returning("id");
    const unlink = k("AnalyticsSeries_AnalyticsDimension").whereIn("seriesId", k.select("id").from("deleted")).delete();
    const [{ count }] = await tx.execute<{ count: number }>(
      k.raw("with deleted as (?), unlinked as (?) select count(*)::int as count from deleted", [del, unlink]),
    );
    if (cleanUpDimensions) await deleteEmptyDimensions({ executor: tx, knex: k });
    return count;
  });
}

/**
 * Deletes dimension rows no series links to, and dimension sets no series names (they would only
 * lengthen every read through the sets); returns how many dimension rows. Run in a transaction:
 * the lock waits for writes that found a row or set to commit their series, and holds new ones
 * back, so that no series is written naming a row or set deleted here.
 */
export async function deleteEmptyDimensions({
  executor,
  knex: k,
}: {
  executor: IKnexQueryExecutor;
  knex: StoreSql["knex"];
}): Promise<number> {
  await executor.execute(k.raw(`lock table "AnalyticsDimension", "AnalyticsDimensionSet" in exclusive mode`));
  const del = k("AnalyticsDimension as d")
    .whereNotExists(k("AnalyticsSeries_AnalyticsDimension as l").select(k.raw("1")).whereRaw('l."dimensionId" = d.id'))
    .delete()
    .returning(k.raw("1"));
  const unused = k("AnalyticsDimensionSet as x")
    .whereNotExists(k("AnalyticsSeries as s").select(k.raw("1")).whereRaw('s."dimensionSet" = x.id'))
    .delete();
  const [{ count }] = await executor.execute<{ count: number }>(
    k.raw("with deleted as (?), unused as (?) select count(*)::int as count from deleted", [del, unused]),
  );
  return count;
}
