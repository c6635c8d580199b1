import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import type { LayoutView } from "../../playground/viewState.js";
import { makeContext } from "../hooks/context.js";
import { useStore } from "../hooks/useStore.js";
import { useShare } from "../share/ShareContext.js";
import { storeSizes } from "./sizes.js";

/** The workspace's regions: each can fill the whole workspace. */
export type Region = "editor" | "results" | "tools" | "profiler";
/** The workbench (editors, results, tools) or the dashboard alone. */
export type View = "workbench" | "dashboard";
/** Splitter positions, each the first track's share (0–1). */
export type Sizes = LayoutView;

type LayoutState = {
  view: View;
  setView: (view: View) => void;
  maximized: Region | null;
  setMaximized: (region: Region | null) => void;
  sizes: Sizes;
  setSize: (which: keyof Sizes, fraction: number) => void;
};

const [LayoutContextProvider, useLayout] = makeContext<LayoutState>("Layout");

/** Which view shows, which region is maximized (Esc returns) and the splitters, remembered across reloads. */
export function LayoutProvider({ children, initialView }: { children: ReactNode; initialView: View }) {
  const [view, setView] = useState<View>(initialView);
  const [maximized, setMaximized] = useState<Region | null>(null);
  // The share link's store: a link restores the splitters, and the link follows them.
  const { layout } = useShare();
  const sizes = useStore(layout);
  const setSize = useCallback(
    (which: keyof Sizes, fraction: number) => {
      layout.set({ [which]: fraction });
      storeSizes(layout.get());
    },
    [layout],
  );

  useEffect(() => {
    if (!maximized) return;
    const onKey = (e: KeyboardEvent) => {
      // Monaco and open menus use Esc themselves.
      if (e.key !== "Escape" || e.defaultPrevented) return;
      if (e.target instanceof Element && e.target.closest(".monaco-editor")) return;
      setMaximized(null);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [maximized]);

  const value = useMemo(
    () => ({ view, setView, maximized, setMaximized, sizes, setSize }),
    [view, maximized, sizes, setSize],
  );
  return <LayoutContextProvider value={value}>{children}</LayoutContextProvider>;
}

/** The button that fills the workspace with a region, or puts it back. */
export function MaximizeButton({ region, className = "" }: { region: Region; className?: string }) {
  const { maximized, setMaximized } = useLayout();
  const on = maximized === region;
  return (
    <button
      className={`max-button ${className}`}
      data-testid={`maximize-${region}`}
      aria-pressed={on}
      title={on ? "Restore the layout (Esc)" : `Maximize the ${region} (Esc to return)`}
      aria-label={on ? `Restore ${region}` : `Maximize ${region}`}
      onClick={() => setMaximized(on ? null : region)}
    >
      {on ? "⤡" : "⤢"}
    </button>
  );
}

export { useLayout };
