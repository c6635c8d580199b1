import { createContext, useCallback, useContext, useState, type ReactNode } from "react";

/** Every switchable pane, by tab group; the order is the Alt+digit order the help overlay lists. */
export const PANES = [
  { id: "chart", group: "results", label: "Chart" },
  { id: "table", group: "results", label: "Table" },
  { id: "json", group: "results", label: "JSON" },
  { id: "logs", group: "tools", label: "SQL log" },
  { id: "sql", group: "tools", label: "SQL editor" },
  { id: "dimensions", group: "tools", label: "Dimensions" },
  { id: "data", group: "tools", label: "Data" },
  { id: "plan", group: "tools", label: "SQL & plan" },
  { id: "history", group: "tools", label: "History" },
  { id: "transfer", group: "tools", label: "Import / export" },
  { id: "compare", group: "results", label: "Compare" },
] as const;

export type PaneId = (typeof PANES)[number]["id"];
export type PaneGroup = (typeof PANES)[number]["group"];

type PanesState = {
  /** The visible pane of each tab group. */
  active: Record<PaneGroup, PaneId>;
  show: (id: PaneId) => void;
};

const PanesContext = createContext<PanesState | null>(null);

export function PanesProvider({ children }: { children: ReactNode }) {
  const [active, setActive] = useState<Record<PaneGroup, PaneId>>({ results: "chart", tools: "logs" });
  const show = useCallback((id: PaneId) => {
    const pane = PANES.find((p) => p.id === id);
    if (pane) setActive((a) => (a[pane.group] === id ? a : { ...a, [pane.group]: id }));
  }, []);
  return <PanesContext.Provider value={{ active, show }}>{children}</PanesContext.Provider>;
}

export function usePanes(): PanesState {
  const ctx = useContext(PanesContext);
  if (!ctx) throw new Error("usePanes outside PanesProvider");
  return ctx;
}

/** The tabs of one group, with their shortcut in the tooltip. */
export function tabsOf(group: PaneGroup, render: Record<string, () => ReactNode>) {
  return PANES.flatMap((p, i) =>
    p.group === group ? [{ id: p.id, label: p.label, title: `${p.label} (Alt+${i + 1})`, render: render[p.id] }] : [],
  );
}
