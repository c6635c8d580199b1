import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { explainable } from "../../src/rpc/sql.js";
import { explainIn, parsePlan } from "../../src/service/explain.js";
import type { PlanNode } from "../../src/rpc/protocol.js";
import cte from "../support/plans/cte.json" with { type: "json" };
import initplan from "../support/plans/initplan.json" with { type: "json" };
import parallel from "../support/plans/parallel.json" with { type: "json" };
import subplan from "../support/plans/subplan.json" with { type: "json" };
import { PLAN_SQL } from "../support/planFixtures.js";

let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create();
  await db.exec(`create table t (id int primary key, g int); insert into t select i, i % 10 from generate_series(1, 5000) i;
    create table u (id int primary key); insert into u select i from generate_series(1, 3000) i; analyze t, u;`);
});
afterAll(() => db.close());

describe("EXPLAIN plans", () => {
  it("parses a real plan into a tree with self times and marks the slowest node", async () => {
    const plan = await explainIn(db, "select t.g, count(*) from t join u using (id) group by t.g");
    const labels: string[] = [];
    const visit = (n: typeof plan.root) => {
      labels.push(n.label);
      n.children.forEach(visit);
    };
    visit(plan.root);
    expect(labels.some((l) => l.startsWith('Seq Scan on "t"'))).toBe(true);
    expect(labels.some((l) => l.includes("Join"))).toBe(true);
    expect(plan.nodeCount).toBe(labels.length);
    expect(plan.root.rows).toBe(10);
    const flat: (typeof plan.root)[] = [];
    const collect = (n: typeof plan.root) => (flat.push(n), n.children.forEach(collect));
    collect(plan.root);
    expect(flat.filter((n) => n.slowest)).toHaveLength(1);
    expect(flat.find((n) => n.slowest)!.selfMs).toBe(Math.max(...flat.map((n) => n.selfMs ?? 0)));
    // No parallel workers, CTEs or InitPlans here: self is total minus the children's totals.
    for (const n of flat)
      expect(n.selfMs).toBeCloseTo(Math.max(0, n.totalMs! - n.children.reduce((s, c) => s + c.totalMs!, 0)), 9);
    expect(plan.executionMs).toBeGreaterThan(0);
    expect(plan.timing).toBe(true);
    expect(plan.realMs).toBeGreaterThan(0);
    expect(flat.every((n) => n.buffers !== undefined && n.planRows > 0)).toBe(true);
  });

  it("timing off: rows and buffers, no per-node times, and the real duration", async () => {
    const plan = await explainIn(db, "select t.g, count(*) from t join u using (id) group by t.g", false);
    expect(plan.timing).toBe(false);
    expect(plan.root.totalMs).toBeUndefined();
    expect(plan.root.selfMs).toBeUndefined();
    expect(plan.root.rows).toBe(10);
    expect(plan.realMs).toBeGreaterThan(0);
  });

  it("keeps nothing an explained write did, and leaves no transaction open on errors", async () => {
    const plan = await explainIn(db, "with d as (delete from t where id <= 100 returning 1) select count(*) from d");
    expect(plan.root.rows).toBe(1);
    expect((await db.query(`select count(*)::int as n from t`)).rows).toEqual([{ n: 5000 }]);
    await expect(explainIn(db, "select nope from t")).rejects.toThrow('column "nope" does not exist');
    expect((await db.query(`select count(*)::int as n from t`)).rows).toEqual([{ n: 5000 }]);
    await expect(explainIn(db, "copy t from '/dev/blob'")).rejects.toThrow(
      "EXPLAIN takes one statement other than COPY",
    );
  });

  it("refuses what EXPLAIN cannot take", () => {
    expect(explainable(`select 1;`)).toBe(true);
    expect(explainable(`copy t from '/dev/blob'`)).toBe(false);
    expect(explainable(`select 1; select 2`)).toBe(false);
    expect(() => parsePlan([{}])).toThrow("not an EXPLAIN (FORMAT JSON) result: it has no Plan");
  });
});

/** Every node, depth first, as `label|relationship` → node. */
const byPath = (root: PlanNode) => {
  const out: PlanNode[] = [];
  const walk = (n: PlanNode) => (out.push(n), n.children.forEach(walk));
  walk(root);
  return out;
};
type Raw = { Plan: RawNode };
type RawNode = { "Actual Total Time": number; "Actual Loops": number; Plans?: RawNode[] };
/** The raw node at child indexes `path` and its time per loop. */
const at = (plan: unknown, ...path: number[]) => {
  let n = (plan as Raw[])[0].Plan;
  for (const i of path) n = n.Plans![i];
  return n["Actual Total Time"];
};

