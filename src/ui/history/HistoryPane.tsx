import { lazy, Suspense, useState } from "react";
import { useQueryRun } from "../query/QueryContext.js";
import { useHistory, type HistoryEntry } from "./HistoryContext.js";
import "./history.css";

// Monaco's diff editor: loaded when a diff is first asked for.
const HistoryDiff = lazy(() => import("./HistoryDiff.js"));

const when = (ms: number) => new Date(ms).toLocaleString("en-GB", { hour12: false });

/** A one-line gist of a query text: metrics · granularity · select@lod. */
function gist(text: string): string {
  try {
    const q = JSON.parse(text) as {
      metrics?: unknown;
      granularity?: unknown;
      select?: Record<string, unknown>;
      lod?: Record<string, unknown>;
      currency?: unknown;
    };
    const dims = Object.entries(q.select ?? {}).map(
      ([d, paths]) =>
        `${d}: ${Array.isArray(paths) ? paths.join("|") : "?"}${q.lod?.[d] != null ? ` @${q.lod[d]}` : ""}`,
    );
    return [
      Array.isArray(q.metrics) ? q.metrics.join(", ") : "?",
      String(q.granularity ?? "?"),
      ...(q.currency ? [String(q.currency)] : []),
      ...dims,
    ].join(" · ");
  } catch {
    return text.split("\n")[0].slice(0, 120);
  }
}

export function HistoryPane() {
  const { entries, saved, save, remove, clear } = useHistory();
  const { text, setText, run } = useQueryRun();
  const [name, setName] = useState("");
  const [diffOf, setDiffOf] = useState<string | null>(null);
  // Two runs picked to compare with each other (the older on the left), in the order picked.
  const [picked, setPicked] = useState<string[]>([]);
  const pick = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-2)));
  const pair = entries.filter((e) => picked.includes(e.id)).reverse();
  const load = (t: string, andRun: boolean) => {
    setText(t);
    if (andRun) void run();
  };
  const trimmed = name.trim();
  return (
    <section className="pane history-pane" aria-label="History and saved queries">
      <div className="scroll history-body">
        <section className="history-section">
          <h3>Saved queries</h3>
          <form
            className="history-save"
            onSubmit={(e) => {
              e.preventDefault();
              if (trimmed) {
                save(trimmed, text);
                setName("");
              }
            }}
          >
            <input
              data-testid="save-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="Name for the editor's query"
              aria-label="Saved query name"
            />
            <button type="submit" className="primary" data-testid="save-query" disabled={!trimmed}>
              {saved.some((s) => s.name === trimmed) ? "Replace" : "Save"}
            </button>
          </form>
          {saved.length === 0 ? (
            <p className="muted">Nothing saved yet.</p>
          ) : (
            <ul className="history-list">
              {saved.map((s) => (
                <li key={s.name} data-testid="saved-query" data-name={s.name}>
                  <div className="history-line">
                    <strong>{s.name}</strong>
                    <span className="muted">{when(s.at)}</span>
                    <span className="spacer" />
                    <button data-testid="saved-load" onClick={() => load(s.text, false)}>
                      Load
                    </button>
                    <button data-testid="saved-run" onClick={() => load(s.text, true)}>
                      Load and run
                    </button>
                    <button data-testid="saved-delete" onClick={() => remove(s.name)}>
                      Delete
                    </button>
                  </div>
                  <div className="muted history-gist">{gist(s.text)}</div>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="history-section">
          <h3>
            Run history <span className="muted">({entries.length})</span>
            <button className="link" onClick={clear} disabled={entries.length === 0}>
              clear
            </button>
          </h3>
          {entries.length === 0 && (
            <p className="muted">Runs you start appear here, newest first; they are kept in this browser.</p>
          )}
          {entries.length > 1 && (
            <p className="muted" data-testid="history-pick-hint">
              {pair.length === 2
                ? `comparing the runs of ${when(pair[0].at)} and ${when(pair[1].at)}`
                : "tick two runs to compare them"}
            </p>
          )}
          {pair.length === 2 && (
            <Diff
              from={pair[0].text}
              to={pair[1].text}
              legend={`− ${when(pair[0].at)} · + ${when(pair[1].at)}`}
              testId="history-pair-diff"
            />
          )}
          <ul className="history-list">
            {entries.map((e) => (
              <Entry
                key={e.id}
                entry={e}
                current={text}
                diffOpen={diffOf === e.id}
                toggleDiff={() => setDiffOf(diffOf === e.id ? null : e.id)}
                picked={picked.includes(e.id)}
                togglePick={() => pick(e.id)}
                onRerun={() => load(e.text, true)}
              />
            ))}
          </ul>
        </section>
      </div>
    </section>
  );
}

function Entry({
  entry: e,
  current,
  diffOpen,
  toggleDiff,
  picked,
  togglePick,
  onRerun,
}: {
  entry: HistoryEntry;
  current: string;
  diffOpen: boolean;
  toggleDiff: () => void;
  picked: boolean;
  togglePick: () => void;
  onRerun: () => void;
}) {
  const same = e.text === current;
  return (
    <li data-testid="history-entry" data-periods={e.periods} data-rows={e.rows}>
      <div className="history-line">
        <input
          type="checkbox"
          data-testid="history-pick"
          checked={picked}
          onChange={togglePick}
          aria-label={`Compare the run of ${when(e.at)}`}
          title="Tick two runs to compare them"
        />
        <span className="muted">{when(e.at)}</span>
        <span data-testid="history-counts">
          {e.periods} period{e.periods === 1 ? "" : "s"} · {e.rows} row{e.rows === 1 ? "" : "s"} · {e.series} series ·{" "}
          {e.elapsedMs.toFixed(0)} ms
        </span>
        <span className="spacer" />
        <button data-testid="history-rerun" onClick={onRerun}>
          Re-run
        </button>
        <button
          data-testid="history-diff"
          aria-pressed={diffOpen}
          onClick={toggleDiff}
          title="Differences from the editor's query"
        >
          {same ? "Same as editor" : "Diff"}
        </button>
      </div>
      <div className="muted history-gist">{gist(e.text)}</div>
      {diffOpen && (
        <Diff from={e.text} to={current} legend="− this run · + the editor's query" testId="history-editor-diff" />
      )}
    </li>
  );
}

function Diff({ from, to, legend, testId }: { from: string; to: string; legend: string; testId: string }) {
  return (
    <div data-testid={testId}>
      <Suspense fallback={<div className="placeholder">Loading diff…</div>}>
        <HistoryDiff original={from} modified={to} legend={legend} />
      </Suspense>
    </div>
  );
}
