// Shared links, framework-free: restores a view from the address on load (the editors' texts,
// the tabs, the dataset, how the chart is drawn), keeps the address in step with the view, and
// copies a link to it. The page gives it the address bar, the clipboard and the panes.
import type { BootParams, StoreSpec } from "../rpc/protocol.js";
import type { ChartView, LayoutView, TableView } from "./viewState.js";
import { decodeViewState, encodeViewState, type ViewState } from "./viewState.js";
import { createStore, type ReadableStore, type Store } from "./store.js";

export type ShareState = {
  /** The address has been read (and its view applied): from now on the address follows the view. */
  restored: boolean;
  /** The last copied link, and whether the clipboard took it. */
  copied: { link: string; ok: boolean } | null;
  /** Why a link's view could not be restored (damaged hash), until dismissed. */
  problem: string | null;
};

/** The page around the view: its address, clipboard and tabs. */
type ShareEnv = {
  href(): string;
  /** Replaces the hash without a new history entry. */
  setHash(hash: string): void;
  /** Loads another address (a different demo size boots another dataset). */
  navigate(url: string): void;
  copy(text: string): Promise<boolean>;
  /** The shown tabs, `results,tools`. */
  tabs(): string;
  showTab(id: string): void;
};

type Text = ReadableStore<{ text: string }> & { setText(text: string): void };

export type ShareOptions = {
  env: ShareEnv;
  params: Pick<BootParams, "count" | "seed"> & { store: StoreSpec };
  query: ReadableStore<{ text: string; runs: number; status: string }> & {
    setText(text: string): void;
    run(): Promise<unknown>;
  };
  sql: Text;
  chart: Store<ChartView>;
  /** The results table's sort and filter. */
  table: Store<TableView>;
  /** The splitters. */
  layout: Store<LayoutView>;
  compare: ReadableStore<{ text: string; backendB: "tab" | "server" }> & {
    setText(text: string): void;
    setBackendB(backend: "tab" | "server"): void;
  };
  /** The SQL editor's text that a link leaves out (the default). */
  defaultSql: string;
  /** The engine session: a restored query runs once it is ready. */
  engine: ReadableStore<{ status: string }>;
};

export interface Share extends ReadableStore<ShareState> {
  /** Reads the address and applies its view; resolves when done (also when it had none). */
  restore(): Promise<void>;
  viewState(): ViewState;
  /** Writes the view to the address, after a pause so typing does not flood the history API. */
  follow(delayMs: number): () => void;
  /** The tabs changed (the page tells; they are not in the core). */
  tabsChanged(): void;
  copyLink(): Promise<string>;
  dismissProblem(): void;
}

export function createShare(options: ShareOptions): Share {
  const { env, params, query, sql, chart, table, layout, compare, defaultSql, engine } = options;
  const store = createStore<ShareState>({ restored: false, copied: null, problem: null });
  const demo = params.store.kind === "memory";
  const tabListeners = new Set<() => void>();

  const viewState = (): ViewState => ({
    query: query.get().text,
    ...(sql.get().text !== defaultSql ? { sql: sql.get().text } : {}),
    tab: env.tabs(),
    // An IndexedDB database is not a demo size: its view carries no dataset (nor reloads into one).
    ...(demo ? { dataset: { count: params.count, seed: params.seed } } : {}),
    chart: chart.get(),
    ...(compare.get().text ? { compare: { text: compare.get().text, backend: compare.get().backendB } } : {}),
    ...(table.get().filter !== "" || table.get().sort ? { table: table.get() } : {}),
    layout: layout.get(),
  });

  const withDataset = (url: URL, dataset: ViewState["dataset"]) => {
    if (!dataset) return url;
    url.searchParams.set("count", String(dataset.count));
    url.searchParams.set("seed", String(dataset.seed));
    return url;
  };

  return {
    get: store.get,
    subscribe: store.subscribe,
    viewState,
    async restore() {
      let state: ViewState | null = null;
      try {
        state = await decodeViewState(new URL(env.href()).hash);
      } catch (e) {
        store.set({ problem: e instanceof Error ? e.message : String(e) });
      }
      if (state) {
        const { dataset } = state;
        if (dataset && demo && (dataset.count !== params.count || dataset.seed !== params.seed)) {
          env.navigate(withDataset(new URL(env.href()), dataset).toString());
          return;
        }
        query.setText(state.query);
        if (state.sql !== undefined) sql.setText(state.sql);
        if (state.chart) chart.set(state.chart);
        if (state.table) table.set(state.table);
        if (state.layout) layout.set(state.layout);
        if (state.compare) {
          compare.setText(state.compare.text);
          compare.setBackendB(state.compare.backend);
        }
        for (const id of state.tab?.split(",") ?? []) env.showTab(id);
        // The first run picks the restored text up by itself unless it has started already.
        const { runs, status } = query.get();
        if (runs > 0 || status === "running") runWhenReady();
      }
      store.set({ restored: true });
    },
    follow(delayMs) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let written = 0;
      const write = () => {
        if (!store.get().restored) return;
        clearTimeout(timer);
        const mine = ++written;
        timer = setTimeout(() => {
          // The address bar leaves the splitters out: they are this browser's (kept in its storage),
          // and a reload before a pending write would otherwise put back the old ones. A copied link carries them.
          const { layout: _own, ...view } = viewState();
          void encodeViewState(view).then((hash) => {
            if (mine === written && new URL(env.href()).hash !== hash) env.setHash(hash);
          });
        }, delayMs);
      };
      tabListeners.add(write);
      const offs = [query, sql, chart, table, layout, compare, store].map((s) => s.subscribe(write));
      return () => {
        clearTimeout(timer);
        written++;
        tabListeners.delete(write);
        offs.forEach((off) => off());
      };
    },
    tabsChanged: () => tabListeners.forEach((l) => l()),
    async copyLink() {
      const state = viewState();
      const hash = await encodeViewState(state);
      const url = withDataset(new URL(env.href()), state.dataset);
      url.hash = hash;
      const link = url.toString();
      if (new URL(env.href()).hash !== hash) env.setHash(hash);
      store.set({ copied: { link, ok: await env.copy(link) } });
      return link;
    },
    dismissProblem: () => store.set({ problem: null }),
  };

  /** A restored link's run waits for the engine and for the run in flight. */
  function runWhenReady() {
    const ok = () => engine.get().status === "ready" && query.get().status !== "running";
    if (ok()) return void query.run();
    const offs = [engine.subscribe(go), query.subscribe(go)];
    function go() {
      if (!ok()) return;
      offs.forEach((off) => off());
      void query.run();
    }
  }
}
