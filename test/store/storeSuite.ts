import { DateTime } from "luxon";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AnalyticsGranularity,
  AnalyticsInputError,
  AnalyticsPath,
  AnalyticsQueryEngine,
  AnalyticsPathSegment,
  AnalyticsProfiler,
  toPascalCase,
  type AnalyticsQuery,
  type AnalyticsSeriesInput,
  type AnalyticsSeriesQuery,
  type KnexAnalyticsStore,
  type SqlQueryLogger,
  type SqlResultsLogger,
  type IAnalyticsProfiler,
  type RawResult,
} from "../../src/engine/index.js";

const path = (p: string) => AnalyticsPath.fromString(p);

/** Budget totals in DAI by `budget` path at LOD 2. */
export const BUDGET_TOTALS: AnalyticsQuery = {
  start: null,
  end: null,
  granularity: AnalyticsGranularity.Total,
  metrics: ["Budget"],
  currency: path("DAI"),
  select: { budget: [path("atlas")] },
  lod: { budget: 2 },
};
const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });

/** A store on some database, plus direct access to that database for setting up and checking. */
type TestStore = KnexAnalyticsStore & {
  init(): Promise<void>;
  raw(sql: string): Promise<RawResult>;
  destroy(): Promise<void>;
};
export type Backend = {
  name: string;
  /** A store on the backend's one database; several calls share it. */
  store(loggers: {
    queryLogger?: SqlQueryLogger;
    resultsLogger?: SqlResultsLogger;
    profiler?: IAnalyticsProfiler;
  }): Promise<TestStore>;
  exec(sql: string): Promise<void>;
  query<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
};

/**
 * The store's behaviour, run on every backend (PGlite and PostgreSQL): the same statements must
 * give the same results on both.
 */