// Plans PostgreSQL produced (test/support/planFixtures.ts writes them); the expected self times
// are worked out here from the raw numbers, rule by rule.
describe("self time on plans PostgreSQL produced", () => {
  it(`parallel workers: a node under a Gather takes its per-loop time once, not × loops (${PLAN_SQL.parallel})`, () => {
    const plan = parsePlan(parallel);
    const [agg, gather, partial, scan] = byPath(plan.root);
    expect([agg.label, gather.label, partial.label, scan.label]).toEqual([
      "Aggregate",
      "Gather",
      "Aggregate",
      'Seq Scan on "big"',
    ]);
    expect([scan.loops, scan.workers, gather.workers]).toEqual([3, 2, 0]);
    expect(scan.totalMs).toBeCloseTo(at(parallel, 0, 0, 0), 9);
    expect(scan.selfMs).toBeCloseTo(at(parallel, 0, 0, 0), 9);
    expect(partial.selfMs).toBeCloseTo(at(parallel, 0, 0) - at(parallel, 0, 0, 0), 9);
    expect(gather.selfMs).toBeCloseTo(at(parallel, 0) - at(parallel, 0, 0), 9);
    expect(agg.selfMs).toBeCloseTo(at(parallel) - at(parallel, 0), 9);
    // Self times add up to the root's total: nothing counted twice.
    expect(byPath(plan.root).reduce((s, n) => s + n.selfMs!, 0)).toBeCloseTo(agg.totalMs!, 9);
  });

  it(`a CTE read by two scans: its time comes off the scans, shared by their time (${PLAN_SQL.cte})`, () => {
    const plan = parsePlan(cte);
    const [result, gather, seq, agg2, scan2, agg3, scan3] = byPath(plan.root);
    expect([gather.relationship, agg2.relationship, scan2.label, scan3.label]).toEqual([
      "CTE c",
      "InitPlan 2 (returns $2)",
      "CTE Scan on c",
      "CTE Scan on c",
    ]);
    const cteMs = at(cte, 0);
    const [s2, s3] = [at(cte, 1, 0), at(cte, 2, 0)];
    expect(scan2.selfMs).toBeCloseTo(Math.max(0, s2 - (cteMs * s2) / (s2 + s3)), 9);
    expect(scan3.selfMs).toBeCloseTo(Math.max(0, s3 - (cteMs * s3) / (s2 + s3)), 9);
    expect(gather.selfMs).toBeCloseTo(cteMs - at(cte, 0, 0), 9);
    expect(seq.workers).toBe(2);
    // The Result runs the InitPlans (nothing below it names $2 or $3): their time comes off it, the CTE's does not.
    expect(result.selfMs).toBeCloseTo(Math.max(0, at(cte) - at(cte, 1) - at(cte, 2)), 9);
    expect(agg3.selfMs).toBeCloseTo(at(cte, 2) - s3, 9);
  });

  it(`an InitPlan under a Gather runs in the leader first: its time comes off the Gather (${PLAN_SQL.initplan})`, () => {
    const plan = parsePlan(initplan);
    const [gather, init, innerGather, , , scan] = byPath(plan.root);
    expect([init.relationship, scan.detail]).toEqual(["InitPlan 1 (returns $1)", "Filter: (x = $1)"]);
    expect([init.workers, innerGather.workers, scan.workers]).toEqual([0, 0, 2]);
    expect(scan.selfMs).toBeCloseTo(at(initplan, 1), 9);
    expect(gather.selfMs).toBeCloseTo(Math.max(0, at(initplan) - at(initplan, 0) - at(initplan, 1)), 9);
  });

  it(`a SubPlan run per row in the leader: × its loops, not shared by workers, off its parent (${PLAN_SQL.subplan})`, () => {
    const plan = parsePlan(subplan);
    const [gather, scan, sub] = byPath(plan.root);
    expect([sub.relationship, sub.loops, sub.workers, scan.workers]).toEqual(["SubPlan 1", 299, 0, 2]);
    expect(sub.totalMs).toBeCloseTo(at(subplan, 1) * 299, 9);
    expect(gather.selfMs).toBeCloseTo(Math.max(0, at(subplan) - at(subplan, 0) - at(subplan, 1) * 299), 9);
  });

  it("estimated against actual rows, misestimates of 10× or more flagged", () => {
    // The parallel scan's filter (x % 7 = 3) is estimated at 833 rows per loop; each process found 19,048.
    const nodes = byPath(parsePlan(parallel).root);
    expect(nodes.map((n) => [n.rows, n.planRows])).toEqual([
      [1, 1],
      [3, 2],
      [1, 1],
      [19048, 833],
    ]);
    expect(nodes.map((n) => n.misestimate)).toEqual([undefined, undefined, undefined, 19048 / 833]);
    // 1,989 rows against 698 is 2.8×: not flagged.
    expect(byPath(parsePlan(cte).root).filter((n) => n.misestimate !== undefined)).toEqual([]);
  });
});
