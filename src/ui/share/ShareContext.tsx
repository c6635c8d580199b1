import { useEffect, useMemo, useState, type ReactNode } from "react";
import { DEFAULT_SETTINGS } from "../../playground/chartSettings.js";
import { createShare, type Share, type ShareState as State } from "../../playground/share.js";
import { createStore, type Store } from "../../playground/store.js";
import { DEFAULT_TABLE_VIEW, type ChartView, type LayoutView, type TableView } from "../../playground/viewState.js";
import { useEngine } from "../connection/EngineContext.js";
import { makeContext } from "../hooks/context.js";
import { useLatest } from "../hooks/useLatest.js";
import { useStore } from "../hooks/useStore.js";
import { copyText } from "../layout/copy.js";
import { usePanes } from "../layout/PanesContext.js";
import { storedSizes } from "../layout/sizes.js";
import { useCompare } from "../compare/CompareContext.js";
import { useQueryRun } from "../query/QueryContext.js";
import { DEFAULT_SQL, useSqlEditor } from "../sql/SqlEditorContext.js";

type ShareState = Omit<State, "restored"> &
  Pick<Share, "copyLink" | "dismissProblem"> & {
    /** How the shown query is drawn (the chart pane's toolbar sets it): part of the link. */
    chart: Store<ChartView>;
    /** The results table's sort and filter (the table pane sets it): part of the link. */
    table: Store<TableView>;
    /** The splitters (the layout sets them): part of the link. */
    layout: Store<LayoutView>;
  };

const [ShareContextProvider, useShare] = makeContext<ShareState>("Share");
const WRITE_DELAY_MS = 300;

/** Shared links (src/playground/share.ts) over the page's address bar, clipboard and tabs. */
export function ShareProvider({ children }: { children: ReactNode }) {
  const { session, params } = useEngine();
  const { editor: query } = useQueryRun();
  const { editor: sql } = useSqlEditor();
  const { compare } = useCompare();
  const { active, show } = usePanes();
  const tabs = `${active.results},${active.tools}`;
  const panes = useLatest({ tabs, show });
  const [{ share, chart, table, layout }] = useState(() => {
    const chart = createStore<ChartView>({ ...DEFAULT_SETTINGS });
    const table = createStore<TableView>({ ...DEFAULT_TABLE_VIEW });
    const layout = createStore<LayoutView>(storedSizes());
    const share = createShare({
      env: {
        href: () => location.href,
        setHash: (hash) => history.replaceState(history.state, "", hash),
        navigate: (url) => location.replace(url),
        copy: copyText,
        tabs: () => panes.current.tabs,
        showTab: (id) => panes.current.show(id),
      },
      params,
      query,
      sql,
      chart,
      table,
      layout,
      compare,
      defaultSql: DEFAULT_SQL,
      engine: session,
    });
    return { share, chart, table, layout };
  });
  const state = useStore(share);
  useEffect(() => {
    void share.restore();
    return share.follow(WRITE_DELAY_MS);
  }, [share]);
  useEffect(() => share.tabsChanged(), [share, tabs]);
  const value = useMemo(
    () => ({
      copied: state.copied,
      problem: state.problem,
      copyLink: share.copyLink,
      dismissProblem: share.dismissProblem,
      chart,
      table,
      layout,
    }),
    [state, share, chart, table, layout],
  );
  return <ShareContextProvider value={value}>{children}</ShareContextProvider>;
}

export { useShare };
