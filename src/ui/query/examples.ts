import type { QueryJson } from "../../rpc/protocol.js";

export type Example = { name: string; query: QueryJson };

const years = { start: "2021-01-01", end: "2025-01-01" };

/** The picker's queries; the first is what the playground runs after boot. */
export const EXAMPLES: Example[] = [
  {
    name: "Budget vs Actuals by budget area, monthly (DAI)",
    query: {
      metrics: ["Budget", "Actuals"],
      currency: "DAI",
      select: { budget: ["atlas"] },
      lod: { budget: 3 },
      granularity: "monthly",
      ...years,
    },
  },
  {
    name: "Legacy core units: Actuals per team, quarterly",
    query: {
      metrics: ["Actuals"],
      currency: "DAI",
      select: { budget: ["atlas/legacy"] },
      lod: { budget: 4 },
      granularity: "quarterly",
      ...years,
    },
  },
  {
    name: "Headcount vs non-headcount, annual",
    query: {
      metrics: ["Actuals"],
      currency: "DAI",
      select: { category: ["atlas"] },
      lod: { category: 2 },
      granularity: "annual",
      ...years,
    },
  },
  {
    name: "MKR vesting (DssVest), monthly running total",
    query: {
      metrics: ["Budget"],
      currency: "MKR",
      select: { budget: ["atlas"] },
      lod: { budget: 2 },
      granularity: "monthly",
      start: "2021-01-01",
      end: "2026-01-01",
    },
  },
  {
    name: "Every metric and unit, in total",
    query: {
      metrics: ["Budget", "Actuals", "Forecast", "PaymentsOnChain"],
      currency: null,
      select: {},
      lod: {},
      granularity: "total",
      ...years,
    },
  },
  {
    name: "Support scope × expense category, semi-annual",
    query: {
      metrics: ["Budget"],
      currency: "DAI,USDC",
      select: { budget: ["atlas/scopes/SUP"], category: ["atlas"] },
      lod: { budget: 4, category: 2 },
      granularity: "semiAnnual",
      ...years,
    },
  },
];

export const toText = (q: QueryJson) => JSON.stringify(q, null, 2);
export const DEFAULT_QUERY = toText(EXAMPLES[0].query);
