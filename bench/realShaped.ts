/**
 * A real-shaped workload: the layout of the upstream engine's production data, where most
 * dimension paths hold few series. Per budget report (1–8 series, one month of one team) a
 * `report` path of its own; budget lines under the team; expense categories; a wallet per one
 * or two series; a project for some. About two distinct paths per series, as in production,
 * against a few dozen in the demo. Seeded: same count and seed, same series.
 */
import { CATEGORIES, TEAMS } from "../src/demo/catalog.js";
import { createRandom, pick } from "../src/demo/random.js";
import { AnalyticsGranularity as G, type AnalyticsSeriesInput } from "../src/engine/index.js";
import type { QuerySpec } from "./workload.js";

const METRICS = ["Budget", "Actuals", "Forecast", "PaymentsOnChain"];
const UNITS = ["DAI", "DAI", "DAI", "USDC", "MKR"];
const iso = (year: number, month0: number) => new Date(Date.UTC(year, month0, 1)).toISOString();

export function generateRealShapedSeries(count: number, seed = 11): AnalyticsSeriesInput[] {
  const random = createRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const out: AnalyticsSeriesInput[] = [];
  let wallet = "";
  for (let report = 0; out.length < count; report++) {
    const team = pick(random, TEAMS);
    const month = int(0, 47);
    const [year, month0] = [2021 + Math.floor(month / 12), month % 12];
    const reportPath = `powerhouse/reports/${team.code}/${year}-${String(month0 + 1).padStart(2, "0")}/${report}`;
    const project = random() < 0.4 ? `atlas/projects/${team.code}/p${int(1, 12)}` : null;
    for (let k = int(1, 8); k > 0 && out.length < count; k--) {
      if (wallet === "" || random() < 0.85)
        wallet = `atlas/wallets/0x${Math.floor(random() * 2 ** 32)
          .toString(16)
          .padStart(8, "0")}`;
      const category = pick(random, CATEGORIES).path;
      const dimensions: Record<string, string> = {
        report: reportPath,
        budget: `${team.path}/line-${int(1, 80)}`,
        category,
        wallet,
      };
      if (project) dimensions.project = project;
      out.push({
        source: `powerhouse/reports/${team.code}`,
        start: iso(year, month0),
        metric: pick(random, METRICS),
        unit: pick(random, UNITS),
        value: Math.round(random() * 100_000) / 100,
        dimensions,
      });
    }
  }
  return out;
}

/** Dashboard-shaped queries over the real-shaped layout: each dimension, alone or with another, at several LODs. */
export function realShapedQueries(n: number, seed = 13): QuerySpec[] {
  const random = createRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const roots: Record<string, string[]> = {
    report: ["powerhouse", "powerhouse/reports", `powerhouse/reports/${TEAMS[0].code}`],
    budget: ["atlas", "atlas/legacy", "atlas/scopes", TEAMS[1].path],
    category: ["atlas", "atlas/headcount", "atlas/non-headcount"],
    wallet: ["atlas/wallets"],
    project: ["atlas/projects", `atlas/projects/${TEAMS[2].code}`],
  };
  const names = Object.keys(roots);
  const out: QuerySpec[] = [];
  for (let i = 0; i < n; i++) {
    const first = pick(random, names);
    const second =
      random() < 0.5
        ? pick(
            random,
            names.filter((d) => d !== first),
          )
        : null;
    const select: Record<string, string[]> = { [first]: [pick(random, roots[first])] };
    const lod: Record<string, number> = { [first]: int(1, 5) };
    if (second) {
      select[second] = [pick(random, roots[second])];
      lod[second] = int(1, 3);
    }
    const year = random() < 0.7 ? null : int(2021, 2024);
    out.push({
      start: `${year ?? 2021}-01-01T00:00:00.000Z`,
      end: `${(year ?? 2024) + 1}-01-01T00:00:00.000Z`,
      granularity: [G.Monthly, G.Quarterly, G.Annual, G.Total][i % 4],
      metrics: random() < 0.5 ? ["Budget", "Actuals"] : [pick(random, METRICS)],
      currency: random() < 0.5 ? "DAI" : null,
      select,
      lod,
    });
  }
  return out;
}
