import { cliffOf, DimensionGrouper } from "../core/discretizer.js";
import { AnalyticsPath } from "../core/path.js";
import type { AnalyticsQuery, GroupedSeries } from "../core/types.js";
import type { StoreSql } from "./ingest.js";
import { groupedStatement, readArgs, valueAt, type ArgRef, type ReadArgs } from "./groupedSql.js";
import type { PreparedReads } from "./preparedReads.js";
import { text } from "./sqlPaths.js";

/** An argument bound as a value of its type, in a one-off statement. */
function boundArg(k: StoreSql["knex"], a: ReadArgs): ArgRef {
  // Postgres infers a scalar's type from where it stands; an array's it cannot always.
  return (path, type) => k.raw(type.endsWith("[]") ? `?::${type}` : "?", [valueAt(a, path) as string]);
}

/**
 * Groups and sums the matching series in one statement (groupedSql.ts; the query already
 * validated), or says that the dimension sets it reads through are stale. Prepared once per
 * shape where the database runs prepared statements (`prepared`), a one-off statement
 * elsewhere. TypeScript only names the groups (parsing each distinct key once) and sets the
 * metadata rows aside.
 */
export async function readGroupedSeries(
  { executor, knex: k }: StoreSql,
  q: AnalyticsQuery,
  parallelReads: boolean,
  prepared: PreparedReads | null,
  via: ReadArgs["via"],
): Promise<GroupedSeries | "stale sets"> {
  const names = Object.keys(q.select);
  const grouper = new DimensionGrouper(names, q.lod);
  const a = readArgs(q, via);
  const ready = executor.runPrepared && prepared ? prepared.statementFor(k, a) : null;
  const rows = ready
    ? await executor.runPrepared!(ready.statement, ready.args)
    : await executor.execute(groupedStatement(k, a, boundArg(k, a), parallelReads));
  // Each key is parsed and named once.
  const groupOf = names.map(() => new Map<number, number>());
  const sumRows: Record<string, unknown>[] = [];
  for (const r of rows) {
    if (r.ki === null || r.ki === undefined) sumRows.push(r);
    else if (r.ki === -1) return "stale sets";
    else {
      const dimension = {
        path: AnalyticsPath.fromStored(r.k as string),
        label: text(r.label),
        icon: text(r.icon),
        description: text(r.description),
      };
      groupOf[r.ki as number].set(r.g0 as number, grouper.groupOf(r.ki as number, dimension));
    }
  }
  const buckets = sumRows.map((r) => ({
    groups: names.map((_, i) => groupOf[i].get(r[`g${i}`] as number)!),
    metric: r.metric as string,
    unit: r.unit as string | null,
    fn: r.fn as string,
    start: r.start_ms as number,
    end: r.end_ms as number | null,
    cliff: cliffOf(r.fn as string, { cliff: r.cliff }),
    value: r.value as number,
  }));
  return { dimensions: names, groups: grouper.groups, buckets };
}
