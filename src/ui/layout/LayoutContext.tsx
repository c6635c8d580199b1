import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { makeContext } from "../hooks/context.js";

/** The workspace's regions: each can fill the whole workspace. */
export type Region = "editor" | "results" | "tools" | "profiler";
/** The workbench (editors, results, tools) or the dashboard alone. */
export type View = "workbench" | "dashboard";
/** Splitter positions, each the first track's share (0–1). */
export type Sizes = { top: number; left: number; bottomLeft: number };

type LayoutState = {
  view: View;
  setView: (view: View) => void;
  maximized: Region | null;
  setMaximized: (region: Region | null) => void;
  sizes: Sizes;
  setSize: (which: keyof Sizes, fraction: number) => void;
};

const KEY = "playground.layout";
const DEFAULT_SIZES: Sizes = { top: 0.62, left: 0.34, bottomLeft: 0.6 };

function storedSizes(): Sizes {
  try {
    const s = JSON.parse(localStorage.getItem(KEY) ?? "{}") as Partial<Record<keyof Sizes, unknown>>;
    const ok = (v: unknown, d: number) => (typeof v === "number" && v > 0 && v < 1 ? v : d);
    return {
      top: ok(s.top, DEFAULT_SIZES.top),
      left: ok(s.left, DEFAULT_SIZES.left),
      bottomLeft: ok(s.bottomLeft, DEFAULT_SIZES.bottomLeft),
    };
  } catch {
    return DEFAULT_SIZES;
  }
}

const [LayoutContextProvider, useLayout] = makeContext<LayoutState>("Layout");

/** Which view shows, which region is maximized (Esc returns) and the splitters, remembered across reloads. */
export function LayoutProvider({ children, initialView }: { children: ReactNode; initialView: View }) {
  const [view, setView] = useState<View>(initialView);
  const [maximized, setMaximized] = useState<Region | null>(null);
  const [sizes, setSizes] = useState<Sizes>(storedSizes);
  const setSize = useCallback((which: keyof Sizes, fraction: number) => {
    setSizes((s) => {
      const next = { ...s, [which]: fraction };
      localStorage.setItem(KEY, JSON.stringify(next));
      return next;
    });
  }, []);

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
