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
      .replace(CONNECTIVES, (m, k: string) => (/\n/.test(m) ? m : `\n  ${k} `));
  });
  return out.join("").replace(/^\n/, "").trim();
}
