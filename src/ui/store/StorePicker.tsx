import { useEffect, useRef, useState } from "react";
import { useEngine } from "../connection/EngineContext.js";
import { describeStore } from "./databases.js";
import { StorePanel } from "./StorePanel.js";
import "./store.css";

/** The header's store switch: what is open, and a panel to open, create or delete databases. */
export function StorePicker() {
  const { store } = useEngine();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => ref.current && !ref.current.contains(e.target as Node) && setOpen(false);
    const esc = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", esc);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", esc);
    };
  }, [open]);
  return (
    <div className="store-picker" ref={ref}>
      <button
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        data-testid="store-picker"
        data-store={store?.kind ?? ""}
        title="Where the database lives: in memory, or a named IndexedDB database"
      >
        store: {store ? describeStore(store) : "…"} ▾
      </button>
      {open && (
        <div className="store-popover">
          <StorePanel />
        </div>
      )}
    </div>
  );
}
