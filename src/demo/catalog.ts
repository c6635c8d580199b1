/** The demo's organisation: MakerDAO-style core units and Atlas scopes, with expense categories. */
export type Team = { code: string; path: string; label: string; scale: number; color: string };

const legacy: [string, string][] = [
  ["SES-001", "Sustainable Ecosystem Scaling"],
  ["PE-001", "Protocol Engineering"],
  ["GOV-001", "Governance"],
  ["RISK-001", "Risk"],
  ["SAS-001", "Sidestream Auction Services"],
  ["DUX-001", "Development & UX"],
  ["CES-001", "Collateral Engineering Services"],
  ["DECO-001", "Deco Protocol"],
  ["SNE-001", "Strategic Network Expansion"],
  ["TECH-001", "Techops"],
  ["ORA-001", "Oracles"],
  ["DIN-001", "Data Insights"],
  ["GRO-001", "Growth"],
  ["IS-001", "Immunefi Security"],
  ["EVENTS-001", "Events"],
  ["SF-001", "Strategic Finance"],
];

const scopes: [string, string, string, string][] = [
  ["SUP", "INC", "TCH-001", "Technology Incubator"],
  ["SUP", "INC", "POW-001", "Powerhouse"],
  ["SUP", "DRF", "DEW-001", "Dewiz"],
  ["SUP", "DRF", "STW-001", "Steakhouse"],
  ["PRO", "SKY", "BAL-001", "BA Labs"],
  ["PRO", "SKY", "PHX-001", "Phoenix Labs"],
  ["GOV", "GOV", "JT-001", "Jetstream"],
  ["GOV", "ALN", "VPAC-001", "Viridian"],
  ["STA", "STA", "AMA-001", "Amatsu"],
  ["ACC", "ACC", "SID-001", "Sidestream"],
  ["ACC", "ECO", "TMF-001", "TechOps Multisig Facilitator"],
  ["STA", "PEG", "AEA-001", "Aligned Economics"],
];

const palette = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#17becf",
  "#bcbd22",
  "#7f7f7f",
];

export const TEAMS: Team[] = [
  ...legacy.map(([code, label], i) => ({
    code,
    label,
    path: `atlas/legacy/core-units/${code}`,
    scale: 40_000 + ((i * 7919) % 9) * 25_000,
    color: palette[i % palette.length],
  })),
  ...scopes.map(([scope, group, code, label], i) => ({
    code,
    label,
    path: `atlas/scopes/${scope}/${group}/${code}`,
    scale: 60_000 + ((i * 104729) % 7) * 30_000,
    color: palette[(i + 3) % palette.length],
  })),
];

export type Category = { path: string; label: string; weight: number };

export const CATEGORIES: Category[] = [
  { path: "atlas/headcount/compensation-and-benefits/salaries", label: "Salaries", weight: 0.45 },
  { path: "atlas/headcount/compensation-and-benefits/bonus", label: "Bonus", weight: 0.08 },
  { path: "atlas/headcount/travel-and-entertainment", label: "Travel & entertainment", weight: 0.05 },
  { path: "atlas/headcount/training-and-development", label: "Training & development", weight: 0.02 },
  { path: "atlas/non-headcount/professional-services/legal", label: "Legal", weight: 0.06 },
  { path: "atlas/non-headcount/professional-services/audits", label: "Audits", weight: 0.07 },
  { path: "atlas/non-headcount/software-and-hosting", label: "Software & hosting", weight: 0.08 },
  { path: "atlas/non-headcount/gas-expense", label: "Gas expense", weight: 0.03 },
  { path: "atlas/non-headcount/marketing-and-events", label: "Marketing & events", weight: 0.06 },
  { path: "atlas/non-headcount/admin-expense", label: "Admin expense", weight: 0.04 },
];

export const METRICS = [
  ["Budget", 30],
  ["Actuals", 35],
  ["Forecast", 20],
  ["PaymentsOnChain", 15],
] as const;

/** A tiny inline SVG badge: icons must work offline and only `data:image/` or http(s) URLs are shown. */
export function badge(text: string, color: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"><circle cx="12" cy="12" r="12" fill="${color}"/><text x="12" y="16" font-size="9" text-anchor="middle" fill="white" font-family="sans-serif">${text}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** Badge text: the code's letters, at most three. */
export const BADGE_TEXT = (code: string) => code.replace(/[^A-Z]/g, "").slice(0, 3);
