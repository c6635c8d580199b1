import { useEffect, useRef, useState } from "react";
import { usePaste } from "./PasteContext.js";
import "./paste.css";

/** The header's "Paste…" button. */
export function PasteButton() {
  const { setBoxOpen } = usePaste();
  return (
    <button
      data-testid="open-paste"
      onClick={() => setBoxOpen(true)}
      title="Paste a GraphQL filter or request, a serialized query or SQL"
    >
      Paste…
    </button>
  );
}

/** A dialog to paste anything sensible into: it is recognised, converted and run. */
export function PasteBox() {
  const { boxOpen, setBoxOpen, submit, notice } = usePaste();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (!boxOpen) return;
    requestAnimationFrame(() => area.current?.focus());
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setBoxOpen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [boxOpen, setBoxOpen]);
  if (!boxOpen) return null;
  const go = async () => {
    setBusy(true);
    try {
      const n = await submit(text, "box");
      if (n?.ok) setText("");
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="paste-backdrop" onMouseDown={(e) => e.target === e.currentTarget && setBoxOpen(false)}>
      <div className="paste-dialog" role="dialog" aria-label="Paste a query" data-testid="paste-dialog">
        <h2>Paste a query</h2>
        <p className="muted">
          A GraphQL <code>AnalyticsFilter</code>, <code>{"{ filter }"}</code> variables or a whole request body, a
          serialized <code>AnalyticsQuery</code>, the editor's JSON — or SQL, which opens in the SQL editor.
        </p>
        <textarea
          ref={area}
          data-testid="paste-box"
          value={text}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
              e.preventDefault();
              void go();
            }
          }}
          placeholder='{ "query": "…", "variables": { "filter": { "metrics": ["Budget"], "dimensions": [{ "name": "budget", "select": "atlas", "lod": 2 }], "granularity": "monthly", "currency": "DAI" } } }'
        />
        {notice && !notice.ok && <NoticeBody className="paste-notice error in-dialog" />}
        <div className="paste-actions">
          <span className="hint">Ctrl/⌘+Enter</span>
          <span className="spacer" />
          <button onClick={() => setBoxOpen(false)}>Cancel</button>
          <button
            className="primary"
            data-testid="paste-submit"
            disabled={busy || text.trim() === ""}
            onClick={() => void go()}
          >
            {busy ? "Recognising…" : "Recognise and run"}
          </button>
        </div>
      </div>
    </div>
  );
}

/** What the last paste was taken for (or what was expected), until dismissed. */
export function PasteNoticeView() {
  const { notice, boxOpen } = usePaste();
  // With the box open, a refusal shows inside it, next to the text to fix.
  if (!notice || (boxOpen && !notice.ok)) return null;
  return <NoticeBody className={`paste-notice ${notice.ok ? "ok" : "error"}`} />;
}

function NoticeBody({ className }: { className: string }) {
  const { notice, dismiss } = usePaste();
  if (!notice) return null;
  return (
    <div
      className={className}
      role={notice.ok ? "status" : "alert"}
      data-testid="paste-notice"
      data-ok={notice.ok}
      data-format={notice.ok ? notice.format : ""}
    >
      <div className="paste-notice-head">
        <strong data-testid="paste-notice-title">{notice.title}</strong>
        <button className="link" aria-label="Dismiss" onClick={dismiss}>
          ✕
        </button>
      </div>
      {notice.ok ? (
        notice.notes.length > 0 && (
          <ul>
            {notice.notes.map((n) => (
              <li key={n} data-testid="paste-note">
                {n}
              </li>
            ))}
          </ul>
        )
      ) : (
        <pre data-testid="paste-help">{notice.message}</pre>
      )}
    </div>
  );
}
