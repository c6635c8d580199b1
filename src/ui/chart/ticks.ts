/** Axis ticks a reader can add up in their head: steps of 1, 2, 2.5 or 5 × 10ⁿ, from a round start. */
export type Ticks = { ticks: number[]; step: number };

const STEPS = [1, 2, 2.5, 5, 10];

/** Float noise off a multiple of `step` (0.1 × 3 = 0.30000000000000004). */
const clean = (n: number) => Number(n.toPrecision(12));

/**
 * Round ticks covering [min, max] with about `target` intervals. Zero is always on the axis:
 * amounts are read against it, and bars start there.
 */
export function niceTicks(min: number, max: number, target = 5): Ticks {
  let lo = Math.min(0, min);
  let hi = Math.max(0, max);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { ticks: [0, 1], step: 1 };
  if (lo === hi) hi = lo + 1;
  const raw = (hi - lo) / Math.max(1, target);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = clean(STEPS.find((s) => s * magnitude >= raw * (1 - 1e-9))! * magnitude);
  lo = Math.floor(clean(lo / step)) * step;
  hi = Math.ceil(clean(hi / step)) * step;
  const ticks: number[] = [];
  for (let i = 0; clean(lo + i * step) <= clean(hi); i++) ticks.push(clean(lo + i * step));
  return { ticks, step };
}

/** Decimal places in a round number (2.5 → 1, 0.25 → 2, 500 → 0). */
function decimals(n: number): number {
  const text = clean(Math.abs(n)).toString();
  if (text.includes("e-")) return Number(text.split("e-")[1]) + (text.split("e")[0].split(".")[1]?.length ?? 0);
  return text.split(".")[1]?.length ?? 0;
}

/**
 * A tick's label, exact for ticks from `niceTicks`: 2,250,000 reads "2.25M", never "2.3M".
 * Large values use the locale's compact notation with as many digits as the step needs.
 */
export function formatTick(value: number, step: number, locale?: string): string {
  if (Math.abs(value) < 10_000 && Math.abs(step) < 10_000)
    return new Intl.NumberFormat(locale, { maximumFractionDigits: decimals(step) }).format(value);
  // Compact scales are powers of 1,000: the digits past the scale's point are the step's.
  const scale = 10 ** (3 * Math.floor(Math.log10(Math.max(Math.abs(value), 1)) / 3));
  return new Intl.NumberFormat(locale, {
    notation: "compact",
    maximumFractionDigits: Math.min(20, decimals(step / scale)),
  }).format(value);
}
