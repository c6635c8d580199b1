// What the analytics subgraph answers for `series { period start end rows { dimensions { … } metric
// unit value sum } }`, built from the engine's own results in Node, independently of the service's resolvers.
import type { PeriodDto, QueryJson } from "../../src/rpc/protocol.js";

export const SERIES_SELECTION = `period start end rows { dimensions { name path label description icon } metric unit value sum }`;

export const subgraphPeriods = (results: PeriodDto[]) =>
  results.map((p) => ({
    period: p.period,
    start: p.start,
    end: p.end,
    rows: p.rows.map((r) => ({
      dimensions: Object.keys(r.dimensions).map((name) => ({ name, ...r.dimensions[name] })),
      metric: r.metric,
      unit: r.unit,
      value: r.value,
      sum: r.sum,
    })),
  }));

/** One filter three ways: the editor's query, the AnalyticsFilter variable, and inline arguments. */
export const LEGACY_QUERY: QueryJson = {
  metrics: ["Budget", "Actuals"],
  currency: "DAI",
  select: { budget: ["atlas/legacy"] },
  lod: { budget: 3 },
  granularity: "quarterly",
  start: "2022-01-01",
  end: "2023-01-01",
};
export const LEGACY_FILTER = {
  start: "2022-01-01",
  end: "2023-01-01",
  granularity: "quarterly",
  metrics: ["Budget", "Actuals"],
  currency: "DAI",
  dimensions: [{ name: "budget", select: "atlas/legacy", lod: 3 }],
};
export const LEGACY_INLINE = `series(filter: { start: "2022-01-01", end: "2023-01-01", granularity: quarterly,
  metrics: ["Budget", "Actuals"], currency: "DAI", dimensions: [{ name: "budget", select: "atlas/legacy", lod: 3 }] })`;
