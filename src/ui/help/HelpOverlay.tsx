import { useEffect, useRef } from "react";
import "./help.css";
import { usePanes } from "../layout/PanesContext.js";
import { shortcutsFor } from "./shortcuts.js";
import { useShortcuts } from "./ShortcutsContext.js";

export function HelpOverlay() {
  const { helpOpen, setHelpOpen } = useShortcuts();
  const { panes } = usePanes();
  const card = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (helpOpen) card.current?.focus();
  }, [helpOpen]);
  if (!helpOpen) return null;
  return (
    <div className="help-backdrop" onClick={() => setHelpOpen(false)} data-testid="help-overlay">
      <div
        className="help-card"
        role="dialog"
        aria-modal="true"
        aria-label="Keyboard shortcuts"
        tabIndex={-1}
        ref={card}
        onClick={(e) => e.stopPropagation()}
      >
        <div className="help-title">
          <h2>Keyboard shortcuts</h2>
          <button onClick={() => setHelpOpen(false)} aria-label="Close">
            ✕
          </button>
        </div>
        <table>
          <tbody>
            {shortcutsFor(panes).map((s, i) => (
              <tr key={i} data-testid="shortcut">
                <td>
                  {s.keys.split("+").map((k, j) => (
                    <span key={j}>
                      {j > 0 && "+"}
                      <kbd>{k}</kbd>
                    </span>
                  ))}
                </td>
                <td>{s.does}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">
          Logs: “open in SQL editor” on any statement. Dimensions: click a path to select it, Shift+click to add it.
        </p>
      </div>
    </div>
  );
}

export function HelpButton() {
  const { setHelpOpen } = useShortcuts();
  return (
    <button
      onClick={() => setHelpOpen(true)}
      aria-label="Keyboard shortcuts"
      title="Keyboard shortcuts (?)"
      data-testid="help-button"
    >
      ?
    </button>
  );
}
