// A grid's view of its rows, framework-free: which rows pass the filter and in what order.

export type GridCell = string | number | null;

export type GridSort = { column: number; dir: "asc" | "desc" } | null;

/** Header clicks cycle ascending → descending → as received. */
export function nextSort(sort: GridSort, column: number): GridSort {
  if (sort?.column !== column) return { column, dir: "asc" };
  return sort.dir === "asc" ? { column, dir: "desc" } : null;
}

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/** A number, or NaN for a cell that is not one (NULL, text in a numeric column). */
const asNumber = (v: GridCell) => (v === null || v === "" ? NaN : typeof v === "number" ? v : Number(v));

/**
 * The indexes of the rows to show: those with a cell containing `filter` (case-insensitive),
 * sorted by one column — numerically when the column is numeric (SQL numerics arrive as text,
 * and "10" must come after "9"), NULLs last either way. Ties keep the received order.
 */
export function gridView(
  cells: GridCell[][],
  numeric: boolean[],
  { filter, sort }: { filter: string; sort: GridSort },
): number[] {
  const needle = filter.trim().toLowerCase();
  let out = cells.map((_, i) => i);
  if (needle !== "")
    out = out.filter((i) => cells[i].some((c) => c !== null && String(c).toLowerCase().includes(needle)));
  if (sort) {
    const { column, dir } = sort;
    const sign = dir === "asc" ? 1 : -1;
    const compare = numeric[column]
      ? (x: GridCell, y: GridCell) => asNumber(x) - asNumber(y)
      : (x: GridCell, y: GridCell) => collator.compare(String(x), String(y));
    const missing = (v: GridCell) => v === null || (numeric[column] && Number.isNaN(asNumber(v)));
    out.sort((i, j) => {
      const x = cells[i][column];
      const y = cells[j][column];
      const mx = missing(x);
      const my = missing(y);
      if (mx || my) return mx === my ? i - j : mx ? 1 : -1;
      return sign * compare(x, y) || i - j;
    });
  }
  return out;
}
