import { useEffect, useState } from "react";
import { useShare } from "./ShareContext.js";
import "./share.css";

/** "Copy link": a URL that reopens this view (texts, tabs, dataset) and runs its query. */
export function ShareButton() {
  const { copyLink, copied, problem, dismissProblem } = useShare();
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!shown) return;
    const t = setTimeout(() => setShown(false), 8000);
    return () => clearTimeout(t);
  }, [shown, copied]);
  return (
    <span className="share">
      <button
        data-testid="copy-link"
        title="Copy a link to this view: the query, the SQL, the tabs and the dataset"
        onClick={() => {
          void copyLink().then(() => setShown(true));
        }}
      >
        Copy link
      </button>
      {shown && copied && (
        <span className="share-popover" role="status" data-testid="share-popover">
          <span>{copied.ok ? "Link copied" : "Copy this link:"}</span>
          <input
            readOnly
            value={copied.link}
            data-testid="share-link"
            onFocus={(e) => e.target.select()}
            aria-label="Link to this view"
          />
          <button className="link" aria-label="Close" onClick={() => setShown(false)}>
            ✕
          </button>
        </span>
      )}
      {problem && (
        <span className="share-popover error" role="alert" data-testid="share-problem">
          <span>{problem}</span>
          <button className="link" aria-label="Dismiss" onClick={dismissProblem}>
            ✕
          </button>
        </span>
      )}
    </span>
  );
}
