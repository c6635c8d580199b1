import type { PointerEvent } from "react";

type Props = {
  /** "vertical" sits between columns and drags left/right; "horizontal" between rows. */
  orientation: "vertical" | "horizontal";
  /** The new share (0–1) of the first track, relative to the parent element. */
  onResize: (fraction: number) => void;
  /** Out of the grid while a region is maximized. */
  hidden?: boolean;
};

/** A drag handle between two grid tracks. Pointer capture keeps the drag going over Monaco and charts. */
export function Splitter({ orientation, onResize, hidden = false }: Props) {
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    const handle = e.currentTarget;
    const parent = handle.parentElement;
    if (!parent) return;
    handle.setPointerCapture(e.pointerId);
    const rect = parent.getBoundingClientRect();
    const move = (ev: globalThis.PointerEvent) => {
      const f =
        orientation === "vertical" ? (ev.clientX - rect.left) / rect.width : (ev.clientY - rect.top) / rect.height;
      onResize(Math.min(0.95, Math.max(0.05, f)));
    };
    const up = () => {
      handle.removeEventListener("pointermove", move);
      handle.removeEventListener("pointerup", up);
    };
    handle.addEventListener("pointermove", move);
    handle.addEventListener("pointerup", up);
  };
  return (
    <div
      className={`splitter ${orientation}${hidden ? " gone" : ""}`}
      role="separator"
      aria-orientation={orientation}
      onPointerDown={onPointerDown}
    />
  );
}
