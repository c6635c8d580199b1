import type { Catalog } from "../connection/EngineContext.js";

const GRANULARITIES = ["total", "annual", "semiAnnual", "quarterly", "monthly", "weekly", "daily", "hourly"];
const ISO_DATE = "^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})?)?$";

/** Every prefix of every path: selecting `atlas/legacy` is as valid as a full team path. */
function prefixes(paths: string[]): string[] {
  const out = new Set<string>();
  for (const p of paths) {
    const parts = p.split("/");
    for (let i = 1; i <= parts.length; i++) out.add(parts.slice(0, i).join("/"));
  }
  return [...out].sort();
}

/**
 * The query's JSON schema for Monaco: structure and granularity names are checked inline; the
 * worker's metrics, units, dimension names and paths become completions (`examples`, not `enum`:
 * the engine also accepts `budget` for `Budget`, `DAI,USDC` and path prefixes).
 */
export function querySchema(catalog: Catalog | null): object {
  const dims = catalog?.dimensions ?? [];
  const depth = (values: { path: string }[]) => Math.max(1, ...values.map((v) => v.path.split("/").length));
  const units = catalog?.currencies ?? [];
  return {
    type: "object",
    additionalProperties: false,
    required: ["metrics", "select", "granularity"],
    properties: {
      metrics: {
        description: "Metrics to report, e.g. Budget, Actuals.",
        type: "array",
        minItems: 1,
        items: { type: "string", minLength: 1, examples: catalog?.metrics ?? [] },
      },
      currency: {
        description: "Units to keep: one (DAI), several (DAI,USDC), or null for all.",
        type: ["string", "null"],
        examples: [...units, ...(units.length > 1 ? [units.join(",")] : [])],
      },
      select: {
        description: "Per dimension, the paths whose subtrees to include.",
        type: "object",
        properties: Object.fromEntries(
          dims.map((d) => [
            d.name,
            { type: "array", items: { type: "string", examples: prefixes(d.values.map((v) => v.path)) } },
          ]),
        ),
        additionalProperties: { type: "array", items: { type: "string" } },
      },
      lod: {
        description: "Per selected dimension, how many path segments to group by.",
        type: "object",
        properties: Object.fromEntries(
          dims.map((d) => [
            d.name,
            {
              type: ["integer", "null"],
              minimum: 0,
              maximum: 100,
              examples: Array.from({ length: depth(d.values) + 1 }, (_, i) => i),
            },
          ]),
        ),
        additionalProperties: { type: ["integer", "null"], minimum: 0, maximum: 100 },
      },
      granularity: { description: "Period size.", enum: GRANULARITIES },
      start: {
        description: "ISO date; earlier series form the opening balance.",
        type: ["string", "null"],
        pattern: ISO_DATE,
        examples: ["2021-01-01", "2023-01-01"],
      },
      end: {
        description:
          "ISO date where the last period ends. Periods are (start, end]: a value at exactly this instant is in.",
        type: ["string", "null"],
        pattern: ISO_DATE,
        examples: ["2025-01-01", "2024-01-01"],
      },
      conversions: {
        description:
          "Multi-currency: rows in `currency` are converted into the query's currency by the price metric `metric` (its running total).",
        type: "array",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["metric", "currency"],
          properties: {
            metric: { type: "string", minLength: 1, examples: ["MKR-DAI"] },
            currency: { type: "string", minLength: 1, examples: units },
          },
        },
      },
    },
  };
}