export function describeStore(open: () => Promise<Backend>) {
  // One database for the file (cold start takes seconds); each test starts from empty tables.
  let backend: Backend;
  let store: TestStore;
  const log: { queries: [number, string][]; results: [number, unknown][]; metrics: string[] } = {
    queries: [],
    results: [],
    metrics: [],
  };
  const db = {
    exec: (sql: string) => backend.exec(sql),
    query: async <T>(sql: string) => ({ rows: await backend.query<T>(sql) }),
  };

  beforeAll(async () => {
    backend = await open();
    store = await backend.store({
      queryLogger: (i, q) => log.queries.push([i, q]),
      resultsLogger: (i, r) => log.results.push([i, r]),
      profiler: new AnalyticsProfiler("test", (m) => log.metrics.push(m)),
    });
    await store.init();
  });
  afterAll(async () => {
    await store.destroy();
    await backend.close();
  });
  beforeEach(async () => {
    await db.exec(
      `truncate "AnalyticsSeries", "AnalyticsDimension", "AnalyticsSeries_AnalyticsDimension" restart identity`,
    );
    log.queries.length = log.results.length = log.metrics.length = 0;
  });

  const input = (over: Partial<AnalyticsSeriesInput> = {}): AnalyticsSeriesInput => ({
    start: utc("2023-01-01"),
    source: path("powerhouse/test"),
    metric: "budget",
    value: 100,
    unit: "DAI",
    dimensions: { budget: path("atlas/a/x"), category: path("atlas/headcount") },
    ...over,
  });
  const query = (over: Partial<AnalyticsSeriesQuery> = {}): AnalyticsSeriesQuery => ({
    start: null,
    end: null,
    metrics: ["Budget"],
    select: { budget: [path("atlas")] },
    ...over,
  });
  const count = async (table: string) =>
    (await db.query<{ n: number }>(`select count(*)::int as n from "${table}"`)).rows[0].n;

  describe("addSeriesValues", () => {
    it("stores metric PascalCase, fn Single by default, paths with a trailing slash, shared dimension rows", async () => {
      await store.addSeriesValues([input({ metric: "payments on chain" }), input({ value: 5, unit: null })]);
      const rows = (
        await db.query<Record<string, unknown>>(
          `select source, metric, value, unit, fn, params from "AnalyticsSeries" order by id`,
        )
      ).rows;
      expect(rows).toEqual([
        { source: "powerhouse/test/", metric: "PaymentsOnChain", value: 100, unit: "DAI", fn: "Single", params: null },
        { source: "powerhouse/test/", metric: "Budget", value: 5, unit: null, fn: "Single", params: null },
      ]);
      const dims = (await db.query(`select dimension, path from "AnalyticsDimension" order by id`)).rows;
      expect(dims).toEqual([
        { dimension: "budget", path: "atlas/a/x/" },
        { dimension: "category", path: "atlas/headcount/" },
      ]);
      expect(await count("AnalyticsSeries_AnalyticsDimension")).toBe(4);
    });

    it("stores text, instants, values and params exactly (binary COPY in PGlite, arrays elsewhere)", async () => {
      // Non-ASCII, quotes, separators and a long path (the COPY buffer grows past its first guess).
      const odd = `ü日本 "q" 'a' \\b, x\ty\nz 🚀`;
      await store.addSeriesValues([
        input({
          source: path(`src/${AnalyticsPathSegment.escape(odd)}/${"s".repeat(1500)}`),
          metric: `m ${odd}`,
          unit: odd,
          start: "1970-01-01T00:00:00.000Z",
          value: -1e300,
        }),
        input({ start: "2100-12-31T23:59:59.999Z", value: 5e-324, unit: null }),
        input({
          start: "1999-12-31T23:59:59.999Z",
          end: "2000-01-01T00:00:00.001Z",
          fn: "DssVest",
          value: 0.1 + 0.2,
          params: { cliff: "2000-01-01", note: odd, n: [1, { k: null }] },
        }),
      ]);
      const rows = (
        await db.query<Record<string, unknown>>(
          `select source, metric, unit, to_char(start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') as start, to_char("end" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') as "end", value, fn, params from "AnalyticsSeries" order by id`,
        )
      ).rows;
      expect(rows).toEqual([
        {
          source: `src/${AnalyticsPathSegment.escape(odd)}/${"s".repeat(1500)}/`,
          metric: toPascalCase(`m ${odd}`),
          unit: odd,
          start: "1970-01-01T00:00:00.000",
          end: null,
          value: -1e300,
          fn: "Single",
          params: null,
        },
        {
          source: "powerhouse/test/",
          metric: "Budget",
          unit: null,
          start: "2100-12-31T23:59:59.999",
          end: null,
          value: 5e-324,
          fn: "Single",
          params: null,
        },
        {
          source: "powerhouse/test/",
          metric: "Budget",
          unit: "DAI",
          start: "1999-12-31T23:59:59.999",
          end: "2000-01-01T00:00:00.001",
          value: 0.1 + 0.2,
          fn: "DssVest",
          params: { cliff: "2000-01-01T00:00:00.000Z", note: odd, n: [1, { k: null }] },
        },
      ]);
    });

    it("keeps values exact (double precision, not real)", async () => {
      await store.addSeriesValue(input({ value: 0.1 }));
      const [s] = await store.getMatchingSeries(query());
      expect(s.value).toBe(0.1);
    });

    it("applies dimension metadata to the input's own dimension row", async () => {
      await store.addSeriesValue(
        input({
          dimensionMetadata: {
            path: "atlas/a/x",
            label: "Team X",
            icon: "https://x.test/i.png",
            description: "The X team",
          },
        }),
      );
      const dims = await store.getDimensions();
      expect(dims).toEqual([
        {
          name: "budget",
          values: [{ path: "atlas/a/x", icon: "https://x.test/i.png", label: "Team X", description: "The X team" }],
        },
        { name: "category", values: [{ path: "atlas/headcount", icon: "", label: "", description: "" }] },
      ]);
    });

    it("is atomic: one bad input fails the batch with its index and field, and nothing is stored", async () => {
      await store.addSeriesValue(input());
      const batch = [input(), input(), input(), input({ value: Number.NaN }), input()];
      await expect(store.addSeriesValues(batch)).rejects.toThrow(
        "inputs[3].value: value must be a finite number, got NaN",
      );
      await expect(store.addSeriesValues([input(), input({ fn: "DssVest" })])).rejects.toThrow(
        "inputs[1].end: a DssVest series vests from start to end; give an end",
      );
      await expect(store.addSeriesValues([input({ start: "2023-02-30" })])).rejects.toBeInstanceOf(AnalyticsInputError);
      expect([
        await count("AnalyticsSeries"),
        await count("AnalyticsDimension"),
        await count("AnalyticsSeries_AnalyticsDimension"),
      ]).toEqual([1, 2, 2]);
    });

    it("rolls back a batch that fails inside the database", async () => {
      await store.addSeriesValue(input());
      await db.exec(`alter table "AnalyticsSeries" add constraint small_values check (value < 1000)`);
      try {
        await expect(
          store.addSeriesValues([input({ dimensions: { budget: path("atlas/new") } }), input({ value: 5000 })]),
        ).rejects.toThrow(/small_values/);
      } finally {
        await db.exec(`alter table "AnalyticsSeries" drop constraint small_values`);
      }
      expect([
        await count("AnalyticsSeries"),
        await count("AnalyticsDimension"),
        await count("AnalyticsSeries_AnalyticsDimension"),
      ]).toEqual([1, 2, 2]);
    });

    it("writes a batch in a few statements, not several per series (upstream fault 5)", async () => {
      const batch = Array.from({ length: 1000 }, (_, i) =>
        input({
          value: i,
          dimensions: { budget: path(`atlas/a/t${i % 50}`) },
          dimensionMetadata: { path: `atlas/a/t${i % 50}`, label: `T${i % 50}` },
        }),
      );
      await store.addSeriesValues(batch);
      expect(await count("AnalyticsSeries")).toBe(1000);
      expect(await count("AnalyticsDimension")).toBe(50);
      expect(log.queries.length).toBeLessThanOrEqual(7);
    });

    it("notifies subscribers of the sources after commit, not for failed batches", async () => {
      const seen: string[] = [];
      const off = store.subscribeToSource(path("powerhouse"), (p) => seen.push(p.toString()));
      await store.addSeriesValues([
        input({ source: path("powerhouse/a") }),
        input({ source: path("powerhouse/b") }),
        input({ source: path("other/c") }),
      ]);
      await expect(store.addSeriesValue(input({ source: path("powerhouse/z"), value: Infinity }))).rejects.toThrow(
        "inputs[0].value",
      );
      off();
      await store.addSeriesValue(input({ source: path("powerhouse/after") }));
      expect(seen).toEqual(["powerhouse/a", "powerhouse/b"]);
    });
  });

  describe("getMatchingSeries", () => {
    beforeEach(async () => {
      await store.addSeriesValues([
        input({
          value: 1,
          dimensions: { budget: path("atlas/a"), category: path("c/1") },
          dimensionMetadata: [
            { path: "atlas/a", label: "A", icon: "https://a.test/a.png", description: "budget A" },
            { path: "c/1", label: "C1", description: "category 1" },
          ],
        }),
        input({ value: 2, dimensions: { budget: path("atlas/a/b"), category: path("c/2") } }),
        input({ value: 3, dimensions: { budget: path("atlas/ab"), category: path("c/1") } }),
        input({ value: 4, unit: "MKR", dimensions: { budget: path("atlas/a"), category: path("c/1") } }),
        input({ value: 5, metric: "Actuals", dimensions: { budget: path("atlas/a") } }),
        input({ value: 6, start: utc("2024-01-01"), dimensions: { budget: path("atlas/a") } }),
        input({ value: 7, dimensions: { category: path("c/1") } }),
        input({ value: 8, dimensions: { budget: path("atlas/100%_x") } }),
        input({ value: 9, dimensions: { budget: path("atlas/1000_xx") } }),
      ]);
      log.queries.length = 0;
    });
    const values = async (q: Partial<AnalyticsSeriesQuery>) =>
      (await store.getMatchingSeries(query(q))).map((s) => s.value);

    it("matches paths on segment boundaries: atlas/a matches atlas/a/b, not atlas/ab", async () => {
      expect(await values({ select: { budget: [path("atlas/a")] } })).toEqual([1, 2, 4, 6]);
      expect(await values({ select: { budget: [path("atlas/ab"), path("atlas/a/b")] } })).toEqual([2, 3]);
    });

    it("treats % and _ literally (upstream fault 3)", async () => {
      expect(await values({ select: { budget: [path("atlas/100%_x")] } })).toEqual([8]);
      expect(await values({ select: { budget: [path("atlas/1000_x")] } })).toEqual([]);
      expect(await values({ select: { budget: [path("atlas/%")] } })).toEqual([]);
    });

    it("filters metrics, units by the currency's first segment, and start < end", async () => {
      expect(await values({ metrics: ["Budget", "actuals"] })).toEqual([1, 2, 3, 4, 5, 8, 9, 6]);
      expect(await values({ currency: path("MKR") })).toEqual([4]);
      expect(await values({ currency: path("DAI,MKR") })).toEqual([1, 2, 3, 4, 8, 9, 6]);
      expect(await values({ currency: path("*") })).toEqual([1, 2, 3, 4, 8, 9, 6]);
      expect(await values({ end: utc("2024-01-01") })).toEqual([1, 2, 3, 4, 8, 9]);
    });

    it("leaves out series lacking a selected dimension and requires every selected dimension", async () => {
      expect(await values({ select: { category: [path("c")] } })).toEqual([1, 2, 3, 4, 7]);
      expect(await values({ select: { budget: [path("atlas")], category: [path("c/1")] } })).toEqual([1, 3, 4]);
    });

    it("gives each dimension its own path, icon, label and description (upstream fault 2)", async () => {
      const [s] = await store.getMatchingSeries(
        query({ select: { budget: [path("atlas/a")], category: [path("c/1")] } }),
      );
      expect(s.dimensions.budget).toEqual({
        path: path("atlas/a"),
        icon: "https://a.test/a.png",
        label: "A",
        description: "budget A",
      });
      expect(s.dimensions.category).toEqual({ path: path("c/1"), icon: "", label: "C1", description: "category 1" });
      expect(s.source.toString()).toBe("powerhouse/test");
      expect(s.start.toISO()).toBe("2023-01-01T00:00:00.000Z");
    });

    it("runs one set-based statement plus one for metadata, with no correlated subquery (upstream fault 6)", async () => {
      const q = query({ select: { budget: [path("atlas")], category: [path("c")] } });
      await store.getMatchingSeries(q); // the first read after writes may ANALYZE first
      log.queries.length = 0;
      await store.getMatchingSeries(q);
      expect(log.queries.map(([i]) => i)).toEqual([expect.any(Number), expect.any(Number)]);
      const [, sql] = log.queries[0];
      expect(sql).toContain("starts_with");
      expect(sql).not.toMatch(/\blike\b/i);
      const plan = (await db.query<{ "QUERY PLAN": string }>(`explain ${sql}`)).rows
        .map((r) => r["QUERY PLAN"])
        .join("\n");
      expect(plan).not.toContain("SubPlan");
    });

    it("rejects bad queries naming the field", async () => {
      await expect(store.getMatchingSeries(query({ metrics: [] }))).rejects.toThrow(
        'metrics: list at least one metric, e.g. ["Budget"]',
      );
      await expect(
        store.getMatchingSeries(query({ start: utc("2024-01-01"), end: utc("2023-01-01") })),
      ).rejects.toThrow("end: end (2023-01-01) must be after start (2024-01-01)");
    });
  });

  describe("clearing", () => {
    it("clearSeriesBySource deletes the subtree, returns the count, and unlinks (upstream fault 4)", async () => {
      await store.addSeriesValues([
        input({ source: path("p/a") }),
        input({ source: path("p/a/b") }),
        input({ source: path("p/ab") }),
        input({ source: path("q") }),
      ]);
      const calls: string[] = [];
      store.subscribeToSource(path("p/a/b"), (p) => calls.push(p.toString()));
      expect(await store.clearSeriesBySource(path("p/a"))).toBe(2);
      expect(calls).toEqual(["p/a"]);
      expect(await count("AnalyticsSeries")).toBe(2);
      expect(await count("AnalyticsSeries_AnalyticsDimension")).toBe(4);
      expect(await store.clearSeriesBySource(path("nothing/here"))).toBe(0);
    });

    it("clearEmptyAnalyticsDimensions removes unlinked dimensions and says how many; cleanUp does it on clear", async () => {
      await store.addSeriesValues([
        input({ source: path("p/a"), dimensions: { budget: path("only/a") } }),
        input({ source: path("p/b") }),
      ]);
      await store.clearSeriesBySource(path("p/a"));
      expect(await store.clearEmptyAnalyticsDimensions()).toBe(1);
      expect(await store.clearEmptyAnalyticsDimensions()).toBe(0);
      await store.clearSeriesBySource(path("p"), true);
      expect([await count("AnalyticsSeries"), await count("AnalyticsDimension")]).toEqual([0, 0]);
    });

    it("clearing dimensions deletes the dimension sets no series names, and keeps the others", async () => {
      const budget = (p: string, source = "s/keep") => input({ source: path(source), dimensions: { budget: path(p) } });
      await store.addSeriesValues([budget("atlas/x"), budget("atlas/y", "s/gone"), budget("atlas/z", "s/gone")]);
      await store.addSeriesValue(budget("atlas/x", "s/gone"));
      expect(await count("AnalyticsDimensionSet")).toBe(3);
      await store.clearSeriesBySource(path("s/gone"));
      // Clearing series alone keeps the sets (and the rows), as upstream keeps the rows.
      expect([await count("AnalyticsDimensionSet"), await count("AnalyticsDimension")]).toEqual([3, 3]);
      expect(await store.clearEmptyAnalyticsDimensions()).toBe(2);
      expect([await count("AnalyticsDimensionSet"), await count("AnalyticsDimension")]).toEqual([1, 1]);
      // The set of atlas/x is still the one its series names, and reads go on through the sets.
      await store.addSeriesValue(budget("atlas/x", "s/new"));
      expect(await count("AnalyticsDimensionSet")).toBe(1);
      const out = await new AnalyticsQueryEngine(store).execute(BUDGET_TOTALS);
      expect(out.flatMap((p) => p.rows.map((r) => [r.dimensions.budget.path.toString(), r.sum]))).toEqual([
        ["atlas/x", 200],
      ]);
      await store.clearSeriesBySource(path("s"), true);
      expect(await count("AnalyticsDimensionSet")).toBe(0);
    });
  });

  describe("logging, profiling, raw and sharing", () => {
    it("logs every statement before and its rows after with the same index; raw uses -1", async () => {
      await store.addSeriesValue(input());
      await store.getMatchingSeries(query());
      const rows = await store.raw(`select 1 as a; select metric, value from "AnalyticsSeries"`);
      expect(rows).toEqual([{ metric: "Budget", value: 100 }]);
      expect(log.queries.map(([i]) => i)).toEqual(log.results.map(([i]) => i));
      expect(log.queries.at(-1)).toEqual([-1, `select 1 as a; select metric, value from "AnalyticsSeries"`]);
      const indices = log.queries.map(([i]) => i).slice(0, -1);
      expect(indices).toEqual(indices.map((_, k) => indices[0] + k));
      expect(new Set(log.metrics)).toEqual(new Set(["test.Query", "test.QueryRaw"]));
    });

    it("raw surfaces Postgres errors with their position", async () => {
      await expect(store.raw("select * from nowhere")).rejects.toMatchObject({
        message: 'relation "nowhere" does not exist',
        position: "15",
      });
    });

    it("init is idempotent and a second store on the same database sees and keeps the rows", async () => {
      await store.addSeriesValue(input());
      await store.init();
      const other = await backend.store({});
      await other.init();
      expect((await other.getMatchingSeries(query())).map((s) => s.value)).toEqual([100]);
      await other.addSeriesValue(input({ value: 7 }));
      expect((await store.getMatchingSeries(query())).map((s) => s.value)).toEqual([100, 7]);
      await other.destroy();
    });
  });

  describe("dimension sets", () => {
    const valid = async () =>
      (await backend.query<{ valid: boolean }>(`select valid from "AnalyticsDimensionSetState"`))[0].valid;
    /** Budget totals by `budget` path at LOD 2, and whether the sets are valid afterwards. */
    const totals = async () => {
      const out = await new AnalyticsQueryEngine(store).execute(BUDGET_TOTALS);
      const rows = out.flatMap((p) => p.rows.map((r) => [r.dimensions.budget.path.toString(), r.sum]));
      return { rows, valid: await valid() };
    };
    /** Series whose set is not the set of their links' dimension rows. */
    const wrongSets = async () =>
      (
        await backend.query<{ n: number }>(
          `select count(*)::int as n from "AnalyticsSeries" s
           left join "AnalyticsDimensionSet" d on d.id = s."dimensionSet"
           where d."dimensionIds" is distinct from (select array_agg(distinct "dimensionId" order by "dimensionId")
             from "AnalyticsSeries_AnalyticsDimension" where "seriesId" = s.id)`,
        )
      )[0].n;
    const rebuilds = () =>
      log.queries.filter(([, q]) => /update "AnalyticsSeries" s set "dimensionSet"/.test(q)).length;

    it("are kept by the store's own writes and clears: small, bulk, and with no dimensions", async () => {
      // The TRUNCATE before each test, written past the store, left them stale: a read rebuilds them.
      expect(await totals()).toEqual({ rows: [], valid: true });
      log.queries.length = 0;
      const bulk = Array.from({ length: 300 }, (_, i) =>
        input({ value: i, dimensions: { budget: path(`atlas/t${i % 7}`), category: path(`c/${i % 3}`) } }),
      );
      await store.addSeriesValues(bulk);
      await store.addSeriesValue(input({ value: 1, dimensions: { budget: path("atlas/t1"), category: path("c/1") } }));
      await store.addSeriesValue(input({ value: 2, dimensions: {} }));
      await store.addSeriesValue(input({ source: path("gone"), dimensions: { budget: path("atlas/x") } }));
      expect(await store.clearSeriesBySource(path("gone"))).toBe(1);
      expect(await wrongSets()).toBe(0);
      // 21 sets of two dimension rows; none for the series without dimensions.
      expect(
        await backend.query(
          `select count(distinct "dimensionSet")::int as sets, (count(*) - count("dimensionSet"))::int as none from "AnalyticsSeries"`,
        ),
      ).toEqual([{ sets: 21, none: 1 }]);
      const t = await totals();
      expect(t.valid).toBe(true);
      expect(t.rows).toEqual(
        [0, 1, 2, 3, 4, 5, 6].map((k) => [
          `atlas/t${k}`,
          bulk.filter((_, i) => i % 7 === k).reduce((a, b) => a + b.value, 0) + (k === 1 ? 1 : 0),
        ]),
      );
      expect(rebuilds()).toBe(0);
    });

    it("written past the store (a changed link, a series by hand) are rebuilt at the next read, which counts them", async () => {
      await store.addSeriesValues([
        input({ value: 10, dimensions: { budget: path("atlas/a") } }),
        input({ value: 20, dimensions: { budget: path("atlas/b") } }),
      ]);
      expect(await totals()).toEqual({
        rows: [
          ["atlas/a", 10],
          ["atlas/b", 20],
        ],
        valid: true,
      });
      // Series 1 moves to atlas/b; a series written by hand (no set) joins atlas/a.
      await db.exec(`update "AnalyticsSeries_AnalyticsDimension" set "dimensionId" = 2 where "seriesId" = 1`);
      await db.exec(`insert into "AnalyticsSeries" (id, source, start, metric, value, unit, fn)
        values (3, 'powerhouse/test/', '2023-01-01T00:00:00Z', 'Budget', 5, 'DAI', 'Single')`);
      await db.exec(`insert into "AnalyticsSeries_AnalyticsDimension" values (3, 1)`);
      expect(await valid()).toBe(false);
      log.queries.length = 0;
      const moved = {
        rows: [
          ["atlas/a", 5],
          ["atlas/b", 30],
        ],
        valid: true,
      };
      expect(await totals()).toEqual(moved);
      expect(rebuilds()).toBe(1);
      expect(await wrongSets()).toBe(0);
      // Valid again: the next read does not rebuild.
      expect(await totals()).toEqual(moved);
      expect(rebuilds()).toBe(1);
    });
  });
}
