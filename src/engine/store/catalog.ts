import type { AnalyticsDimensionList } from "../core/types.js";
import type { StoreSql } from "./ingest.js";
import { text } from "./sqlPaths.js";

type CatalogRow = {
  dimension: string;
  path: string;
  icon: string | null;
  label: string | null;
  description: string | null;
};

/** Every dimension with its paths (without the stored trailing `/`) and their metadata. */
export async function readDimensions({ executor, knex }: StoreSql): Promise<AnalyticsDimensionList> {
  const rows = await executor.execute<CatalogRow>(
    knex("AnalyticsDimension")
      .select("dimension", "path", "icon", "label", "description")
      .orderBy(["dimension", "path"]),
  );
  const byName = new Map<string, AnalyticsDimensionList[number]>();
  for (const r of rows) {
    let entry = byName.get(r.dimension);
    if (!entry) byName.set(r.dimension, (entry = { name: r.dimension, values: [] }));
    const path = r.path.endsWith("/") ? r.path.slice(0, -1) : r.path;
    entry.values.push({ path, icon: text(r.icon), label: text(r.label), description: text(r.description) });
  }
  return [...byName.values()];
}

export async function readMetrics({ executor, knex }: StoreSql): Promise<string[]> {
  const rows = await executor.execute<{ metric: string }>(knex("AnalyticsSeries").distinct("metric").orderBy("metric"));
  return rows.map((r) => r.metric);
}

export async function readCurrencies({ executor, knex }: StoreSql): Promise<string[]> {
  const rows = await executor.execute<{ unit: string }>(
    knex("AnalyticsSeries").distinct("unit").whereNotNull("unit").orderBy("unit"),
  );
  return rows.map((r) => r.unit);
}
