// The playground core's runs (src/playground: query, SQL, history, compare, profiler, shared
// links) on both backends (PGlite in this process and `npm run serve` on PostgreSQL), as the panes
// use them but without React.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineClient } from "../../src/client/EngineClient.js";
import { createCompare } from "../../src/playground/compare.js";
import { createHistory, HISTORY_KEY } from "../../src/playground/history.js";
import { createLiveFeed } from "../../src/playground/live.js";
import { createProfiler, selectedRun } from "../../src/playground/profiler.js";
import { createQueryEditor } from "../../src/playground/query.js";
import { createSqlEditor } from "../../src/playground/sql.js";
import { createShare } from "../../src/playground/share.js";
import { createStore, type ReadableStore } from "../../src/playground/store.js";
import { encodeViewState, type ChartView, type LayoutView, type TableView } from "../../src/playground/viewState.js";
import { backends } from "../support/backends.js";
import { inProcessWorker } from "../support/inProcessWorker.js";
import { agreeing } from "../support/agree.js";

const DEMO = { count: 200, seed: 7 };
const QUERY = JSON.stringify({
  start: "2024-01-01",
  end: "2025-01-01",
  granularity: "quarterly",
  metrics: ["Budget"],
  currency: "DAI",
  select: { budget: ["atlas"] },
  lod: { budget: 1 },
});

function until<T>(store: ReadableStore<T>, ok: (s: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    if (ok(store.get())) return resolve(store.get());
    const off = store.subscribe(() => ok(store.get()) && (off(), resolve(store.get())));
  });
}

/** localStorage's two methods over a Map, as the page gives the history. */
const memoryStorage = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
};

