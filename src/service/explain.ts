import { AnalyticsInputError } from "../engine/index.js";
import type { Plan, PlanNode } from "../rpc/protocol.js";
import { explainable } from "../rpc/sql.js";

type RawNode = Record<string, unknown> & { Plans?: RawNode[] };

const num = (v: unknown) => (typeof v === "number" ? v : 0);
const MISESTIMATE = 10;

/** A node as read, with what the self-time rules need beside it. */
type Work = { node: PlanNode; raw: RawNode; parent: Work | null; kids: Work[] };

/**
 * Reads PostgreSQL's EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) output. Self time follows the rules
 * pev2 publishes, with two corrections, each checked on plans PostgreSQL produced (test/support/plans):
 * - a node's time is per loop: × loops, and ÷ (workers + 1) under a Gather, where the loops ran side by side
 *   (a Gather's own InitPlans and SubPlans run in the leader, once per loop, and are not divided);
 * - a CTE's time is inside the CTE Scans that read it, so it is taken from them (shared by their time), not
 *   from the node it hangs under;
 * - an InitPlan's time is inside the node that first reads its value: taken from that node when one
 *   below its parent names it (`$1`, `InitPlan 1`), else from the parent (a Result or a Gather, which run
 *   them up front); SubPlans are children like any other.
 */
export function parsePlan(json: unknown, realMs?: number): Plan {
  const top = (Array.isArray(json) ? json[0] : json) as Record<string, unknown> | undefined;
  const rawRoot = top?.Plan as RawNode | undefined;
  if (!rawRoot || typeof rawRoot["Node Type"] !== "string")
    throw new Error("not an EXPLAIN (FORMAT JSON) result: it has no Plan");
  const timing = rawRoot["Actual Total Time"] !== undefined;
  let next = 0;
  const all: Work[] = [];
  const walk = (raw: RawNode, parent: Work | null, workers: number): Work => {
    const loops = num(raw["Actual Loops"]) || 1;
    const relation = raw["Relation Name"]
      ? ` on "${String(raw["Relation Name"])}"${raw.Alias && raw.Alias !== raw["Relation Name"] ? ` ${String(raw.Alias)}` : ""}`
      : raw["CTE Name"]
        ? ` on ${String(raw["CTE Name"])}`
        : "";
    const detail = ["Hash Cond", "Join Filter", "Index Cond", "Recheck Cond", "Filter", "Sort Key", "Group Key"]
      .filter((k) => raw[k] !== undefined)
      .map((k) => `${k}: ${Array.isArray(raw[k]) ? (raw[k] as unknown[]).join(", ") : String(raw[k])}`)
      .join("; ");
    const rows = num(raw["Actual Rows"]);
    const planRows = num(raw["Plan Rows"]);
    const ratio = rows === planRows ? 1 : Math.max(rows, 1) / Math.max(planRows, 1);
    const hasBuffers = raw["Shared Hit Blocks"] !== undefined;
    const node: PlanNode = {
      id: next++,
      label: `${String(raw["Node Type"])}${relation}`,
      relationship: String(raw["Subplan Name"] ?? raw["Parent Relationship"] ?? ""),
      detail,
      rows,
      planRows,
      ...(ratio >= MISESTIMATE || ratio <= 1 / MISESTIMATE ? { misestimate: ratio } : {}),
      loops,
      workers,
      ...(timing ? { totalMs: (num(raw["Actual Total Time"]) * loops) / (workers + 1), selfMs: 0 } : {}),
      ...(hasBuffers
        ? {
            buffers: {
              hit: num(raw["Shared Hit Blocks"]),
              read: num(raw["Shared Read Blocks"]),
              temp: num(raw["Temp Read Blocks"]) + num(raw["Temp Written Blocks"]),
            },
          }
        : {}),
      slowest: false,
      children: [],
    };
    const work: Work = { node, raw, parent, kids: [] };
    all.push(work);
    const gather = /^Gather/.test(String(raw["Node Type"]));
    const launched = num(raw["Workers Launched"]);
    work.kids = (raw.Plans ?? []).map((c) => {
      const inLeader = c["Parent Relationship"] === "InitPlan" || c["Parent Relationship"] === "SubPlan";
      return walk(c, work, gather && !inLeader ? launched : workers);
    });
    node.children = work.kids.map((k) => k.node);
    return work;
  };
  const root = walk(rawRoot, null, 0);
  if (timing) selfTimes(all);
  const slowest = all.reduce((a, b) => ((b.node.selfMs ?? 0) > (a.node.selfMs ?? 0) ? b : a));
  if (timing) slowest.node.slowest = true;
  return {
    root: root.node,
    planningMs: num(top?.["Planning Time"]),
    executionMs: num(top?.["Execution Time"]),
    nodeCount: all.length,
    timing,
    ...(realMs !== undefined ? { realMs } : {}),
  };
}

