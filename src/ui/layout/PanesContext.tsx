import { useCallback, useMemo, useState, type ReactNode } from "react";
import { makeContext } from "../hooks/context.js";

/** The tab groups: results beside the editor, tools below it. */
export type PaneGroup = "results" | "tools";

/** A switchable pane (the list is src/ui/panes.tsx). */
export type PaneSpec = { id: string; group: PaneGroup; label: string; render: () => ReactNode };

type PanesState = {
  panes: readonly PaneSpec[];
  /** The visible pane of each tab group. */
  active: Record<PaneGroup, string>;
  /** Shows a pane by id; an unknown id is ignored (shared links may name panes that are gone). */
  show: (id: string) => void;
};

const [PanesContextProvider, usePanes] = makeContext<PanesState>("Panes");

const firstOf = (panes: readonly PaneSpec[], group: PaneGroup) => panes.find((p) => p.group === group)?.id ?? "";

export function PanesProvider({ panes, children }: { panes: readonly PaneSpec[]; children: ReactNode }) {
  const [active, setActive] = useState(() => ({ results: firstOf(panes, "results"), tools: firstOf(panes, "tools") }));
  const show = useCallback(
    (id: string) => {
      const pane = panes.find((p) => p.id === id);
      if (pane) setActive((a) => (a[pane.group] === id ? a : { ...a, [pane.group]: id }));
    },
    [panes],
  );
  const value = useMemo(() => ({ panes, active, show }), [panes, active, show]);
  return <PanesContextProvider value={value}>{children}</PanesContextProvider>;
}

export { usePanes };

/** The tabs of one group, with their Alt+digit shortcut in the tooltip. */
export function tabsOf(panes: readonly PaneSpec[], group: PaneGroup) {
  return panes.flatMap((p, i) =>
    p.group === group
      ? [{ id: p.id, label: p.label, title: i < 9 ? `${p.label} (Alt+${i + 1})` : p.label, render: p.render }]
      : [],
  );
}
