import type { Dashboard } from "../../playground/dashboardFile.js";

const DEMO_DASHBOARD_ID = "demo";

/** The engine's story on the demo data, in five tiles: what a stakeholder sees first. */
export const DEMO_DASHBOARD: Dashboard = {
  version: 1,
  id: DEMO_DASHBOARD_ID,
  title: "Demo: MakerDAO-style budgets",
  description:
    "Budgets, actuals, vesting and currencies of the demo's teams, 2021–2024; every tile re-runs when data changes.",
  tiles: [
    {
      id: "demo-budget-actuals",
      title: "Budget vs Actuals by scope",
      note: "Hatched bars are actuals: every scope spends a little under budget.",
      query: {
        kind: "series",
        query: {
          metrics: ["Budget", "Actuals"],
          currency: "DAI",
          select: { budget: ["atlas/scopes"] },
          lod: { budget: 3 },
          granularity: "annual",
          start: "2021-01-01",
          end: "2025-01-01",
        },
      },
      chart: { kind: "bar", measure: "value", top: 10, other: true },
      size: "medium",
    },
    {
      id: "demo-vesting",
      title: "An MKR grant vesting: the cliff, then linear",
      note: "109 MKR to Strategic Network Expansion (DssVest, Mar 2023 – Mar 2024): nothing before the June cliff, then what accrued since March at once, then month by month.",
      // One grant: in the 2,000 and 20,000 demos it is the only MKR series of this team and category.
      query: {
        kind: "series",
        query: {
          metrics: ["Budget"],
          currency: "MKR",
          select: {
            budget: ["atlas/legacy/core-units/SNE-001"],
            category: ["atlas/headcount/compensation-and-benefits/bonus"],
          },
          lod: { budget: 4, category: 0 },
          granularity: "monthly",
          start: "2023-01-01",
          end: "2024-07-01",
        },
      },
      chart: { kind: "line", measure: "sum", top: 5, other: false },
      size: "medium",
    },
    {
      id: "demo-forecast",
      title: "Forecast vs Actuals",
      note: "Every team's quarter: actuals (solid, darker) against forecasts (dashed, lighter).",
      query: {
        kind: "series",
        query: {
          metrics: ["Forecast", "Actuals"],
          currency: "DAI",
          select: { budget: ["atlas"] },
          lod: { budget: 1 },
          granularity: "quarterly",
          start: "2021-01-01",
          end: "2025-01-01",
        },
      },
      chart: { kind: "area", measure: "value", top: 10, other: true },
      size: "medium",
    },
    {
      id: "demo-currencies",
      title: "Budget in every currency",
      note: "One axis per currency: on a shared axis, MKR (thousands) would vanish under DAI (millions).",
      query: {
        kind: "series",
        query: {
          metrics: ["Budget"],
          currency: null,
          select: { budget: ["atlas"] },
          lod: { budget: 1 },
          granularity: "annual",
          start: "2021-01-01",
          end: "2025-01-01",
        },
      },
      chart: { kind: "bar", measure: "value", top: 10, other: true },
      size: "medium",
    },
  ],
};
