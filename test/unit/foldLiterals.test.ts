import { describe, expect, it } from "vitest";
import { foldLiterals, formatSql } from "../../src/ui/logs/formatSql.js";

describe("foldLiterals", () => {
  it("shortens array literals longer than eight elements to their ends and a count", () => {
    const ids = Array.from({ length: 16 }, (_, i) => i).join(",");
    const sql = `select 1 from unnest('{${ids}}'::int[], '{1,2,3}'::int[]) where s = 'x'`;
    expect(foldLiterals(sql)).toEqual({
      text: `select 1 from unnest('{0,1,…12 more…,14,15}'::int[], '{1,2,3}'::int[]) where s = 'x'`,
      hidden: 12,
    });
  });

  it("leaves statements without long literals alone", () => {
    expect(foldLiterals(`select '{1,2,3,4,5,6,7,8}'::int[], 'a,b,c,d,e,f,g,h,i,j'`)).toBeNull();
  });
});

describe("formatSql", () => {
  it("breaks before top-level clauses and connectives, with no space left at a line's end", () => {
    const sql = `select "a", (select 1 from t where x = 'from y where') as b from "T" as "s" inner join "L" on "L".id = "s".id where "s".x = 1 and "s".y in ('a and b') group by "a" order by "a"`;
    expect(formatSql(sql)).toBe(
      [
        `select "a", (select 1 from t where x = 'from y where') as b`,
        `from "T" as "s"`,
        `inner join "L" on "L".id = "s".id`,
        `where "s".x = 1`,
        `  and "s".y in ('a and b')`,
        `group by "a"`,
        `order by "a"`,
      ].join("\n"),
    );
  });
});
