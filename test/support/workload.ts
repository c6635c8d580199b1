import { generateDemoSeries } from "../../src/demo/generator.js";
import type { AnalyticsSeriesInput } from "../../src/engine/index.js";

/**
 * The differential workload: the seeded demo (budget + category dimensions, Budget / Actuals /
 * Forecast / PaymentsOnChain in DAI and USDC, MKR DssVest grants, half with cliffs) with
 * every value rounded to a whole number, so that the reference's float4 `real` column stores
 * it exactly (all values stay far below 2^24), and ordered by start (see `sortedByStart`).
 */
export function differentialWorkload(seed: number, count: number): AnalyticsSeriesInput[] {
  return sortedByStart(generateDemoSeries({ seed, count }).map((s) => ({ ...s, value: Math.round(s.value) })));
}

/**
 * Series in start order (stable). With a null query start the reference begins its periods at
 * the start of the first matching series in insertion (id) order, not at the earliest start;
 * inserting in start order makes the two the same.
 */
function sortedByStart(inputs: AnalyticsSeriesInput[]): AnalyticsSeriesInput[] {
  const ms = (s: AnalyticsSeriesInput) =>
    new Date(s.start instanceof Date || typeof s.start === "string" ? s.start : s.start.toMillis()).getTime();
  return inputs
    .map((s, i) => [s, ms(s), i] as const)
    .sort((a, b) => a[1] - b[1] || a[2] - b[2])
    .map(([s]) => s);
}
