import { AnalyticsInputError } from "../engine/index.js";
import type { Plan, PlanNode } from "../rpc/protocol.js";
import { explainable } from "../rpc/sql.js";

type RawNode = Record<string, unknown> & { Plans?: RawNode[] };

const num = (v: unknown) => (typeof v === "number" ? v : 0);

/** Reads PostgreSQL's EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) output and marks the slowest node by self time. */
export function parsePlan(json: unknown): Plan {
  const top = (Array.isArray(json) ? json[0] : json) as Record<string, unknown> | undefined;
  const rawRoot = top?.Plan as RawNode | undefined;
  if (!rawRoot || typeof rawRoot["Node Type"] !== "string")
    throw new Error("not an EXPLAIN (FORMAT JSON) result: it has no Plan");
  let next = 0;
  const all: PlanNode[] = [];
  const walk = (raw: RawNode): PlanNode => {
    const loops = num(raw["Actual Loops"]) || 1;
    const children = (raw.Plans ?? []).map(walk);
    const totalMs = num(raw["Actual Total Time"]) * loops;
    const relation = raw["Relation Name"]
      ? ` on "${String(raw["Relation Name"])}"${raw.Alias && raw.Alias !== raw["Relation Name"] ? ` ${String(raw.Alias)}` : ""}`
      : "";
    const detail = ["Hash Cond", "Join Filter", "Index Cond", "Filter", "Sort Key", "Group Key"]
      .filter((k) => raw[k] !== undefined)
      .map((k) => `${k}: ${Array.isArray(raw[k]) ? (raw[k] as unknown[]).join(", ") : String(raw[k])}`)
      .join("; ");
    const node: PlanNode = {
      id: next++,
      label: `${String(raw["Node Type"])}${relation}`,
      detail,
      rows: num(raw["Actual Rows"]),
      loops,
      totalMs,
      selfMs: Math.max(0, totalMs - children.reduce((s, c) => s + c.totalMs, 0)),
      slowest: false,
      children,
    };
    all.push(node);
    return node;
  };
  const root = walk(rawRoot);
  const slowest = all.reduce((a, b) => (b.selfMs > a.selfMs ? b : a));
  slowest.slowest = true;
  return {
    root,
    planningMs: num(top?.["Planning Time"]),
    executionMs: num(top?.["Execution Time"]),
    nodeCount: all.length,
  };
}

type Queryable = { query<T>(sql: string): Promise<{ rows: T[] }> };

/**
 * EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) of one statement. ANALYZE runs it, so it runs in a
 * transaction that is always rolled back: explaining a delete deletes nothing, and a failing
 * statement leaves no transaction open.
 */
export async function explainIn(db: Queryable, sql: string): Promise<Plan> {
  if (!explainable(sql))
    throw new AnalyticsInputError(
      "sql",
      "EXPLAIN takes one statement other than COPY; pick a single SELECT, WITH, UPDATE or DELETE",
    );
  await db.query("begin");
  try {
    const { rows } = await db.query<{ "QUERY PLAN": unknown }>(
      `explain (analyze, buffers, format json) ${sql.trim().replace(/;$/, "")}`,
    );
    return parsePlan(rows[0]["QUERY PLAN"]);
  } finally {
    await db.query("rollback");
  }
}
