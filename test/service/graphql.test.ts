// The analytics subgraph over the RPC, on both backends (the tab's PGlite in this process, its
// replies copied through JSON, and `npm run serve` on PostgreSQL over a WebSocket): documents with
// inline arguments and with variables get the response a GraphQL server sends, equal to the
// engine's results in Node for the same filter.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalyticsQueryEngine, MemoryAnalyticsStore } from "../../src/engine/index.js";
import { RpcError, type EngineClient } from "../../src/client/EngineClient.js";
import { toResultsDto } from "../../src/service/dto.js";
import type { QueryJson } from "../../src/rpc/protocol.js";
import { queryFromJson } from "../../src/service/queryJson.js";
import { backends } from "../support/backends.js";
import { nodeStore } from "../support/nodeStore.js";
import {
  LEGACY_FILTER,
  LEGACY_INLINE,
  LEGACY_QUERY,
  SERIES_SELECTION,
  subgraphPeriods,
} from "../support/graphqlExpected.js";
import { agreeing } from "../support/agree.js";

const COUNT = 300;
const SEED = 3;

describe.each(backends(<T>(m: T) => JSON.parse(JSON.stringify(m)) as T))("on $name", ({ start }) => {
  let client: EngineClient;
  let stop: () => Promise<void>;
  let store: MemoryAnalyticsStore;
  let engine: AnalyticsQueryEngine;

  beforeAll(async () => {
    ({ client, stop } = await start());
    [{ store, engine }] = await Promise.all([nodeStore(COUNT, SEED), client.boot({ count: COUNT, seed: SEED })]);
  });

  afterAll(async () => {
    await store?.destroy();
    await stop?.();
  });

  const nodeRun = async (q: QueryJson) => toResultsDto(await engine.execute(queryFromJson(q)));

  describe("graphql", () => {
    it("answers a document with inline arguments as the engine does in Node", async () => {
      const doc = `{ analytics { ${LEGACY_INLINE} { ${SERIES_SELECTION} } } }`;
      const r = await client.call("graphql", { query: doc });
      const expected = subgraphPeriods(await nodeRun(LEGACY_QUERY));
      expect(expected.length).toBe(4);
      expect(expected[0].rows.length).toBeGreaterThan(1);
      expect(agreeing(r.response)).toEqual(agreeing({ data: { analytics: { series: expected } } }));
      // The run behind it is logged and timed as execute's is.
      expect(r.logs.length).toBeGreaterThan(0);
      expect(r.timings.map((t) => t.metric)).toContain("Query");
    });

    it("answers a request with variables, an operation name and the name lists", async () => {
      const doc = `query Budget($filter: AnalyticsFilter) { analytics { series(filter: $filter) { ${SERIES_SELECTION} } } }
      query Names { analytics { metrics currencies dimensions { name values { path } } } }`;
      const filter = LEGACY_FILTER;
      const series = await client.call("graphql", {
        query: doc,
        variables: JSON.stringify({ filter }),
        operationName: "Budget",
      });
      expect(agreeing(series.response)).toEqual(
        agreeing({ data: { analytics: { series: subgraphPeriods(await nodeRun(LEGACY_QUERY)) } } }),
      );
      const names = await client.call("graphql", { query: doc, operationName: "Names" });
      const dimensions = await store.getDimensions();
      expect(names.response).toEqual({
        data: {
          analytics: {
            metrics: await store.getMetrics(),
            currencies: await store.getCurrencies(),
            dimensions: dimensions.map((d) => ({ name: d.name, values: d.values.map((v) => ({ path: v.path })) })),
          },
        },
      });
    });

    it("puts resolver and validation errors in the response, as a server does", async () => {
      const bad = await client.call("graphql", {
        query: `{ analytics { series(filter: { metrics: ["Budget"], granularity: monthly, start: "soon" }) { period } } }`,
      });
      expect(bad.response).toEqual({
        data: { analytics: { series: null } },
        errors: [
          {
            message: 'filter.start: "soon" is not a valid ISO date; write e.g. "2023-01-01"',
            locations: [{ line: 1, column: 15 }],
            path: ["analytics", "series"],
          },
        ],
      });
      const invalid = await client.call("graphql", { query: `{ analytics { serie { period } } }` });
      expect(invalid.response).toEqual({
        errors: [
          {
            message: 'Cannot query field "serie" on type "AnalyticsQuery". Did you mean "series"?',
            locations: [{ line: 1, column: 15 }],
          },
        ],
      });
    });

    it("refuses variables that are not an object, naming the field", async () => {
      const e = await client.call("graphql", { query: "{ analytics { metrics } }", variables: "[1]" }).catch((x) => x);
      expect(e).toBeInstanceOf(RpcError);
      expect((e as RpcError).field).toBe("variables");
      const syntax = await client
        .call("graphql", { query: "{ analytics { metrics } }", variables: "{ oops" })
        .catch((x) => x);
      expect((syntax as RpcError).kind).toBe("json");
      expect((syntax as RpcError).position).toBe(2);
    });

    it("gives the schema's SDL", async () => {
      const { sdl } = await client.call("graphqlSchema", {});
      expect(sdl).toContain("multiCurrencySeries(filter: MultiCurrencyConversions): [AnalyticsPeriod]");
    });
  });

  describe("names checked against the data", () => {
    it("execute says which metric, currency, dimension and path matched nothing, with the nearest name", async () => {
      const r = await client.execute({
        metrics: ["Budgett", "Actuals"],
        currency: "EUR",
        select: { bugdet: ["atlas"], budget: ["atlas/legcy", "atlas/legacy"] },
        lod: {},
        granularity: "annual",
        start: "2022-01-01",
        end: "2023-01-01",
      });
      const metrics = await store.getMetrics();
      const currencies = await store.getCurrencies();
      const dims = (await store.getDimensions()).map((d) => d.name).sort();
      const budgetTop = [
        ...new Set(
          (await store.getDimensions())
            .find((d) => d.name === "budget")!
            .values.map((v) => v.path.toString().replace(/\/$/, ""))
            .filter((p) => p.startsWith("atlas/"))
            .map((p) => p.split("/").slice(0, 2).join("/")),
        ),
      ].sort();
      const list = (names: string[]) => names.slice(0, 8).join(", ") + (names.length > 8 ? ", …" : "");
      expect(r.warnings).toEqual([
        {
          field: "metrics[0]",
          name: "Budgett",
          suggestion: "Budget",
          message: `no metric 'Budgett' (did you mean 'Budget'?); known: ${list(metrics)}`,
        },
        { field: "currency", name: "EUR", message: `no currency 'EUR'; known: ${list(currencies)}` },
        {
          field: "select.bugdet",
          name: "bugdet",
          suggestion: "budget",
          message: `no dimension 'bugdet' (did you mean 'budget'?); known: ${list(dims)}`,
        },
        {
          field: "select.budget[0]",
          name: "atlas/legcy",
          suggestion: "atlas/legacy",
          message: `no budget path 'atlas/legcy' (did you mean 'atlas/legacy'?); known under 'atlas': ${list(budgetTop)}`,
        },
      ]);
      // The checks read the store outside the run: its log holds only the query's own statements.
      // (The grouped read's own `select distinct on` is not a catalog read.)
      expect(r.logs.every((l) => !/"AnalyticsDimension" group by|select distinct (?!on)/i.test(l.sql))).toBe(true);
      const clean = await client.execute(LEGACY_QUERY);
      expect(clean.warnings).toBeUndefined();
    });

    it("lists every known name when one is missing, also when the query's other names matched rows", async () => {
      // The matched names come from the rows; the known lists must still come from the whole store.
      const list = (names: string[]) => names.slice(0, 8).join(", ") + (names.length > 8 ? ", …" : "");
      const r = await client.execute({ ...LEGACY_QUERY, metrics: ["Budget", "Forecastt"], currency: "DAI,EURR" });
      expect(r.results.some((p) => p.rows.some((row) => row.metric === "Budget" && row.unit === "DAI"))).toBe(true);
      expect(r.warnings).toEqual([
        {
          field: "metrics[1]",
          name: "Forecastt",
          suggestion: "Forecast",
          message: `no metric 'Forecastt' (did you mean 'Forecast'?); known: ${list(await store.getMetrics())}`,
        },
        { field: "currency", name: "EURR", message: `no currency 'EURR'; known: ${list(await store.getCurrencies())}` },
      ]);
      expect((await store.getMetrics()).length).toBeGreaterThan(2);
      expect((await store.getCurrencies()).length).toBeGreaterThan(1);
    });

    it("graphql gives the same warnings beside the response", async () => {
      const r = await client.call("graphql", {
        query: `{ analytics { series(filter: { metrics: ["Budgett", "Budget"], granularity: total }) { period rows { metric } } } }`,
      });
      const series = (r.response.data as { analytics: { series: { rows: { metric: string }[] }[] } }).analytics.series;
      expect(r.response.errors).toBeUndefined();
      expect(new Set(series[0].rows.map((row) => row.metric))).toEqual(new Set(["Budget"]));
      expect(r.warnings?.map((w) => w.field)).toEqual(["metrics[0]"]);
    });
  });
});