describe.each(backends())("on $name", ({ backend, start }) => {
  let client: EngineClient;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ client, stop } = await start());
    await client.boot({ ...DEMO, store: { kind: "memory" } });
  });
  afterAll(() => stop());

  describe("the query editor", () => {
    it("runs its text, keeps the last success through an error, and profiles both", async () => {
      const profiler = createProfiler();
      const q = createQueryEditor(client, profiler, QUERY);
      const expected = await client.execute(QUERY);
      const r = await q.run();
      expect(r?.results).toEqual(expected.results);
      expect(q.get()).toMatchObject({ status: "done", ranText: QUERY, error: null, runs: 1, live: false });

      q.setText(QUERY.replace('"Budget"', '"Budgett"').replace('"quarterly"', '"quartely"'));
      expect(await q.run()).toBeNull();
      const failed = q.get();
      expect(failed.status).toBe("error");
      expect(failed.error?.field).toBe("granularity");
      expect(failed.errorText).toBe(failed.text);
      // The panes keep showing the last success, and know it is not what the editor says.
      expect(failed.result?.results).toEqual(expected.results);
      expect(failed.ranText).toBe(QUERY);

      const runs = profiler.get().runs;
      expect(runs.map((x) => x.error ?? false)).toEqual([true, false]);
      expect(runs[1].summary).toBe("4 periods · 1 series");
      expect(selectedRun(profiler.get())).toBe(runs[0]);
    });

    it("re-runs the shown query live after a write; history records the user's runs only", async () => {
      const storage = memoryStorage();
      const history = createHistory(storage);
      const q = createQueryEditor(client, createProfiler(), QUERY);
      const stopHistory = history.follow(q);
      const feed = createLiveFeed(client, {
        runs: () => q.get().runs,
        running: () => q.get().status === "running",
        refresh: q.refresh,
      });
      const stopFeed = feed.start();
      const before = await q.run();
      const total = (r: typeof before) =>
        r!.results.reduce((t, p) => t + p.rows.reduce((s, row) => s + row.value, 0), 0);
      // The user edits without running: the live re-run must run the shown query, not the edit.
      q.setText("{ not json");
      await client.call("addSeries", {
        inputs: [
          {
            start: "2024-02-01",
            source: "runs/a",
            metric: "Budget",
            value: 1000,
            unit: "DAI",
            dimensions: { budget: "atlas/runs" },
          },
        ],
      });
      const after = await until(q, (s) => s.live && s.status === "done");
      expect(total(after.result) - total(before)).toBe(1000);
      expect(after.ranText).toBe(QUERY);
      expect(after.text).toBe("{ not json");
      expect(history.get().entries.map((e) => [e.text, e.runId])).toEqual([[QUERY, before!.runId]]);
      expect(JSON.parse(storage.m.get(HISTORY_KEY)!)).toEqual(history.get().entries);

      history.save("budget", QUERY);
      history.save("budget", QUERY + " ");
      expect(history.get().saved.map((s) => s.text)).toEqual([QUERY + " "]);
      // A new history over the same storage reads both lists back.
      expect(createHistory(storage).get()).toEqual(history.get());
      stopFeed();
      stopHistory();
      await client.call("clearSource", { path: "runs/a" });
    });

    it("drops the answer of a run a newer one replaced", async () => {
      const q = createQueryEditor(client, createProfiler(), QUERY);
      const first = q.run();
      q.setText(QUERY.replace("quarterly", "annual"));
      const second = q.run();
      expect(await first).toBeNull();
      expect((await second)?.results).toHaveLength(1);
      expect(q.get()).toMatchObject({ status: "done", runs: 2, ranText: q.get().text });
    });
  });

  describe("the SQL editor", () => {
    it("places a selection's error in the whole text, and `open` replaces the text and clears it", async () => {
      const profiler = createProfiler();
      const sql = createSqlEditor(client, profiler, "select 1 as one;\nselect nope;");
      await sql.run({ sql: "select nope;", offset: 17 });
      const { error } = sql.get();
      expect(error).toMatchObject({ kind: "sql", text: "select 1 as one;\nselect nope;" });
      expect(sql.get().text.slice(error!.offset!, error!.offset! + 4)).toBe("nope");

      sql.open('select count(*)::int as n from "AnalyticsSeries"');
      expect(sql.get()).toMatchObject({ error: null, openCount: 1 });
      await sql.run();
      expect(sql.get().result?.statements[0].rows).toEqual([{ n: DEMO.count }]);
      expect(sql.get().result?.selection).toBe(false);
      expect(profiler.get().runs.map((r) => r.summary)).toEqual(["SQL editor · 1 statement"]);
      // Its QueryRaw stage names the statement it ran, as a query's Query stages do.
      const [run] = profiler.get().runs;
      expect(run.statements?.map((st) => [st.index, st.sql])).toEqual([
        [-1, 'select count(*)::int as n from "AnalyticsSeries"'],
      ]);
      expect(run.timings.map((t) => [t.metric, t.logIds])).toEqual([["QueryRaw", [run.statements![0].id]]]);
    });
  });

  describe("compare", () => {
    it("runs B here or on another engine booted on the same demo, and both agree", async () => {
      const spawned: EngineClient[] = [];
      const compare = createCompare({
        client,
        backend,
        params: DEMO,
        profiler: createProfiler(),
        connect: () => {
          const other = inProcessWorker().then((w) => w.client);
          // The core boots what `connect` gives it: hand over a client that waits for its engine.
          const proxy = {
            boot: async (p: Parameters<EngineClient["boot"]>[0]) => (await other).boot(p),
            execute: async (t: string) => (await other).execute(t),
            call: async (m: "seriesCounts", p: object) => (await other).call(m, p),
          } as unknown as EngineClient;
          void other.then((c) => spawned.push(c));
          return proxy;
        },
      });
      await compare.run(QUERY);
      const here = compare.get().result!.results;
      const otherSide = backend === "tab" ? "server" : "tab";
      await compare.run(undefined, otherSide);
      expect(compare.get()).toMatchObject({ status: "done", backendB: otherSide, otherCount: DEMO.count, error: null });
      expect(agreeing(compare.get().result!.results)).toEqual(agreeing(here));
      await compare.run('{"granularity": "quarterly"}', backend);
      expect(compare.get().error).toBe('metrics: expected a list of metric names such as ["Budget"], got nothing');
      spawned.forEach((c) => c.terminate());
    });
  });

  describe("shared links", () => {
    const page = (href: string) => {
      const seen = { href, navigated: null as string | null, copied: [] as string[], tabs: [] as string[] };
      const env = {
        href: () => seen.href,
        setHash: (hash: string) => void (seen.href = seen.href.replace(/#.*$/, "") + hash),
        navigate: (url: string) => void (seen.navigated = url),
        copy: async (text: string) => (seen.copied.push(text), true),
        tabs: () => "table,sql",
        showTab: (id: string) => void seen.tabs.push(id),
      };
      return { seen, env };
    };
    const parts = () => {
      const profiler = createProfiler();
      return {
        query: createQueryEditor(client, profiler, "{}"),
        sql: createSqlEditor(client, profiler, "select 1"),
        chart: createStore<ChartView>({ kind: "line", measure: "value", top: 60, other: true }),
        table: createStore<TableView>({ filter: "", sort: null }),
        layout: createStore<LayoutView>({ top: 0.62, left: 0.34, bottomLeft: 0.6 }),
        compare: createCompare({ client, backend: "tab", params: DEMO, profiler, connect: () => client }),
      };
    };
    const engine = createStore({ status: "ready" });

    it("a copied link restores the texts, tabs, chart, table view and splitters in another page, and runs the query there", async () => {
      const a = parts();
      const { seen, env } = page("http://localhost:5173/?x=1");
      const share = createShare({
        env,
        params: { ...DEMO, store: { kind: "memory" } },
        ...a,
        defaultSql: "select 1",
        engine,
      });
      await share.restore();
      a.query.setText(QUERY);
      a.sql.setText("select 2 as two");
      a.chart.set({ kind: "bar", measure: "sum", top: 5 });
      a.table.set({ filter: "atlas", sort: { column: "sum", dir: "desc" } });
      a.layout.set({ top: 0.5, left: 0.4 });
      a.compare.setText(QUERY.replace("quarterly", "monthly"));
      a.compare.setBackendB("server");
      const link = await share.copyLink();
      expect(seen.copied).toEqual([link]);
      expect(new URL(link).searchParams.get("count")).toBe(String(DEMO.count));
      expect(share.get().copied).toEqual({ link, ok: true });

      const b = parts();
      await b.query.run();
      const other = page(link);
      const restored = createShare({
        env: other.env,
        params: { ...DEMO, store: { kind: "memory" } },
        ...b,
        defaultSql: "select 1",
        engine,
      });
      await restored.restore();
      expect(other.seen.navigated).toBeNull();
      expect([b.query.get().text, b.sql.get().text, b.chart.get(), other.seen.tabs]).toEqual([
        QUERY,
        "select 2 as two",
        { kind: "bar", measure: "sum", top: 5, other: true },
        ["table", "sql"],
      ]);
      expect([b.table.get(), b.layout.get()]).toEqual([
        { filter: "atlas", sort: { column: "sum", dir: "desc" } },
        { top: 0.5, left: 0.4, bottomLeft: 0.6 },
      ]);
      expect([b.compare.get().text, b.compare.get().backendB]).toEqual([
        QUERY.replace("quarterly", "monthly"),
        "server",
      ]);
      // The page had run its default already: the restored query runs by itself.
      const shown = await until(b.query, (s) => s.ranText === QUERY && s.status === "done");
      expect(shown.result?.results).toHaveLength(4);
    });

    it("a link to another demo size reloads with it; a damaged one says so and keeps the view", async () => {
      const a = parts();
      const link = `http://h/${await encodeViewState({ query: QUERY, dataset: { count: 5000, seed: 3 } })}`;
      const { seen, env } = page(link);
      await createShare({
        env,
        params: { ...DEMO, store: { kind: "memory" } },
        ...a,
        defaultSql: "",
        engine,
      }).restore();
      expect(new URL(seen.navigated!).search).toBe("?count=5000&seed=3");
      expect(a.query.get().text).toBe("{}");

      const damaged = page(link.slice(0, -8));
      const share = createShare({
        env: damaged.env,
        params: { ...DEMO, store: { kind: "memory" } },
        ...a,
        defaultSql: "",
        engine,
      });
      await share.restore();
      expect(share.get().problem).toMatch(/^this link's view is damaged/);
      expect([a.query.get().text, damaged.seen.navigated]).toEqual(["{}", null]);
    });
  });

  describe("the profiler's stages and statements", () => {
    it("ties each Query stage to the statement it timed, and a stage around query stages to theirs", async () => {
      const profiler = createProfiler();
      const r = (await createQueryEditor(client, profiler, QUERY).run())!;
      const [run] = profiler.get().runs;
      // The run's statements as logged, without their rows (kept for the plan pane: SQL, bindings, timing).
      expect(run.statements).toEqual(r.logs.map(({ rowsPreview: _rows, ...statement }) => statement));
      expect(run.statements?.every((s) => !("rowsPreview" in s))).toBe(true);
      const byStart = [...run.timings].sort((a, b) => a.startMs - b.startMs);
      // One statement per Query stage, in the order they ran: every statement of the run once.
      const query = byStart.filter((t) => t.metric === "Query");
      expect(query.map((t) => t.logIds)).toEqual(r.logs.map((l) => [l.id]));
      // Stages around them name exactly the statements of the Query stages inside.
      for (const t of byStart.filter((x) => x.metric !== "Query")) {
        const inside = query.filter(
          (x) => x.startMs >= t.startMs && x.startMs + x.durationMs <= t.startMs + t.durationMs,
        );
        expect(t.logIds ?? []).toEqual(inside.flatMap((x) => x.logIds!));
      }
      expect(byStart.filter((t) => t.metric !== "Query" && t.logIds).length).toBeGreaterThan(0);
    });
  });
});