const subplanName = (w: Work) => String(w.raw["Subplan Name"] ?? "");
const isCte = (w: Work) => w.raw["Parent Relationship"] === "InitPlan" && subplanName(w).startsWith("CTE ");
const isInitPlan = (w: Work) => w.raw["Parent Relationship"] === "InitPlan" && !isCte(w);

/** The nodes under `w`, leaving out InitPlan subtrees (they run apart). */
function* below(w: Work): Generator<Work> {
  for (const k of w.kids) {
    if (k.raw["Parent Relationship"] === "InitPlan") continue;
    yield k;
    yield* below(k);
  }
}

/** Does any of the node's own text fields name `param` (`$1`, `InitPlan 1`) as a whole word? */
function names(w: Work, param: string): boolean {
  const re = new RegExp(`${param.replace(/[$()]/g, "\\$&")}(?![0-9])`);
  return Object.entries(w.raw).some(([k, v]) => k !== "Subplan Name" && typeof v === "string" && re.test(v));
}

function selfTimes(all: Work[]): void {
  const total = (w: Work) => w.node.totalMs ?? 0;
  for (const w of all)
    w.node.selfMs = total(w) - w.kids.filter((k) => !isCte(k) && !isInitPlan(k)).reduce((s, k) => s + total(k), 0);
  for (const init of all.filter(isInitPlan)) {
    const parent = init.parent!;
    const m = /InitPlan (\d+)(?: \(returns (\$\d+)\))?/.exec(subplanName(init));
    const params = m ? [m[2], `InitPlan ${m[1]}`].filter((p): p is string => !!p) : [];
    const gather = /^Gather/.test(String(parent.raw["Node Type"]));
    const reader = gather ? undefined : [...below(parent)].find((n) => params.some((p) => names(n, p)));
    (reader ?? parent).node.selfMs! -= total(init);
  }
  for (const cte of all.filter(isCte)) {
    const name = subplanName(cte).slice("CTE ".length);
    const scans = all.filter((w) => w.raw["Node Type"] === "CTE Scan" && w.raw["CTE Name"] === name);
    const sum = scans.reduce((s, w) => s + total(w), 0);
    for (const scan of scans) scan.node.selfMs! -= sum > 0 ? (total(cte) * total(scan)) / sum : 0;
  }
  for (const w of all) w.node.selfMs = Math.max(0, w.node.selfMs!);
}

type Queryable = { query<T>(sql: string): Promise<{ rows: T[] }> };

/** A statement the store ran prepared (engine loggers' `NativeStatement.prepared`). */
export type PreparedRun = { execute: string; generic: boolean };

/**
 * EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) of one statement, and the statement alone once before it
 * for its real duration (per-node timing can cost more than the statement). ANALYZE runs it, so
 * each runs in a transaction that is always rolled back: explaining a delete deletes nothing,
 * and a failing statement leaves no transaction open.
 */
export async function explainIn(db: Queryable, sql: string, timing = true): Promise<Plan> {
  if (!explainable(sql))
    throw new AnalyticsInputError(
      "sql",
      "EXPLAIN takes one statement other than COPY; pick a single SELECT, WITH, UPDATE or DELETE",
    );
  return explainRolledBack(db, sql.trim().replace(/;$/, ""), timing, null);
}

/**
 * The plan of a statement the store ran prepared, explained through its own prepared statement
 * under the store's plan mode: the plan that ran, not one made for the values written into its
 * text. Null when the database no longer holds the statement (it was replaced since).
 */
export async function explainPrepared(db: Queryable, run: PreparedRun, timing = true): Promise<Plan | null> {
  const mode = `set local plan_cache_mode = ${run.generic ? "force_generic_plan" : "force_custom_plan"}`;
  try {
    const plan = await explainRolledBack(db, run.execute, timing, mode);
    return { ...plan, prepared: run.generic ? "kept" : "per run" };
  } catch (e) {
    if ((e as { code?: unknown }).code === "26000") return null; // invalid_sql_statement_name
    throw e;
  }
}

async function explainRolledBack(db: Queryable, statement: string, timing: boolean, setup: string | null) {
  const rolledBack = async <T>(fn: () => Promise<T>): Promise<T> => {
    await db.query("begin");
    try {
      if (setup) await db.query(setup);
      return await fn();
    } finally {
      await db.query("rollback");
    }
  };
  // EXPLAIN first: a statement that fails says so in the EXPLAIN's words.
  const { rows } = await rolledBack(() =>
    db.query<{ "QUERY PLAN": unknown }>(
      `explain (analyze, buffers${timing ? "" : ", timing off"}, format json) ${statement}`,
    ),
  );
  const realMs = await rolledBack(async () => {
    const t0 = performance.now();
    await db.query(statement);
    return performance.now() - t0;
  });
  return parsePlan(rows[0]["QUERY PLAN"], realMs);
}
