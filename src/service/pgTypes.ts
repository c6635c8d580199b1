// Postgres type ids named for the SQL grid, from PGlite's exported type table rather than a list
// kept by hand. The same ids come from a PostgreSQL server (they are fixed in the catalog).
import { types } from "@electric-sql/pglite";

const NAMES = new Map<number, string>(
  Object.entries(types as Record<string, unknown>).flatMap(([name, id]) =>
    typeof id === "number" ? [[id, name.toLowerCase()] as const] : [],
  ),
);
const NUMERIC = new Set<number>([types.INT2, types.INT4, types.INT8, types.FLOAT4, types.FLOAT8, types.NUMERIC]);

/** A result column as the page gets it: its type named (`int8`, `timestamptz`; `type 1234` when unlisted) and whether it is a number. */
export const describeField = (f: { name: string; dataTypeID: number }) => ({
  name: f.name,
  dataTypeID: f.dataTypeID,
  type: NAMES.get(f.dataTypeID) ?? `type ${f.dataTypeID}`,
  numeric: NUMERIC.has(f.dataTypeID),
});
