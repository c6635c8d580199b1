import { useCallback, useMemo, useState, type ReactNode } from "react";
import { makeContext } from "../hooks/context.js";
import type { Tile } from "../../playground/dashboardFile.js";

type Show = { title: string; slides: Tile[]; index: number };

type PresentState = {
  show: Show | null;
  /** Full screen, one slide at a time, from `start`. */
  present: (title: string, slides: Tile[], start?: number) => void;
  go: (to: number) => void;
  close: () => void;
};

const [PresentContextProvider, usePresent] = makeContext<PresentState>("Present");

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
  return <PresentContextProvider value={value}>{children}</PresentContextProvider>;
}

export { usePresent };
