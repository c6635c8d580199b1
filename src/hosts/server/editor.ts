// The SQL editor on the server. Its limits hold whatever the text says: the server times each run
// itself and cancels it through the protocol (no `set` lifts that), keeps a bounded number of
// result bytes, and, when read-only, runs only plain reads, one statement at a time, inside a
// read-only transaction it opened and the text cannot end (statements told apart by Postgres's
// own parser, libpg-query).
import { connect } from "node:net";
import { loadModule, parseSync } from "libpg-query";
import pg from "pg";
import { AnalyticsInputError } from "../../engine/index.js";
import { stateError, type SqlStatementResult } from "../../service/backend.js";
import { MAX_RAW_ROWS } from "../../rpc/limits.js";
import type { ServerLimits } from "./limits.js";

/** Statements whose row count is rows written, not rows returned. */
const WRITES = new Set(["INSERT", "UPDATE", "DELETE", "MERGE", "COPY"]);
/** What a read-only editor runs: a query, EXPLAIN of a query, SHOW. Nothing else reaches the database. */
const READS = new Set(["SelectStmt", "ExplainStmt", "VariableShowStmt"]);
/** The read-only editor's text: what the parser may take in one go. */
const MAX_READ_CHARS = 100_000;
const MAX_READ_STATEMENTS = 500;
/** After the cancel, how long a run may take to stop before its connection is closed under it. */
const CANCEL_GRACE_MS = 5_000;

export const loadSqlParser = loadModule;

/** An error shown like Postgres's own: kind "sql", with a 1-based position into the editor's text. */
const sqlError = (message: string, code: string, position?: number) =>
  Object.assign(new Error(message), { code, severity: "ERROR", ...(position ? { position } : {}) });

type Statement = { text: string; offset: number };

/**
 * The statements of a read-only run, each with its place in the text; refuses, by parse tree,
 * anything that is not a plain read (transaction control, `set`, `reset`, DDL, DO, COPY, SELECT INTO…).
 */
export function readStatements(sql: string): Statement[] {
  // The parser runs on the server's one thread and keeps the memory it grew: 1,000,000 statements
  // took it 20 s and 1.5 GB. Bounded first, by length and by an upper bound of the statement count.
  if (sql.length > MAX_READ_CHARS)
    throw new AnalyticsInputError(
      "sql",
      `the text is ${sql.length.toLocaleString("en-US")} characters, over the ${MAX_READ_CHARS.toLocaleString("en-US")} a read-only server parses: run it in parts`,
    );
  if (sql.split(";").length - 1 > MAX_READ_STATEMENTS)
    throw new AnalyticsInputError(
      "sql",
      `the text has more than ${MAX_READ_STATEMENTS} statements (semicolons), the most a read-only server runs at once: run it in parts`,
    );
  const bytes = Buffer.from(sql, "utf8");
  /** libpg-query counts bytes; the page counts characters. */
  const chars = (byte: number) => bytes.subarray(0, byte).toString("utf8").length;
  let tree;
  try {
    tree = parseSync(sql);
  } catch (e) {
    const at = (e as { sqlDetails?: { cursorPosition?: number } }).sqlDetails?.cursorPosition;
    throw sqlError((e as Error).message, "42601", at === undefined ? undefined : chars(at) + 1);
  }
  return (tree.stmts ?? []).map((s, i) => {
    const start = s.stmt_location ?? 0;
    const text = bytes.subarray(start, s.stmt_len ? start + s.stmt_len : bytes.length).toString("utf8");
    const [kind, node] = Object.entries(s.stmt ?? {})[0] ?? ["", {}];
    const inner = kind === "ExplainStmt" ? Object.entries((node as { query?: object }).query ?? {})[0] : null;
    const into = (n: unknown) => (n as { intoClause?: unknown } | undefined)?.intoClause !== undefined;
    const read =
      READS.has(kind) &&
      !(kind === "SelectStmt" && into(node)) &&
      !(inner && (inner[0] !== "SelectStmt" || into(inner[1])));
    if (!read) {
      // Named and pointed at by its first words, past the blanks and comments before it.
      const lead = /^(?:\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/)*/.exec(text)?.[0].length ?? 0;
      const [verb, object = ""] = text.slice(lead).trim().split(/\s+/);
      const what = `${verb.toUpperCase()} ${object}`.trim();
      throw sqlError(
        `statement ${i + 1} (${what} …) is refused: this server's SQL editor is read-only and runs plain reads (SELECT, WITH … SELECT, VALUES, EXPLAIN, SHOW), each inside a read-only transaction; start the server with --allow-writes to change data`,
        "25006",
        chars(start) + lead + 1,
      );
    }
    return { text, offset: chars(start) };
  });
}

/** The rows a run may still keep, as JSON bytes, over all its statements. */
type Budget = { bytes: number };

/** About the JSON size of a row, without building the JSON of a huge value. */
function rowBytes(row: Record<string, unknown>): number {
  let n = 2;
  for (const [k, v] of Object.entries(row))
    n += k.length + 4 + (typeof v === "string" ? v.length : v === null ? 4 : (JSON.stringify(v)?.length ?? 0));
  return n;
}

/**
 * SQL text on one connection by the simple query protocol (several statements, each with its own
 * result). Rows are taken one by one; a statement keeps its first MAX_RAW_ROWS while the budget
 * lasts and counts the rest, so `select repeat('x', 60000) from generate_series(1, 10000)` cannot fill the server.
 */
