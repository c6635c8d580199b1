import { describe, expect, it } from "vitest";
import { formatTick, niceTicks } from "../../src/ui/chart/ticks.js";
import { chartTitle } from "../../src/ui/chart/chartText.js";

/** "2.25M" → 2250000: what a reader takes a compact label to mean. */
function read(label: string): number {
  const m = /^(-?[\d,.]+)([KMBT]?)$/.exec(label);
  if (!m) throw new Error(`unreadable tick ${label}`);
  return Number(m[1].replace(/,/g, "")) * { "": 1, K: 1e3, M: 1e6, B: 1e9, T: 1e12 }[m[2] as "" | "K"];
}

describe("round ticks", () => {
  it("steps by 1, 2, 2.5 or 5 × 10ⁿ from zero", () => {
    expect(niceTicks(0, 180_000)).toEqual({ ticks: [0, 50_000, 100_000, 150_000, 200_000], step: 50_000 });
    expect(niceTicks(0, 2_250_000)).toEqual({
      ticks: [0, 500_000, 1_000_000, 1_500_000, 2_000_000, 2_500_000],
      step: 500_000,
    });
    expect(niceTicks(0, 11)).toEqual({ ticks: [0, 2.5, 5, 7.5, 10, 12.5], step: 2.5 });
    expect(niceTicks(-30, 70)).toEqual({ ticks: [-40, -20, 0, 20, 40, 60, 80], step: 20 });
    expect(niceTicks(0.1, 0.7)).toEqual({ ticks: [0, 0.2, 0.4, 0.6, 0.8], step: 0.2 });
    expect(niceTicks(5, 5)).toEqual({ ticks: [0, 1, 2, 3, 4, 5], step: 1 });
    expect(niceTicks(0, 0)).toEqual({ ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], step: 0.2 });
  });

  it("every step is 1, 2, 2.5 or 5 × 10ⁿ, the ticks cover the data and each label reads back exactly", () => {
    for (let i = 0; i < 2000; i++) {
      const max = Math.exp(Math.sin(i) * 20) * (1 + (i % 7));
      const min = i % 3 === 0 ? -max * ((i % 5) / 5) : 0;
      const { ticks, step } = niceTicks(min, max);
      const mantissa = Number((step / 10 ** Math.floor(Math.log10(step))).toPrecision(6));
      expect([1, 2, 2.5, 5]).toContain(mantissa);
      expect(ticks[0]).toBeLessThanOrEqual(min);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      expect(ticks.length).toBeLessThanOrEqual(12);
      for (const t of ticks) expect(read(formatTick(t, step, "en-US"))).toBeCloseTo(t, 6);
    }
  });

  it("labels 2.25M as 2.25M, not 2.3M", () => {
    const { ticks, step } = niceTicks(0, 2_400_000, 10);
    expect(step).toBe(250_000);
    expect(ticks.map((t) => formatTick(t, step, "en-US"))).toEqual([
      "0",
      "250K",
      "500K",
      "750K",
      "1M",
      "1.25M",
      "1.5M",
      "1.75M",
      "2M",
      "2.25M",
      "2.5M",
    ]);
    expect(formatTick(7_500, 2_500, "en-US")).toBe("7,500");
    expect(formatTick(1_250_000, 250_000, "de-DE")).toBe("1,25\u00a0Mio.");
  });
});

describe("chart titles", () => {
  it("say the metrics, breakdown, currency, granularity and range", () => {
    const query = {
      metrics: ["Budget", "Actuals"],
      currency: "DAI,USDC",
      select: { budget: ["atlas"], category: ["atlas"] },
      lod: { budget: 3, category: 0 },
      granularity: "monthly",
      start: "2021-01-01",
      end: "2025-01-01",
    };
    expect(chartTitle(query, "value")).toEqual({
      title: "Budget vs Actuals by budget",
      subtitle: "DAI & USDC · monthly · Jan 2021 – Dec 2024 · change per month",
    });
    expect(chartTitle({ ...query, metrics: ["Budget", "Actuals", "PaymentsOnChain"], currency: null }, "sum")).toEqual({
      title: "Budget, Actuals and Payments On Chain by budget",
      subtitle: "every unit · monthly · Jan 2021 – Dec 2024 · running total",
    });
  });
});
