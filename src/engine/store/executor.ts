import type { PGliteInterface, Transaction } from "@electric-sql/pglite";
import type { Knex } from "knex";
import type { IAnalyticsProfiler } from "../core/profiler.js";
import type { SqlQueryLogger, SqlResultsLogger } from "./loggers.js";
import { literal, readableLiteral, runPreparing, type SqlValue } from "./sqlText.js";

/** A statement built by knex. knex only builds SQL; an executor runs it. */
export type Statement = Knex.QueryBuilder | Knex.Raw;

/**
 * A statement prepared under `name`: `sql` with `$1…` for arguments of `types`. `generic`: planned
 * once for every argument (a generic plan, rebuilt when the tables' statistics change) rather
 * than for each run's values.
 */
export type PreparedStatement = {
  name: string;
  sql: string;
  types: string[];
  generic: boolean;
  /** The names of the columns the statement returns, in order. */
  columns: string[];
};

/**
 * The statement's rows as one JSON text: an array per column. PGlite hands each result row from
 * WASM to JS at a cost of microseconds per row and per value, far more than Postgres takes to
 * write the same rows as JSON and V8 to parse them; by column, no row repeats the column names
 * (less to write and to parse than an object per row: BENCHMARKS.md). Numbers keep every digit
 * (float8 is written shortest-exact).
 */
const asJsonColumns = (sql: string, columns: string[]) =>
  `select json_build_array(${columns.map((c) => `array_agg(r."${c}")`).join(", ")})::text as rows_json from (${sql}) as r`;

/** Rows from an array per column (each null when there were no rows). */
function rowsOf<R>(columns: string[], arrays: (unknown[] | null)[]): R[] {
  const n = arrays[0]?.length ?? 0;
  const rows = new Array<R>(n);
  for (let i = 0; i < n; i++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < columns.length; c++) row[columns[c]] = arrays[c]![i];
    rows[i] = row as R;
  }
  return rows;
}
type PreparedArg = SqlValue | readonly SqlValue[];

export interface IKnexQueryExecutor {
  execute<R = Record<string, unknown>>(query: Statement): Promise<R[]>;
  /** Runs `fn` in one transaction: if it throws, nothing it wrote stays. */
  transaction<T>(fn: (tx: IKnexQueryExecutor) => Promise<T>): Promise<T>;
  /**
   * Runs a `COPY … FROM '/dev/blob'` statement with `data` as its input (text, or the bytes of
   * the binary format), where the database can (PGlite); absent elsewhere, and the store falls
   * back to array inserts.
   */
  copyFrom?(query: Statement, data: string | Uint8Array<ArrayBuffer>, rowCount: number): Promise<void>;
  /**
   * Runs SQL text of one or more statements, with no bound parameters (PGlite's `exec`): the
   * statements of one script commit or fail together. Returns each statement's rows. Absent
   * where the database has no such call; the store then uses `execute`.
   */
  script?(sql: string): Promise<Record<string, unknown>[][]>;
  /**
   * Runs a prepared statement with `args`, preparing it first where the database does not hold
   * it (new, replaced, or after DEALLOCATE). Absent where statements are not sent as text; the
   * store then sends one-off statements. The statement says whether it is planned once
   * (`generic`) or for each run's arguments, as a one-off statement would be; never Postgres's
   * own choice, which switches plans at the sixth run and so the order floating-point sums add
   * up in.
   */
  runPrepared?<R = Record<string, unknown>>(statement: PreparedStatement, args: PreparedArg[]): Promise<R[]>;
  /** True when no other connection can write meanwhile (PGlite has one): ids are then reserved as one block. */
  readonly exclusive?: boolean;
}

/** A database or an open transaction: both run queries; only a database starts transactions. */
type Queryable = Pick<PGliteInterface, "query" | "exec" | "transaction"> | Transaction;

export type ExecutorOptions = {
  queryLogger?: SqlQueryLogger;
  resultsLogger?: SqlResultsLogger;
  profiler: IAnalyticsProfiler;
};

/** Bulk statements carry whole columns as array bindings; inlining them would log megabytes. */
const MAX_INLINED_BINDING = 200;

/** Whether a binding is an array too large to write into the logged SQL. */
const isLarge = (b: unknown) => Array.isArray(b) && b.length > MAX_INLINED_BINDING;

/** The statement with `$n` left in, and a comment naming each binding (large arrays by their length). */
function withBindingsNamed(sql: string, bindings: readonly unknown[]): string {
  const shapes = bindings.map((b, i) => `$${i + 1}: ${Array.isArray(b) ? `array of ${b.length}` : JSON.stringify(b)}`);
  return `${sql}\n/* ${shapes.join(", ")} */`;
}

