// What the analytics subgraph answers for `series { period start end rows { dimensions { … } metric
// unit value sum } }`, built from the engine's own results in Node, independently of the service's resolvers.
import type { PeriodDto } from "../../src/rpc/protocol.js";

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
