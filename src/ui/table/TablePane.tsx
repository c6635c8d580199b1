import { useMemo } from "react";
import type { RowDto } from "../../rpc/protocol.js";
import { useQueryRun } from "../query/QueryContext.js";
import { ResultNotes } from "../query/ResultNotes.js";
import { formatNumber } from "../chart/seriesModel.js";
import { DataGrid, type GridColumn, type GridView } from "../grid/DataGrid.js";
import { useStore } from "../hooks/useStore.js";
import { useShare } from "../share/ShareContext.js";

type TableRow = RowDto & { period: string; start: string };

const fixed: GridColumn<TableRow>[] = [
  { label: "metric", value: (r) => r.metric },
  { label: "unit", value: (r) => r.unit, render: (r) => r.unit ?? "—" },
  { label: "value", numeric: true, value: (r) => r.value, render: (r) => formatNumber(r.value) },
  { label: "sum", numeric: true, value: (r) => r.sum, render: (r) => formatNumber(r.sum) },
];

const rowAttributes = () => ({ "data-testid": "table-row" });

export function TablePane() {
  const { result } = useQueryRun();
  const rows = useMemo<TableRow[]>(
    () => (result?.results ?? []).flatMap((p) => p.rows.map((r) => ({ period: p.period, start: p.start, ...r }))),
    [result],
  );
  const columns = useMemo<GridColumn<TableRow>[]>(() => {
    const dims = [...new Set(rows.flatMap((r) => Object.keys(r.dimensions)))];
    return [
      { label: "period", value: (r) => r.period, cellTitle: (r) => r.start },
      ...dims.map((d): GridColumn<TableRow> => ({
        label: d,
        value: (r) => r.dimensions[d]?.path ?? null,
        cellTitle: (r) => r.dimensions[d]?.description || undefined,
        render: (r) => (
          <>
            <code>{r.dimensions[d]?.path}</code>
            {r.dimensions[d]?.label && <span className="muted"> {r.dimensions[d].label}</span>}
          </>
        ),
      })),
      ...fixed,
    ];
  }, [rows]);
  // Sort and filter live in the share link's store; its sort names the column, the grid's counts columns.
  const { table } = useShare();
  const shared = useStore(table);
  const view = useMemo<GridView>(() => {
    const column = shared.sort ? columns.findIndex((c) => c.label === shared.sort!.column) : -1;
    return { filter: shared.filter, sort: column >= 0 ? { column, dir: shared.sort!.dir } : null };
  }, [shared, columns]);
  const onViewChange = ({ filter, sort }: GridView) =>
    table.set({ filter, sort: sort ? { column: columns[sort.column].label, dir: sort.dir } : null });
  if (!result) return <div className="placeholder">Waiting for the first run…</div>;
  return (
    <section className="pane table-pane" aria-label="Results table" data-rows={rows.length}>
      <ResultNotes />
      <DataGrid
        rows={rows}
        columns={columns}
        rowAttributes={rowAttributes}
        scrollTestId="table-scroll"
        view={view}
        onViewChange={onViewChange}
        toolbar={
          <span className="muted" data-testid="table-summary">
            {rows.length} rows · {result.results.length} period{result.results.length === 1 ? "" : "s"}
          </span>
        }
      />
    </section>
  );
}
