import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { explainable } from "../../src/rpc/sql.js";
import { explainIn, parsePlan } from "../../src/service/explain.js";

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
    expect(flat.find((n) => n.slowest)!.selfMs).toBe(Math.max(...flat.map((n) => n.selfMs)));
    for (const n of flat)
      expect(n.selfMs).toBeCloseTo(Math.max(0, n.totalMs - n.children.reduce((s, c) => s + c.totalMs, 0)), 9);
    expect(plan.executionMs).toBeGreaterThan(0);
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
