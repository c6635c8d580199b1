// Every switchable pane, in one place: add a pane here and it gets its tab, its Alt+digit
// shortcut (the first nine, in this order), its line in the help overlay and its place in shared links.
import { ChartPane } from "./chart/ChartPane.js";
import { ComparePane } from "./compare/ComparePane.js";
import { DashboardPane } from "./dashboard/DashboardPane.js";
import { DataPane } from "./data/DataPane.js";
import { DimensionsPane } from "./dimensions/DimensionsPane.js";
import { GraphqlEditor, LazyEditor, ScriptEditor, SqlEditor } from "./editor/LazyEditor.js";
import { HistoryPane } from "./history/HistoryPane.js";
import type { PaneSpec } from "./layout/PanesContext.js";
import { LogsPane } from "./logs/LogsPane.js";
import { PlanPane } from "./plan/PlanPane.js";
import { JsonView } from "./table/JsonView.js";
import { TablePane } from "./table/TablePane.js";
import { TransferPane } from "./transfer/TransferPane.js";

export const PANES: readonly PaneSpec[] = [
  { id: "chart", group: "results", label: "Chart", render: () => <ChartPane /> },
  { id: "table", group: "results", label: "Table", render: () => <TablePane /> },
  { id: "json", group: "results", label: "JSON", render: () => <JsonView /> },
  { id: "logs", group: "tools", label: "SQL log", render: () => <LogsPane /> },
  { id: "sql", group: "tools", label: "SQL editor", render: () => <LazyEditor pane={SqlEditor} /> },
  { id: "dimensions", group: "tools", label: "Dimensions", render: () => <DimensionsPane /> },
  { id: "data", group: "tools", label: "Data", render: () => <DataPane /> },
  { id: "plan", group: "tools", label: "SQL & plan", render: () => <PlanPane /> },
  { id: "history", group: "tools", label: "History", render: () => <HistoryPane /> },
  { id: "transfer", group: "tools", label: "Import / export", render: () => <TransferPane /> },
  { id: "compare", group: "results", label: "Compare", render: () => <ComparePane /> },
  { id: "graphql", group: "tools", label: "GraphQL", render: () => <LazyEditor pane={GraphqlEditor} /> },
  { id: "dashboard", group: "results", label: "Dashboard", render: () => <DashboardPane /> },
  { id: "script", group: "results", label: "Script", render: () => <LazyEditor pane={ScriptEditor} /> },
];
