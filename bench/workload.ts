/**
 * The benchmark workload, shared by the Node bench (`bench/run.ts`) and the browser bench page
 * (`bench.html`): the seeded demo series and dashboard-shaped queries. Engine-only imports, so
 * it bundles for a browser worker.
 */
import { DateTime } from "luxon";
import { createRandom, pick } from "../src/demo/random.js";
import {
  AnalyticsGranularity as G,
  AnalyticsPath,
  granularityNames,
  type AnalyticsGranularity,
  type AnalyticsQuery,
} from "../src/engine/index.js";
import type { QueryJson } from "../src/rpc/protocol.js";

/** A query written once, in plain values, for any engine. */
export type QuerySpec = {
  start: string | null;
  end: string | null;
  granularity: AnalyticsGranularity;
  metrics: string[];
  /** `DAI`, `DAI,USDC` … or null for every unit. */
  currency: string | null;
  select: Record<string, string[]>;
  lod: Record<string, number>;
};

/**
 * The playground's default monthly view: Budget against Actuals in DAI, all of atlas by team
 * group (budget LOD 3) and expense group (category LOD 2), every month of 2021–2024.
 */
export const DEMO_DEFAULT_MONTHLY: QuerySpec = {
  start: "2021-01-01T00:00:00.000Z",
  end: "2025-01-01T00:00:00.000Z",
  granularity: G.Monthly,
  metrics: ["Budget", "Actuals"],
  currency: "DAI",
  select: { budget: ["atlas"], category: ["atlas"] },
  lod: { budget: 3, category: 2 },
};

/** Seeded dashboard-shaped queries: monthly/quarterly/annual over 2021–2024 (or one year of it). */
export function dashboardQueries(n: number, seed = 7): QuerySpec[] {
  const random = createRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const metrics = ["Budget", "Actuals", "Forecast", "PaymentsOnChain"];
  const out: QuerySpec[] = [];
  for (let i = 0; i < n; i++) {
    const granularity = [G.Monthly, G.Quarterly, G.Annual][i % 3];
    const year = random() < 0.75 ? null : int(2021, 2024);
    const k = int(1, 3);
    const pool = [...metrics];
    const chosen: string[] = [];
    while (chosen.length < k) chosen.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
    out.push({
      start: `${year ?? 2021}-01-01T00:00:00.000Z`,
      end: `${(year ?? 2024) + 1}-01-01T00:00:00.000Z`,
      granularity,
      metrics: chosen,
      currency: random() < 0.5 ? "DAI" : null,
      select: {
        budget: [pick(random, ["atlas", "atlas", "atlas/legacy", "atlas/scopes"])],
        category: [pick(random, ["atlas", "atlas", "atlas/headcount", "atlas/non-headcount"])],
      },
      lod: { budget: int(2, 4), category: int(1, 3) },
    });
  }
  return out;
}

const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });

/** The spec as the playground's editor writes it (protocol.ts QueryJson): granularity by name. */
export function toQueryJson(spec: QuerySpec): QueryJson {
  return {
    ...spec,
    select: { ...spec.select },
    lod: { ...spec.lod },
    metrics: [...spec.metrics],
    granularity: granularityNames[spec.granularity],
  };
}

export function toQuery(spec: QuerySpec): AnalyticsQuery {
  return {
    start: spec.start ? utc(spec.start) : null,
    end: spec.end ? utc(spec.end) : null,
    granularity: spec.granularity,
    metrics: spec.metrics,
    currency: spec.currency ? AnalyticsPath.fromString(spec.currency) : undefined,
    select: Object.fromEntries(
      Object.entries(spec.select).map(([d, paths]) => [d, paths.map((p) => AnalyticsPath.fromString(p))]),
    ),
    lod: { ...spec.lod },
  };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
