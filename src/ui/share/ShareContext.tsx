import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { useEngine } from "../connection/EngineContext.js";
import { copyText } from "../layout/copy.js";
import { usePanes } from "../layout/PanesContext.js";
import { useQueryRun } from "../query/QueryContext.js";
import { DEFAULT_SQL, useSqlEditor } from "../sql/SqlEditorContext.js";
import { decodeViewState, encodeViewState, type ViewState } from "./urlState.js";
import { useLatest } from "../hooks/useLatest.js";

type ShareState = {
  /** Copies a link to the current view (editor text, SQL, tabs, dataset) and returns it. */
  copyLink: () => Promise<string>;
  /** The last copied link, and whether the clipboard took it. */
  copied: { link: string; ok: boolean } | null;
  /** Why a link's view could not be restored (damaged hash), until dismissed. */
  problem: string | null;
  dismissProblem: () => void;
};

const ShareContext = createContext<ShareState | null>(null);
const WRITE_DELAY_MS = 300;

/**
 * Keeps the URL hash in step with the view (`#v1=…`, see urlState.ts) and restores a view from
 * it on load: the texts, the tabs and the dataset (a different dataset reloads with `?count=&seed=`,
 * as the dataset picker does). The restored query is what the first run shows.
 */
export function ShareProvider({ children }: { children: ReactNode }) {
  const { params, status: engineStatus } = useEngine();
  const query = useQueryRun();
  const sql = useSqlEditor();
  const { active, show } = usePanes();
  const [restored, setRestored] = useState(false);
  const [pendingRun, setPendingRun] = useState(false);
  const [copied, setCopied] = useState<ShareState["copied"]>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const tabs = `${active.results},${active.tools}`;
  const latest = useLatest({ query, sql, show, params });

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      let state: ViewState | null = null;
      try {
        state = await decodeViewState(location.hash);
      } catch (e) {
        if (!cancelled) setProblem(e instanceof Error ? e.message : String(e));
      }
      if (cancelled) return;
      const { query, sql, show, params } = latest.current;
      if (state) {
        // The demo size applies to the in-memory store only: an IndexedDB database has its own rows.
        if (
          state.dataset &&
          params.store.kind === "memory" &&
          (state.dataset.count !== params.count || state.dataset.seed !== params.seed)
        ) {
          const url = new URL(location.href);
          url.searchParams.set("count", String(state.dataset.count));
          url.searchParams.set("seed", String(state.dataset.seed));
          location.replace(url);
          return;
        }
        query.setText(state.query);
        if (state.sql !== undefined) sql.setText(state.sql);
        for (const id of state.tab?.split(",") ?? []) show(id);
        // The first run picks the restored text up by itself unless it has started already.
        if (query.runs > 0 || query.status === "running") setPendingRun(true);
      }
      setRestored(true);
    })();
    return () => {
      cancelled = true;
    };
  }, [latest]);

  const { status: queryStatus, run: runQuery } = query;
  useEffect(() => {
    if (!pendingRun || engineStatus !== "ready" || queryStatus === "running") return;
    // A restored link's run waits for the engine; the flag is cleared as the run starts.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setPendingRun(false);
    void runQuery();
  }, [pendingRun, engineStatus, queryStatus, runQuery]);

  const viewState = useCallback((): ViewState => {
    const { query, sql, params } = latest.current;
    // An IndexedDB database is not a demo size: its view carries no dataset (nor reloads into one).
    const dataset = params.store.kind === "memory" ? { dataset: { count: params.count, seed: params.seed } } : {};
    return { query: query.text, ...(sql.text !== DEFAULT_SQL ? { sql: sql.text } : {}), tab: tabs, ...dataset };
  }, [latest, tabs]);

  // The address bar follows the view, so reloading or bookmarking keeps it.
  useEffect(() => {
    if (!restored) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      void encodeViewState(viewState()).then((hash) => {
        if (!cancelled && location.hash !== hash) history.replaceState(history.state, "", hash);
      });
    }, WRITE_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [restored, viewState, query.text, sql.text, tabs, params]);

  const copyLink = useCallback(async () => {
    const state = viewState();
    const hash = await encodeViewState(state);
    const url = new URL(location.href);
    if (state.dataset) {
      url.searchParams.set("count", String(state.dataset.count));
      url.searchParams.set("seed", String(state.dataset.seed));
    }
    url.hash = hash;
    const link = url.toString();
    if (location.hash !== hash) history.replaceState(history.state, "", hash);
    setCopied({ link, ok: await copyText(link) });
    return link;
  }, [viewState]);

  const dismissProblem = useCallback(() => setProblem(null), []);
  return (
    <ShareContext.Provider value={{ copyLink, copied, problem, dismissProblem }}>{children}</ShareContext.Provider>
  );
}

export function useShare(): ShareState {
  const ctx = useContext(ShareContext);
  if (!ctx) throw new Error("useShare outside ShareProvider");
  return ctx;
}
