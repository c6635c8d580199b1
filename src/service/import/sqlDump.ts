import { AnalyticsInputError, SCHEMA_SQL } from "../../engine/index.js";

/**
 * Splits SQL into statements at top-level semicolons, respecting '…' strings (with ''), "…"
 * identifiers, -- and /* *\/ comments and $tag$ … $tag$ bodies. Returns each statement's text
 * and the 1-based line it starts on.
 */
export function splitStatements(sql: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = sql.slice(start, end);
    const text = raw.trim();
    if (text === "" || /^(--[^\n]*(\n|$)\s*|\/\*[\s\S]*?\*\/\s*)+$/.test(text)) return;
    const first = start + raw.length - raw.trimStart().length;
    out.push({ text, line: sql.slice(0, first).split("\n").length });
  };
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      // Skip to the closing quote; a doubled quote is an escaped one.
      for (i++; i < sql.length; i++) {
        if (sql[i] === c && sql[i + 1] === c) i++;
        else if (sql[i] === c) break;
      }
    } else if (c === "-" && sql[i + 1] === "-") {
      while (i < sql.length && sql[i] !== "\n") i++;
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === "$") {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64))?.[0];
      if (tag) {
        const end = sql.indexOf(tag, i + tag.length);
        i = end < 0 ? sql.length : end + tag.length - 1;
      }
    } else if (c === ";") {
      push(i);
      start = i + 1;
    }
  }
  push(sql.length);
  return out;
}

const ALLOWED =
  /^(?:insert\s+into\s+(?:public\.)?"?(AnalyticsSeries|AnalyticsDimension|AnalyticsSeries_AnalyticsDimension)"?[\s(]|select\s+pg_catalog\.setval\b|set\s+\w+\s*(=|to)\s)/i;

/**
 * Checks a dump of the three tables: only INSERTs into them (and pg_dump's harmless SET and
 * setval lines). Anything else is refused before a row is written, with its line.
 */
export function checkDump(sql: string): { statements: string[]; inserts: Record<string, number> } {
  const statements = splitStatements(sql);
  if (statements.length === 0)
    throw new AnalyticsInputError("sql", 'the dump holds no statements; expected INSERT INTO "AnalyticsSeries" …');
  const inserts: Record<string, number> = {};
  for (const s of statements) {
    const m = ALLOWED.exec(s.text.replace(/^(\s*(--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/))+\s*/, ""));
    if (!m) {
      throw new AnalyticsInputError(
        "sql",
        `line ${s.line}: only INSERTs into "AnalyticsSeries", "AnalyticsDimension" and "AnalyticsSeries_AnalyticsDimension" are imported; found: ${s.text.slice(0, 80)}`,
      );
    }
    if (m[1]) inserts[m[1]] = (inserts[m[1]] ?? 0) + 1;
  }
  return { statements: statements.map((s) => s.text), inserts };
}

type Tx = { exec(sql: string): Promise<unknown>; query<T>(sql: string): Promise<{ rows: T[] }> };
type Db = { transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> };

/**
 * Runs a checked dump in one transaction: all of it or nothing. Afterwards the id sequences are
 * moved past the imported ids, so later inserts do not collide with them.
 */
export async function importDump(db: Db, sql: string): Promise<Record<string, number>> {
  const { statements } = checkDump(sql);
  return db.transaction(async (tx) => {
    await tx.exec(SCHEMA_SQL);
    const before = await counts(tx);
    for (const s of statements) await tx.exec(s);
    for (const table of ["AnalyticsSeries", "AnalyticsDimension"]) {
      await tx.query(
        `select setval(pg_get_serial_sequence('"${table}"', 'id'), coalesce((select max(id) from "${table}"), 0) + 1, false)`,
      );
    }
    const after = await counts(tx);
    return Object.fromEntries(Object.keys(after).map((t) => [t, after[t] - before[t]]));
  });
}

async function counts(tx: Tx): Promise<Record<string, number>> {
  const { rows } = await tx.query<{ s: number; d: number; l: number }>(
    `select (select count(*) from "AnalyticsSeries")::int as s, (select count(*) from "AnalyticsDimension")::int as d, (select count(*) from "AnalyticsSeries_AnalyticsDimension")::int as l`,
  );
  return { AnalyticsSeries: rows[0].s, AnalyticsDimension: rows[0].d, AnalyticsSeries_AnalyticsDimension: rows[0].l };
}
