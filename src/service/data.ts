// The data pane's and dimension tree's store operations, kept out of service.ts so it stays a
// dispatcher. Everything goes through the store (logged like any statement), never around it.
import { AnalyticsInputError, AnalyticsPath, TABLE_LIST, type AnalyticsSeriesInput } from "../engine/index.js";
import type { PlaygroundStore } from "./backend.js";
import type { BootParams, DimensionCountDto, SeriesCountDto } from "../rpc/protocol.js";
import { parseJsonText } from "./queryJson.js";
import { seedDemo } from "../demo/seed.js";

/** Series per stored (dimension, path), in one group-by; paths without their stored trailing `/`. */
export async function dimensionCounts(store: PlaygroundStore): Promise<DimensionCountDto[]> {
  const rows = await store.raw(
    `select d.dimension as name, d.path, count(l."seriesId")::int as count
from "AnalyticsDimension" d left join "AnalyticsSeries_AnalyticsDimension" l on l."dimensionId" = d.id
group by d.dimension, d.path
order by d.dimension, d.path`,
  );
  return rows.map((r) => {
    const path = String(r.path);
    return {
      name: String(r.name),
      path: path.endsWith("/") && !path.endsWith("\\/") ? path.slice(0, -1) : path,
      count: Number(r.count),
    };
  });
}

export async function seriesCounts(store: PlaygroundStore): Promise<SeriesCountDto[]> {
  const rows = await store.raw(
    `select metric, unit, count(*)::int as count from "AnalyticsSeries" group by metric, unit order by metric, unit nulls first`,
  );
  return rows.map((r) => ({
    metric: String(r.metric),
    unit: r.unit === null ? null : String(r.unit),
    count: Number(r.count),
  }));
}

/** Text is parsed here so a syntax error keeps its position; the store validates the rest, all or nothing. */
export async function addSeries(store: PlaygroundStore, inputs: string | unknown[]): Promise<{ added: number }> {
  const list = typeof inputs === "string" ? parseJsonText(inputs) : inputs;
  await store.addSeriesValues(list as AnalyticsSeriesInput[]);
  return { added: (list as unknown[]).length };
}

export async function clearSource(store: PlaygroundStore, text: string): Promise<{ deleted: number }> {
  const path = AnalyticsPath.fromString(text, "path");
  // The empty path is everything: too easy to send by accident from an empty input.
  if (path.segments.length === 0)
    throw new AnalyticsInputError(
      "path",
      'enter a source path such as "powerhouse/demo/SES-001"; to start over, reseed the demo',
    );
  return { deleted: await store.clearSeriesBySource(path, true) };
}

/** Empties the tables (ids restart, as in a fresh boot) and loads a new demo. */
export async function reseed(store: PlaygroundStore, { count, seed }: BootParams): Promise<number> {
  await store.raw(`truncate ${TABLE_LIST} restart identity`);
  // Generated batch by batch, as a boot seeds: a million series never sit in memory at once.
  await seedDemo(store, count, seed);
  return count;
}
