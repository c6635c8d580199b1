// The analytics subgraph answered by graphql-js against this service's store: any document an
// app sends (inline arguments or variables) gets the response JSON that app would receive.
import { AnalyticsInputError } from "../../engine/index.js";
import { buildSchema, graphql, type GraphQLSchema } from "graphql";
import type { DimensionListDto, GraphqlResponse, JsonValue, PeriodDto, QueryJson } from "../../rpc/protocol.js";
import { conversionsOf, fromAnalyticsFilter } from "../paste/detect.js";
import { ANALYTICS_SDL } from "./schema.js";

/** What the resolvers read: the service's own query path, so logs, timings and checks are the same as execute's. */
export type AnalyticsSource = {
  series(query: QueryJson): Promise<PeriodDto[]>;
  metrics(): Promise<string[]>;
  dimensions(): Promise<DimensionListDto>;
  currencies(): Promise<string[]>;
};

let built: GraphQLSchema | undefined;
const schema = () => (built ??= buildSchema(ANALYTICS_SDL));

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A filter argument → the editor's query (and its conversions, for multiCurrencySeries). */
function filterToQuery(filter: unknown, withConversions: boolean): QueryJson {
  if (!isObject(filter))
    throw new AnalyticsInputError(
      "filter",
      'pass a filter, e.g. series(filter: { metrics: ["Budget"], granularity: total })',
    );
  const { query } = fromAnalyticsFilter(filter, "filter");
  if (!withConversions) return query;
  const conversions = conversionsOf(filter.conversions, "filter.conversions") ?? [];
  return { ...query, conversions };
}

/** The periods in the subgraph's shape: a row's dimensions as a list of { name, path, … }. */
const toGraphqlPeriods = (periods: PeriodDto[]) =>
  periods.map((p) => ({
    ...p,
    rows: p.rows.map((r) => ({
      ...r,
      dimensions: Object.entries(r.dimensions).map(([name, d]) => ({
        name,
        path: d.path,
        label: d.label,
        description: d.description,
        icon: d.icon,
      })),
    })),
  }));

/** Parses, validates and executes one request; errors are part of the response, as a server sends them. */
export async function runGraphql(
  source: AnalyticsSource,
  request: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null },
): Promise<GraphqlResponse> {
  // graphql-js calls a root value's functions with the field's arguments.
  const analytics = {
    series: async ({ filter }: { filter?: unknown }) =>
      toGraphqlPeriods(await source.series(filterToQuery(filter, false))),
    multiCurrencySeries: async ({ filter }: { filter?: unknown }) =>
      toGraphqlPeriods(await source.series(filterToQuery(filter, true))),
    metrics: () => source.metrics(),
    dimensions: () => source.dimensions(),
    currencies: () => source.currencies(),
  };
  const result = await graphql({
    schema: schema(),
    source: request.query,
    rootValue: { analytics: () => analytics },
    variableValues: request.variables ?? undefined,
    operationName: request.operationName ?? undefined,
  });
  // Through JSON, as over the wire: GraphQLError's toJSON gives { message, locations, path }.
  return JSON.parse(JSON.stringify(result)) as { data?: JsonValue; errors?: JsonValue[] };
}
