// The names a query is checked against (names.ts), read from the store and kept until a write.
// Metrics and currencies are read with a scan of every series, which on a big store costs as much
// as the query; the result rows already name every metric and currency that matched, so the scan
// runs only when a name of the query is missing from them (and a warning needs the known list).
import type { AnalyticsDimensionList } from "../engine/index.js";
import type { PeriodDto, QueryJson } from "../rpc/protocol.js";
import type { NameCatalog } from "./names.js";

type CatalogStore = {
  getMetrics(): Promise<string[]>;
  getCurrencies(): Promise<string[]>;
  getDimensions(): Promise<AnalyticsDimensionList>;
};

/** Retries after a failure: a rejected read is not kept. */
function cached<T>(read: () => Promise<T>) {
  let value: Promise<T> | null = null;
  return {
    get: () =>
      (value ??= read().catch((e: unknown) => {
        value = null;
        throw e;
      })),
    drop: () => (value = null),
  };
}

/** The metrics and currencies the rows name; null when some name of the query is not among them. */
function namedByRows(q: QueryJson, results: PeriodDto[]): { metrics: string[]; currencies: string[] } | null {
  if (q.conversions) return null;
  const metrics = new Set<string>();
  const currencies = new Set<string>();
  for (const period of results)
    for (const row of period.rows) {
      metrics.add(row.metric);
      if (row.unit !== null) currencies.add(row.unit);
    }
  const lower = new Set([...metrics].map((m) => m.toLowerCase()));
  if (!q.metrics.every((m) => lower.has(m.toLowerCase()))) return null;
  const units = q.currency && q.currency !== "*" ? q.currency.split(",").filter((u) => u !== "") : [];
  if (!units.every((u) => currencies.has(u))) return null;
  return { metrics: [...metrics], currencies: [...currencies] };
}

/** `quietly` runs the reads outside the caller's statement log. */
export function nameCatalog(store: CatalogStore, quietly: <T>(read: () => Promise<T>) => Promise<T>) {
  const dimensions = cached(() =>
    quietly(async () => {
      const list = await store.getDimensions();
      return new Map(list.map((d) => [d.name, d.values.map((v) => v.path.toString())]));
    }),
  );
  const values = cached(() =>
    quietly(async () => ({ metrics: await store.getMetrics(), currencies: await store.getCurrencies() })),
  );
  return {
    /** The catalog for checking `q`, whose rows are `results`. */
    async forQuery(q: QueryJson, results: PeriodDto[]): Promise<NameCatalog> {
      const named = namedByRows(q, results) ?? (await values.get());
      return { ...named, dimensions: await dimensions.get() };
    },
    drop(): void {
      dimensions.drop();
      values.drop();
    },
  };
}
