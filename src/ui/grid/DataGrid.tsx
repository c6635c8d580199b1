import { useMemo, useRef, useState, type HTMLAttributes, type ReactNode } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { gridView, nextSort, type GridCell, type GridSort } from "../../playground/grid.js";
import "./grid.css";

export type GridColumn<R> = {
  label: string;
  /** Right-aligned and sorted as numbers. */
  numeric?: boolean;
  title?: string;
  /** What the column sorts and filters on. */
  value: (row: R) => GridCell;
  /** What the cell shows (the value as text when absent). */
  render?: (row: R) => ReactNode;
  cellTitle?: (row: R) => string | undefined;
};

/**
 * Up to this many rows the grid renders whole (the browser's find works). Above it, only the rows
 * in view are rendered, each one line high: tens of thousands of <tr> freeze the tab.
 */
const WINDOW_ABOVE = 2000;
const ROW_HEIGHT = 26;

export type GridView = { filter: string; sort: GridSort };

type RowAttributes = HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | undefined>;

/** The one grid of the page: sort by a header click, filter with the box, rows windowed when many. */
export function DataGrid<R>({
  rows,
  columns,
  rowAttributes,
  scrollClassName = "scroll",
  scrollTestId,
  toolbar,
  view,
  onViewChange,
}: {
  rows: R[];
  columns: GridColumn<R>[];
  /** Test ids, classes and data attributes of a row (`data-index` is its place in the view). */
  rowAttributes?: (row: R) => RowAttributes;
  scrollClassName?: string;
  scrollTestId?: string;
  /** Shown left of the filter box. */
  toolbar?: ReactNode;
  /** The filter and sort, when the page keeps them (a shared link restores the table's); else the grid's own. */
  view?: GridView;
  onViewChange?: (view: GridView) => void;
}) {
  const [own, setOwn] = useState<GridView>({ filter: "", sort: null });
  const { filter, sort } = view ?? own;
  const change = (patch: Partial<GridView>) => (onViewChange ?? setOwn)({ filter, sort, ...patch });
  const setFilter = (f: string) => change({ filter: f });
  const setSort = (s: GridSort) => change({ sort: s });
  const cells = useMemo(() => rows.map((r) => columns.map((c) => c.value(r))), [rows, columns]);
  const order = useMemo(
    () =>
      gridView(
        cells,
        columns.map((c) => c.numeric === true),
        { filter, sort },
      ),
    [cells, columns, filter, sort],
  );
  const scroller = useRef<HTMLDivElement>(null);
  const windowed = order.length > WINDOW_ABOVE;
  // Re-renders on every scroll by design (the rows in view change); nothing memoizes it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: order.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
    enabled: windowed,
  });
  const items = windowed ? virtualizer.getVirtualItems() : [];
  const first = windowed ? (items[0]?.index ?? 0) : 0;
  const last = windowed ? (items.at(-1)?.index ?? -1) + 1 : order.length;
  const before = windowed ? (items[0]?.start ?? 0) : 0;
  const after = windowed ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;
  const filtered = filter.trim() !== "";
  return (
    <>
      <div className="grid-bar">
        {toolbar}
        <span className="spacer" />
        {filtered && (
          <span className="muted" data-testid="grid-count" data-shown={order.length}>
            {order.length.toLocaleString("en-US")} of {rows.length.toLocaleString("en-US")} rows match
          </span>
        )}
        <input
          type="search"
          className="grid-filter"
          data-testid="grid-filter"
          aria-label="Filter rows"
          placeholder="Filter rows…"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      </div>
      <div className={scrollClassName} ref={scroller} data-testid={scrollTestId}>
        <table className={windowed ? "results windowed" : "results"} data-rows={order.length}>
          <thead>
            <tr>
              {columns.map((c, j) => {
                const dir = sort?.column === j ? sort.dir : null;
                return (
                  <th
                    key={j}
                    className={c.numeric ? "num" : undefined}
                    title={c.title}
                    aria-sort={dir === "asc" ? "ascending" : dir === "desc" ? "descending" : "none"}
                  >
                    <button className="grid-sort" data-testid="grid-sort" onClick={() => setSort(nextSort(sort, j))}>
                      {c.label}
                      {dir === "asc" ? " ▲" : dir === "desc" ? " ▼" : ""}
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {before > 0 && <tr style={{ height: before }} aria-hidden="true" />}
            {order.slice(first, last).map((source, k) => {
              const row = rows[source];
              return (
                <tr key={source} {...rowAttributes?.(row)} data-index={first + k}>
                  {columns.map((c, j) => {
                    const v = cells[source][j];
                    return (
                      <td key={j} className={c.numeric ? "num" : undefined} title={c.cellTitle?.(row)}>
                        {c.render ? c.render(row) : v === null ? <span className="muted">NULL</span> : String(v)}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
            {after > 0 && <tr style={{ height: after }} aria-hidden="true" />}
          </tbody>
        </table>
        {order.length === 0 && rows.length > 0 && <div className="placeholder">No row contains “{filter}”.</div>}
      </div>
    </>
  );
}
