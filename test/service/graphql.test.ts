// The analytics subgraph over the RPC: documents with inline arguments and with variables get
// the response a GraphQL server sends, equal to the engine's results in Node for the same filter.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalyticsQueryEngine, MemoryAnalyticsStore } from "../../src/engine/index.js";
import { RpcError, type EngineClient } from "../../src/client/EngineClient.js";
import { toResultsDto } from "../../src/service/dto.js";
import type { QueryJson } from "../../src/rpc/protocol.js";
import { queryFromJson } from "../../src/service/queryJson.js";
import { demoSeries, seedStore } from "../../src/demo/seed.js";
import { inProcessWorker } from "../support/inProcessWorker.js";
import { SERIES_SELECTION, subgraphPeriods } from "../support/graphqlExpected.js";

const COUNT = 300;
const SEED = 3;

let client: EngineClient;
let store: MemoryAnalyticsStore;
let engine: AnalyticsQueryEngine;

beforeAll(async () => {
  ({ client } = await inProcessWorker(<T>(m: T) => JSON.parse(JSON.stringify(m)) as T));
  store = new MemoryAnalyticsStore();
  await store.init();
  await Promise.all([seedStore(store, demoSeries(COUNT, SEED)), client.boot({ count: COUNT, seed: SEED })]);
  engine = new AnalyticsQueryEngine(store);
});

afterAll(async () => {
  await store?.destroy();
});

const nodeRun = async (q: QueryJson) => toResultsDto(await engine.execute(queryFromJson(q)));

const QUERY: QueryJson = {
  metrics: ["Budget", "Actuals"],
  currency: "DAI",
  select: { budget: ["atlas/legacy"] },
  lod: { budget: 3 },
  granularity: "quarterly",
  start: "2022-01-01",
  end: "2023-01-01",
};

describe("graphql", () => {
  it("answers a document with inline arguments as the engine does in Node", async () => {
    const doc = `{ analytics { series(filter: { start: "2022-01-01", end: "2023-01-01", granularity: quarterly,
      metrics: ["Budget", "Actuals"], currency: "DAI", dimensions: [{ name: "budget", select: "atlas/legacy", lod: 3 }] })
      { ${SERIES_SELECTION} } } }`;
    const r = await client.call("graphql", { query: doc });
    const expected = subgraphPeriods(await nodeRun(QUERY));
    expect(expected.length).toBe(4);
    expect(expected[0].rows.length).toBeGreaterThan(1);
    expect(r.response).toEqual({ data: { analytics: { series: expected } } });
    // The run behind it is logged and timed as execute's is.
    expect(r.logs.length).toBeGreaterThan(0);
    expect(r.timings.map((t) => t.metric)).toContain("Query");
  });

  it("answers a request with variables, an operation name and the name lists", async () => {
    const doc = `query Budget($filter: AnalyticsFilter) { analytics { series(filter: $filter) { ${SERIES_SELECTION} } } }
      query Names { analytics { metrics currencies dimensions { name values { path } } } }`;
    const filter = {
      start: "2022-01-01",
      end: "2023-01-01",
      granularity: "quarterly",
      metrics: ["Budget", "Actuals"],
      currency: "DAI",
      dimensions: [{ name: "budget", select: "atlas/legacy", lod: 3 }],
    };
    const series = await client.call("graphql", {
      query: doc,
      variables: JSON.stringify({ filter }),
      operationName: "Budget",
    });
    expect(series.response).toEqual({ data: { analytics: { series: subgraphPeriods(await nodeRun(QUERY)) } } });
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