/** The SQL as the logger shows it: with values inlined, unless a binding is a large array. */
export function describeStatement(query: Statement, native = query.toSQL().toNative()): string {
  return native.bindings.some(isLarge) ? withBindingsNamed(native.sql, native.bindings) : query.toString();
}

/** A prepared statement as the logger shows it: runnable SQL with the arguments written in (large arrays named). */
function describePrepared({ sql, types }: PreparedStatement, args: PreparedArg[]): string {
  if (args.some(isLarge)) return withBindingsNamed(sql, args);
  return sql.replace(/\$(\d+)/g, (_, n: string) => readableLiteral(args[Number(n) - 1], types[Number(n) - 1]));
}

/** Runs knex statements on PGlite; numbers, logs and times each one. */
export class PGliteQueryExecutor implements IKnexQueryExecutor {
  readonly exclusive = true;
  private readonly counter: { next: number };

  constructor(
    private readonly db: () => Queryable,
    private readonly options: ExecutorOptions,
    counter?: { next: number },
  ) {
    this.counter = counter ?? { next: 0 };
  }

  async execute<R = Record<string, unknown>>(query: Statement): Promise<R[]> {
    const index = this.counter.next++;
    const { queryLogger, resultsLogger, profiler } = this.options;
    const { sql, bindings } = query.toSQL().toNative();
    queryLogger?.(index, describeStatement(query, { sql, bindings }), { sql, bindings });
    const rows = await profiler.record(
      "Query",
      async () => (await this.db().query<R>(sql, bindings as unknown[])).rows,
    );
    resultsLogger?.(index, rows);
    return rows;
  }

  async runPrepared<R = Record<string, unknown>>(p: PreparedStatement, args: PreparedArg[]): Promise<R[]> {
    const index = this.counter.next++;
    const { queryLogger, resultsLogger, profiler } = this.options;
    const sent = asJsonColumns(p.sql, p.columns);
    // The readable form is the statement whose rows the results log shows, and runs as it is;
    // the form as sent has the JSON wrapper.
    const execute = `execute ${p.name}(${args.map(literal).join(", ")})`;
    queryLogger?.(index, describePrepared(p, args), {
      sql: sent,
      bindings: args,
      prepared: { execute, generic: p.generic },
    });
    // SET LOCAL lasts for this script only (one implicit transaction).
    const plan = `set local plan_cache_mode = ${p.generic ? "force_generic_plan" : "force_custom_plan"};\n`;
    const run = async () => {
      const results = await this.db().exec(`${plan}${execute}`);
      const [{ rows_json }] = results.at(-1)!.rows as { rows_json: string }[];
      return rowsOf<R>(p.columns, JSON.parse(rows_json) as (unknown[] | null)[]);
    };
    const rows = await profiler.record("Query", () =>
      runPreparing(run, [`prepare ${p.name}(${p.types.join(", ")}) as ${sent}`], (sql) => this.db().exec(sql)),
    );
    resultsLogger?.(index, rows);
    return rows;
  }

  async copyFrom(query: Statement, data: string | Uint8Array<ArrayBuffer>, rowCount: number): Promise<void> {
    const index = this.counter.next++;
    const { queryLogger, resultsLogger, profiler } = this.options;
    const size = typeof data === "string" ? `${data.length} characters` : `${data.length} bytes`;
    queryLogger?.(index, `${query.toString()}\n/* ${rowCount} rows, ${size} */`);
    const result = await profiler.record("Query", () =>
      this.db().query(query.toString(), [], { blob: new Blob([data]) }),
    );
    resultsLogger?.(index, { affectedRows: result.affectedRows ?? rowCount });
  }

  async script(sql: string): Promise<Record<string, unknown>[][]> {
    const index = this.counter.next++;
    const { queryLogger, resultsLogger, profiler } = this.options;
    queryLogger?.(index, sql);
    const results = await profiler.record("Query", () => this.db().exec(sql));
    const rows = results.map((r) => r.rows as Record<string, unknown>[]);
    resultsLogger?.(index, rows.length === 1 ? rows[0] : rows);
    return rows;
  }

  async transaction<T>(fn: (tx: IKnexQueryExecutor) => Promise<T>): Promise<T> {
    const db = this.db();
    if (!("transaction" in db)) return fn(this); // already inside one: PGlite does not nest
    return db.transaction((tx: Transaction) => fn(new PGliteQueryExecutor(() => tx, this.options, this.counter)));
  }
}
