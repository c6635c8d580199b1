/** Period sizes of a query. The numbers are the engine's serialized form. */
export enum AnalyticsGranularity {
  Total = 0,
  Annual = 1,
  SemiAnnual = 2,
  Quarterly = 3,
  Monthly = 4,
  Weekly = 5,
  Daily = 6,
  Hourly = 7,
}

/** The names used by the GraphQL API and the playground's JSON (`"monthly"`). */
export const granularityNames: Record<AnalyticsGranularity, string> = {
  [AnalyticsGranularity.Total]: "total",
  [AnalyticsGranularity.Annual]: "annual",
  [AnalyticsGranularity.SemiAnnual]: "semiAnnual",
  [AnalyticsGranularity.Quarterly]: "quarterly",
  [AnalyticsGranularity.Monthly]: "monthly",
  [AnalyticsGranularity.Weekly]: "weekly",
  [AnalyticsGranularity.Daily]: "daily",
  [AnalyticsGranularity.Hourly]: "hourly",
};

export function granularityFromName(name: string): AnalyticsGranularity | undefined {
  const wanted = name.toLowerCase();
  for (const [value, n] of Object.entries(granularityNames)) {
    if (n.toLowerCase() === wanted) return Number(value) as AnalyticsGranularity;
  }
  return undefined;
}
