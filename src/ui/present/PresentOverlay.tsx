import { useEffect } from "react";
import { TileChart } from "../dashboard/TileChart.js";
import { useTileResult } from "../dashboard/useTileResult.js";
import type { Tile } from "../../playground/dashboardFile.js";
import { useLatest } from "../hooks/useLatest.js";
import { usePresent } from "./PresentContext.js";
import "./present.css";

const NEXT = new Set(["ArrowRight", "ArrowDown", "PageDown", " ", "n"]);
const PREVIOUS = new Set(["ArrowLeft", "ArrowUp", "PageUp", "p"]);

function Slide({ tile }: { tile: Tile }) {
  const state = useTileResult(tile.query);
  return (
    <div className="present-slide" data-testid="present-slide" data-tile={tile.id} data-runs={state.runs}>
      <TileChart tile={tile} state={state} />
      {tile.note && <p className="present-note">{tile.note}</p>}
    </div>
  );
}

/** Presentation mode: one tile at a time over the whole window, large type, no editor chrome. */
export function PresentOverlay() {
  const { show, go, close } = usePresent();
  const latest = useLatest({ show, go, close });
  const open = show !== null;

  useEffect(() => {
    if (!open) return;
    // Capture phase: the workbench's shortcuts and editors must not see the presenter's keys.
    const onKey = (e: KeyboardEvent) => {
      const { show, go, close } = latest.current;
      if (!show || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.target instanceof HTMLInputElement) return;
      let handled = true;
      if (e.key === "Escape") close();
      else if (NEXT.has(e.key)) go(show.index + 1);
      else if (PREVIOUS.has(e.key)) go(show.index - 1);
      else if (e.key === "Home") go(0);
      else if (e.key === "End") go(show.slides.length - 1);
      else handled = false;
      if (handled) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [open, latest]);

  if (!show) return null;
  const tile = show.slides[show.index];
  return (
    <div
      className="present"
      role="dialog"
      aria-modal="true"
      aria-label={`Presenting ${show.title}`}
      data-testid="present"
      data-index={show.index}
      data-count={show.slides.length}
    >
      <Slide key={tile.id} tile={tile} />
      <footer className="present-footer">
        <span>{show.title}</span>
        <span className="spacer" />
        <button onClick={() => go(show.index - 1)} disabled={show.index === 0} aria-label="Previous slide">
          ←
        </button>
        <span data-testid="present-position">
          {show.index + 1} / {show.slides.length}
        </span>
        <button
          onClick={() => go(show.index + 1)}
          disabled={show.index === show.slides.length - 1}
          aria-label="Next slide"
        >
          →
        </button>
        <span className="muted">← → to move · Esc to leave</span>
        <button onClick={close} aria-label="Leave presentation">
          ✕
        </button>
      </footer>
    </div>
  );
}
