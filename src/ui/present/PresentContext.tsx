import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import type { Tile } from "../dashboard/model.js";

type Show = { title: string; slides: Tile[]; index: number };

type PresentState = {
  show: Show | null;
  /** Full screen, one slide at a time, from `start`. */
  present: (title: string, slides: Tile[], start?: number) => void;
  go: (to: number) => void;
  close: () => void;
};

const PresentContext = createContext<PresentState | null>(null);

export function PresentProvider({ children }: { children: ReactNode }) {
  const [show, setShow] = useState<Show | null>(null);
  const present = useCallback((title: string, slides: Tile[], start = 0) => {
    if (slides.length === 0) return;
    setShow({ title, slides, index: Math.min(Math.max(0, start), slides.length - 1) });
    // Full screen where the browser allows it (a click allows it); the overlay fills the window anyway.
    document.documentElement.requestFullscreen?.().catch(() => undefined);
  }, []);
  const go = useCallback(
    (to: number) => setShow((s) => (s ? { ...s, index: Math.min(Math.max(0, to), s.slides.length - 1) } : s)),
    [],
  );
  const close = useCallback(() => {
    setShow(null);
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  }, []);
  const value = useMemo(() => ({ show, present, go, close }), [show, present, go, close]);
  return <PresentContext.Provider value={value}>{children}</PresentContext.Provider>;
}

export function usePresent(): PresentState {
  const ctx = useContext(PresentContext);
  if (!ctx) throw new Error("usePresent outside PresentProvider");
  return ctx;
}
