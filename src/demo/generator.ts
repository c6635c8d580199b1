import type { AnalyticsSeriesInput } from "../engine/index.js";
import { BADGE_TEXT, CATEGORIES, METRICS, TEAMS, badge } from "./catalog.js";
import { createRandom, pick, pickWeighted } from "./random.js";

export type DemoOptions = { seed?: number; count?: number };

export const DEMO_DEFAULTS = { seed: 42, count: 20_000 } as const;
const DEMO_START_YEAR = 2021;
const DEMO_YEARS = 4;

const months = DEMO_YEARS * 12;
const iso = (year: number, month0: number, day = 1) => new Date(Date.UTC(year, month0, day)).toISOString();

/**
 * MakerDAO-style budgets 2021–2024: monthly Budget/Actuals/Forecast/PaymentsOnChain per team
 * and expense category, in DAI and USDC, plus MKR vesting (DssVest with cliffs). Same seed and
 * count, same series. Each team's and category's first series carries its label and icon.
 */
export function generateDemoSeries(options: DemoOptions = {}): AnalyticsSeriesInput[] {
  const out: AnalyticsSeriesInput[] = [];
  for (const chunk of demoSeriesChunks(options, options.count ?? DEMO_DEFAULTS.count))
    for (const s of chunk) out.push(s);
  return out;
}

/**
 * The same series as `generateDemoSeries`, `size` at a time: a million inputs at once would
 * hold hundreds of megabytes in a browser tab; chunks are seeded and dropped.
 */
export function* demoSeriesChunks(
  { seed = DEMO_DEFAULTS.seed, count = DEMO_DEFAULTS.count }: DemoOptions,
  size: number,
): Generator<AnalyticsSeriesInput[]> {
  const random = createRandom(seed);
  const described = new Set<string>();
  let out: AnalyticsSeriesInput[] = [];
  for (let i = 0; i < count; i++) {
    if (out.length === size) {
      yield out;
      out = [];
    }
    const team = pick(random, TEAMS);
    const category = pickWeighted(
      random,
      CATEGORIES.map((c) => [c, c.weight] as const),
    );
    const month = Math.floor(random() * months);
    const year = DEMO_START_YEAR + Math.floor(month / 12);
    // Budgets grow over the years; actuals run a little under budget, forecasts a little over.
    const growth = 1 + 0.15 * (year - DEMO_START_YEAR);
    const base = (team.scale * category.weight * growth) / 4;
    const unitRoll = random();
    const dimensionMetadata = [];
    if (!described.has(team.path)) {
      described.add(team.path);
      dimensionMetadata.push({
        path: team.path,
        label: team.label,
        icon: badge(BADGE_TEXT(team.code), team.color),
        description: `${team.label} (${team.code})`,
      });
    }
    if (!described.has(category.path)) {
      described.add(category.path);
      dimensionMetadata.push({
        path: category.path,
        label: category.label,
        description: `Expense category: ${category.label}`,
      });
    }
    const common = {
      source: `powerhouse/demo/${team.code}`,
      dimensions: { budget: team.path, category: category.path },
      dimensionMetadata: dimensionMetadata.length > 0 ? dimensionMetadata : undefined,
    };
    if (unitRoll < 0.05) {
      // MKR grants vest over a year; half of them have a cliff three or six months in.
      const start = iso(year, month % 12);
      const cliffMonths = random() < 0.5 ? 0 : pick(random, [3, 6]);
      out.push({
        ...common,
        start: start,
        end: iso(year + 1, month % 12),
        metric: "Budget",
        unit: "MKR",
        fn: "DssVest",
        value: Math.round(20 + random() * 480),
        params: cliffMonths ? { cliff: iso(year, (month % 12) + cliffMonths) } : null,
      });
      continue;
    }
    const metric = pickWeighted(random, METRICS);
    // Entries fall inside their month: a change at a period's end instant belongs to the period
    // that ends there, so a series dated on the 1st would show in the month before.
    const day = 1 + Math.floor(random() * 27) + 1;
    const drift = metric === "Actuals" ? 0.85 : metric === "Forecast" ? 1.1 : metric === "PaymentsOnChain" ? 0.9 : 1;
    out.push({
      ...common,
      start: iso(year, month % 12, day),
      metric,
      unit: unitRoll < 0.2 ? "USDC" : "DAI",
      value: Math.round(base * drift * (0.6 + random() * 0.8) * 100) / 100,
    });
  }
  if (out.length > 0) yield out;
}
