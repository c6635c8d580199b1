import type { Knex } from "knex";
import type { PreparedStatement } from "./executor.js";
import { groupedColumns, groupedStatement, shapeKey, valueAt, type ArgRef, type ReadArgs } from "./groupedSql.js";
import type { SqlValue } from "./sqlText.js";

/** A shape's statement, and where in ReadArgs each of its arguments comes from. */
type Shape = { statement: PreparedStatement; paths: string[] };

/** Distinct shapes prepared per store at most; others run as one-off statements. */
const MAX_SHAPES = 64;

/** Two 32-bit hashes of the text: a statement's name changes whenever its text does. */
function nameOf(text: string): string {
  let fnv = 0x811c9dc5;
  let djb = 5381;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    fnv = Math.imul(fnv ^ c, 0x01000193);
    djb = (Math.imul(djb, 33) + c) | 0;
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, "0");
  return `analytics_read_${hex(fnv)}${hex(djb)}`;
}

/**
 * Grouped reads as prepared statements, one per shape: on a small store, parsing and planning
 * the statement, and building it with knex, cost more than running it. The shape's statement is
 * built once, with `$n` for each argument; later reads of that shape only gather the arguments.
 */
export class PreparedReads {
  private readonly shapes = new Map<string, Shape>();

  /** The statement for the query's shape and its arguments; null once the store holds MAX_SHAPES others. */
  statementFor(
    k: Knex,
    a: ReadArgs,
  ): { statement: PreparedStatement; args: (SqlValue | readonly SqlValue[])[] } | null {
    const key = shapeKey(a);
    let shape = this.shapes.get(key);
    if (!shape) {
      if (this.shapes.size >= MAX_SHAPES) return null;
      shape = build(k, a);
      this.shapes.set(key, shape);
    }
    return { statement: shape.statement, args: shape.paths.map((p) => valueAt(a, p)) };
  }
}

function build(k: Knex, a: ReadArgs): Shape {
  const paths: string[] = [];
  const types: string[] = [];
  const arg: ArgRef = (path, type) => {
    let n = paths.indexOf(path);
    if (n < 0) n = paths.push(path) - 1;
    types[n] = type;
    return k.raw(`$${n + 1}`);
  };
  const native = groupedStatement(k, a, arg, false).toSQL().toNative();
  // Every value must be an argument: a value knex bound itself would take a `$n` of its own.
  if (native.bindings.length > 0) throw new Error(`a prepared read has ${native.bindings.length} bound values`);
  // Numbered again in the order they appear, as a reader of the statement expects.
  const order: number[] = [];
  const sql = native.sql.replace(/\$(\d+)/g, (_, n: string) => {
    let at = order.indexOf(Number(n) - 1);
    if (at < 0) at = order.push(Number(n) - 1) - 1;
    return `$${at + 1}`;
  });
  const ordered = order.map((i) => types[i]);
  return {
    // Through the dimension sets the plan hardly depends on the values (the series hash-join a
    // few sets' keys), and planning cost a small store's read as much as running it: planned
    // once. Through the links, a plan for unknown values was slower on large stores: per run.
    statement: {
      name: nameOf(`${ordered.join()}:${sql}`),
      sql,
      types: ordered,
      generic: a.via !== "links",
      columns: groupedColumns(a.dimensions.length),
    },
    paths: order.map((i) => paths[i]),
  };
}
