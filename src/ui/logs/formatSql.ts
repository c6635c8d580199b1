// knex prints a statement on one line; this breaks it before its main clauses so a join or a
// filter can be read at a glance. Literals, quoted names and comments are left untouched.
const CLAUSES =
  /\b(with|select|from|inner join|left join|left outer join|join|where|group by|order by|limit|offset|union all|returning|insert into|values|update|delete from|on conflict)\b/gi;
const CONNECTIVES = /\s+\b(and|or)\b\s+/gi;
const OPAQUE = /('(?:[^']|'')*'|"(?:[^"]|"")*"|\/\*[\s\S]*?\*\/)/;

export function formatSql(sql: string): string {
  const parts = sql.split(OPAQUE);
  let depth = 0;
  const out = parts.map((part, i) => {
    if (i % 2 === 1) return part; // a literal, a quoted name or a comment
    return part
      .replace(/\s+/g, " ")
      .replace(CLAUSES, (m, _k, offset: number, whole: string) => {
        // Only break clauses at the statement's top level, not inside sub-selects' parentheses.
        depth = 0;
        for (const ch of whole.slice(0, offset)) depth += ch === "(" ? 1 : ch === ")" ? -1 : 0;
        return depth > 0 || (offset === 0 && i === 0) ? m : `\n${m}`;
      })
      .replace(CONNECTIVES, (m, k: string) => (/\n/.test(m) ? m : `\n  ${k} `))
      .replace(/ \n/g, "\n");
  });
  return out.join("").replace(/^\n/, "").trim();
}

const ARRAY_LITERAL = /'\{([^'{}]*)\}'/g;
const KEEP = 2;

/**
 * Long array literals (the period boundaries and ids a query inlines, `'{…}'::timestamptz[]`)
 * shortened to their first and last elements and how many are hidden, so the statement around
 * them stays readable. Null when none is longer than eight elements.
 */
export function foldLiterals(sql: string): { text: string; hidden: number } | null {
  let hidden = 0;
  const text = sql.replace(ARRAY_LITERAL, (whole: string, body: string) => {
    const items = body.split(",");
    if (items.length <= 8) return whole;
    hidden += items.length - 2 * KEEP;
    return `'{${items.slice(0, KEEP).join(",")},…${items.length - 2 * KEEP} more…,${items.slice(-KEEP).join(",")}}'`;
  });
  return hidden > 0 ? { text, hidden } : null;
}
