import { useEffect, useMemo, useState } from "react";
import type { DimensionListDto } from "../../rpc/protocol.js";
import { useEngine } from "../connection/EngineContext.js";
import { usePanes } from "../layout/PanesContext.js";
import { useLive } from "../live/LiveContext.js";
import { useQueryRun } from "../query/QueryContext.js";
import "./dimensions.css";
import { revealSelect } from "./reveal.js";
import { TreeNode } from "./TreeNode.js";
import { useRemoteIcons } from "./remoteIcons.js";
import { withSelectedPath } from "./queryEdit.js";
import { buildTree, filterTree } from "./tree.js";

type Loaded = { dimensions: DimensionListDto; counts: Map<string, Map<string, number>>; settled: number };

/** Every dimension's paths as a tree with series counts; a click puts a path in the query's `select`. */
export function DimensionsPane() {
  const { client, status } = useEngine();
  const [remoteIcons, allowRemoteIcons] = useRemoteIcons();
  // Once a burst of changes is over, not between an import's batches.
  const { settled } = useLive();
  const { text, setText, run, runs } = useQueryRun();
  // Read when shown (after the first query) and again after changes, not in the background:
  // the SQL log stays the user's.
  const visible = usePanes().active.tools === "dimensions";
  const wanted = status === "ready" && runs > 0 && visible;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [filter, setFilter] = useState("");
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string } | null>(null);

  // Re-read once a burst of data changes is over: adds create paths, clears remove them.
  const loadedAt = loaded?.settled;
  useEffect(() => {
    if (!wanted || loadedAt === settled) return;
    let live = true;
    Promise.all([client.getDimensions(), client.call("getDimensionCounts", {})])
      .then(([dimensions, rows]) => {
        if (!live) return;
        const counts = new Map<string, Map<string, number>>();
        for (const r of rows) {
          if (!counts.has(r.name)) counts.set(r.name, new Map());
          counts.get(r.name)!.set(r.path, r.count);
        }
        setLoaded({ dimensions, counts, settled });
        setLoadError(null);
      })
      .catch((e: unknown) => live && setLoadError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [client, wanted, settled, loadedAt]);

  const trees = useMemo(
    () =>
      (loaded?.dimensions ?? []).map((d) => ({
        name: d.name,
        roots: buildTree(d.values, loaded?.counts.get(d.name) ?? new Map()),
      })),
    [loaded],
  );
  const shown = useMemo(
    () => trees.map((t) => ({ ...t, roots: filterTree(t.roots, filter) })).filter((t) => t.roots.length > 0),
    [trees, filter],
  );

  const pick = (dimension: string, path: string, add: boolean) => {
    const next = withSelectedPath(text, dimension, path, add);
    if ("error" in next) return setNotice({ kind: "error", text: next.error });
    setText(next.text);
    setNotice({ kind: "ok", text: `select.${dimension} ${add ? "now includes" : "is now"} "${path}"` });
    void revealSelect(next.text, dimension);
  };

  return (
    <section className="pane dimensions-pane" aria-label="Dimensions" data-loaded={loaded ? "true" : "false"}>
      <div className="toolbar">
        <strong>Dimensions</strong>
        <input
          type="search"
          placeholder="Filter paths and labels…"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label="Filter dimensions"
          data-testid="dim-filter"
        />
        <span className="hint">click: select · Shift+click: add</span>
        <label className="hint" title="Icons hosted on other sites tell those sites who views this data">
          <input
            type="checkbox"
            checked={remoteIcons}
            onChange={(e) => allowRemoteIcons(e.target.checked)}
            data-testid="remote-icons"
          />{" "}
          icons from other sites
        </label>
      </div>
      {notice && (
        <div className={`dim-notice ${notice.kind}`} role="status" data-testid="dim-notice">
          <span>{notice.text}</span>
          {notice.kind === "ok" && (
            <button className="link" onClick={() => void run()}>
              Run now
            </button>
          )}
        </div>
      )}
      <div className="scroll dim-trees">
        {loadError && <div className="error-text">{loadError}</div>}
        {!loaded && !loadError && <div className="placeholder">Loading dimensions…</div>}
        {loaded && shown.length === 0 && (
          <div className="placeholder">{filter ? "Nothing matches the filter." : "No dimensions stored."}</div>
        )}
        {shown.map((t) => (
          <div key={t.name} className="dim-tree" data-dimension={t.name}>
            <div className="dim-name">
              {t.name}{" "}
              <span className="muted">{t.roots.reduce((n, r) => n + r.count, 0).toLocaleString("en-US")} series</span>
            </div>
            <ul role="tree" aria-label={`${t.name} paths`}>
              {t.roots.map((n) => (
                <TreeNode
                  key={n.path}
                  dimension={t.name}
                  node={n}
                  depth={0}
                  forceOpen={filter.trim() !== ""}
                  onPick={pick}
                />
              ))}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}