export function runStatements(client: pg.PoolClient, sql: string, budget: Budget): Promise<SqlStatementResult[]> {
  return new Promise((resolve, reject) => {
    const kept = new Map<unknown, { rows: unknown[]; total: number; full: boolean }>();
    const query = new pg.Query(sql);
    query.on("row", (row: Record<string, unknown>, result: unknown) => {
      let k = kept.get(result);
      if (!k) kept.set(result, (k = { rows: [], total: 0, full: false }));
      k.total++;
      if (k.full || k.rows.length >= MAX_RAW_ROWS) return;
      const size = rowBytes(row);
      // Past the budget, no later row is kept either: what is shown is a prefix.
      if (size > budget.bytes) [k.full, budget.bytes] = [true, 0];
      else [budget.bytes, k.rows.length] = [budget.bytes - size, k.rows.push(row)];
    });
    query.on("error", reject);
    query.on("end", (out: pg.QueryResult | pg.QueryResult[]) =>
      resolve(
        (Array.isArray(out) ? out : [out]).map((r) => {
          const k = kept.get(r);
          return {
            fields: (r.fields ?? []).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
            rows: k?.rows ?? [],
            affectedRows: WRITES.has(r.command) ? (r.rowCount ?? 0) : 0,
            ...(k && k.total > k.rows.length ? { totalRows: k.total } : {}),
          };
        }),
      ),
    );
    void client.query(query);
  });
}

/** The read-only run: the server's transaction, each statement alone, positions into the whole text. */
export async function runReads(client: pg.PoolClient, statements: Statement[], budget: Budget) {
  const results: SqlStatementResult[] = [];
  await client.query("begin transaction read only");
  for (const { text, offset } of statements) {
    try {
      results.push(...(await runStatements(client, text, budget)));
    } catch (e) {
      const pos = Number((e as { position?: unknown }).position);
      if (pos > 0) (e as { position?: string }).position = String(pos + offset);
      throw e;
    }
  }
  return results;
}

type Stream = { connection: { stream: { destroy(): void } } };
type Keys = {
  processID: number | null;
  secretKey: number | null;
  connectionParameters: { host: string; port: number };
};

/** Cancels what runs on `client` by PostgreSQL's own cancel request: needs no privilege, works whatever the session set. */
function cancelQuery(client: pg.PoolClient): void {
  const { processID, secretKey, connectionParameters: at } = client as unknown as Keys;
  if (processID === null || secretKey === null) return;
  const socket = at.host.startsWith("/") ? connect(`${at.host}/.s.PGSQL.${at.port}`) : connect(at.port, at.host);
  socket.on("error", () => socket.destroy());
  socket.setTimeout(CANCEL_GRACE_MS, () => socket.destroy());
  const request = Buffer.alloc(16);
  request.writeInt32BE(16, 0);
  request.writeInt32BE(80877102, 4);
  request.writeInt32BE(processID, 8);
  request.writeInt32BE(secretKey, 12);
  socket.end(request);
}

/**
 * What a tab's SQL-editor run holds: the backend's close() cancels through it. A cancel lands
 * when it lands, maybe after the run ended, so a cancelled connection is closed, never reused.
 */
export type EditorTab = { client: pg.PoolClient | null; cancelled?: boolean };

export function cancelTab(tab: EditorTab): void {
  if (!tab.client) return;
  tab.cancelled = true;
  cancelQuery(tab.client);
}

/**
 * A live SQL-editor connection. One the database ended while it sat idle (a DBA, a restart) may
 * look fine until used: a probe finds it, and the run takes another rather than failing for it.
 */
async function acquire(pool: pg.Pool, limits: ServerLimits): Promise<pg.PoolClient> {
  for (let attempt = 1; ; attempt++) {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (e) {
      if (/timeout/i.test((e as Error).message))
        throw stateError(
          `the server is busy: its ${limits.editorConnections} SQL-editor connections are all running other tabs' statements; try again in a moment`,
        );
      throw e;
    }
    try {
      await client.query("select");
      return client;
    } catch (e) {
      client.release(true);
      if (attempt >= 3) throw e;
    }
  }
}

/**
 * Runs `fn` on one SQL-editor connection as its own session, under the server's time limit:
 * afterwards an open transaction is rolled back (true when one was) and the session reset, so no
 * `set`, lock or prepared statement outlives the run.
 */
export async function onEditorSession<T>(
  pool: pg.Pool,
  limits: ServerLimits,
  tab: EditorTab,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<{ value: T; rolledBack: boolean }> {
  const client = await acquire(pool, limits);
  tab.client = client;
  tab.cancelled = false;
  let closer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    cancelTab(tab);
    // A run that ignores the cancel (a lost packet, a stuck server) loses its connection instead.
    closer = setTimeout(() => (client as unknown as Stream).connection.stream.destroy(), CANCEL_GRACE_MS);
  }, limits.sqlTimeoutMs);
  let rolledBack = false;
  let healthy = true;
  const reset = async () => {
    rolledBack = client.getTransactionStatus() !== "I";
    if (rolledBack) await client.query("rollback");
    await client.query("discard all");
  };
  try {
    const value = await fn(client);
    clearTimeout(timer);
    await reset();
    return { value, rolledBack };
  } catch (e) {
    clearTimeout(timer);
    await reset().catch(() => (healthy = false));
    if (timedOut)
      throw sqlError(
        `the run was stopped at the server's time limit of ${limits.sqlTimeoutMs / 1000} s (no \`set\` lifts it): narrow the query`,
        "57014",
      );
    throw e;
  } finally {
    clearTimeout(closer);
    tab.client = null;
    // A connection that could not be reset, or that a cancel may still reach, is closed, not handed to the next run.
    client.release(!healthy || tab.cancelled);
  }
}
