import type { Knex } from "knex";
import type { IKnexQueryExecutor } from "./executor.js";
import { setsCte } from "./ingestSql.js";
import { SETS_KEPT_SETTING } from "./schema.js";

/**
 * Said early in each transaction of the store's own writes (its prepared write statements say it
 * themselves, ingestSql.ts): they keep every series' dimension set right, so the triggers leave
 * the sets valid (schema.ts).
 */
export const KEEPS_SETS = `select set_config('${SETS_KEPT_SETTING}', 'on', true)`;

/** A series' set key: its dimension ids, distinct and sorted, as an int[] literal; null without any. */
export function setKey(dimensionIds: number[]): string | null {
  if (dimensionIds.length === 0) return null;
  const ids = [...new Set(dimensionIds)].sort((a, b) => a - b);
  return `{${ids.join(",")}}`;
}

/**
 * The ids of the sets with these keys, missing ones created. A set another transaction created
 * after this statement began is invisible to it (inserting it again does nothing): those are
 * read again by a second statement, which sees them.
 */
export async function setIds(tx: IKnexQueryExecutor, knex: Knex, keys: string[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (keys.length === 0) return ids;
  const upsert = `with members as (select n, unnest(k::int[]) as id from unnest(?::text[]) with ordinality as w(k, n)),
    ${setsCte("members")}
    select n::int as n, id from sets`;
  for (const r of await tx.execute<{ n: number; id: number | null }>(knex.raw(upsert, [keys])))
    if (r.id !== null) ids.set(keys[r.n - 1], r.id);
  const missing = keys.filter((k) => !ids.has(k));
  if (missing.length > 0) {
    const again = `select w.k, d.id from unnest(?::text[]) as w(k) join "AnalyticsDimensionSet" d on d."dimensionIds" = w.k::int[]`;
    for (const r of await tx.execute<{ k: string; id: number }>(knex.raw(again, [missing]))) ids.set(r.k, r.id);
  }
  return ids;
}

/**
 * Rebuilds every series' set from its links, after rows were written past the store (SQL by
 * hand, a dump, another program), and marks the sets valid. False where the database refuses
 * the writes (read-only): reads then take the links.
 */
export async function refreshSets(executor: IKnexQueryExecutor, knex: Knex): Promise<boolean> {
  const rebuild = `with members as (select "seriesId" as n, "dimensionId" as id from "AnalyticsSeries_AnalyticsDimension"),
    ${setsCte("members")}
    update "AnalyticsSeries" s set "dimensionSet" = x.set
    from (select s2.id, sets.id as set from "AnalyticsSeries" s2 left join sets on sets.n = s2.id) x
    where x.id = s.id and s."dimensionSet" is distinct from x.set`;
  try {
    await executor.transaction(async (tx) => {
      await tx.execute(knex.raw(KEEPS_SETS));
      // Others' writes to the state wait for this one (and then mark it stale again, if theirs
      // came after); another rebuild waits too, and finds the sets valid.
      await tx.execute(knex.raw(`lock table "AnalyticsDimensionSetState" in exclusive mode`));
      const [state] = await tx.execute<{ valid: boolean }>(knex.raw(`select valid from "AnalyticsDimensionSetState"`));
      if (state?.valid) return;
      await tx.execute(knex.raw(rebuild));
      await tx.execute(
        knex.raw(
          `insert into "AnalyticsDimensionSetState" (valid) values (true) on conflict (one) do update set valid = true`,
        ),
      );
    });
    return true;
  } catch (e) {
    if ((e as { code?: unknown }).code === "25006") return false; // read_only_sql_transaction
    throw e;
  }
}
