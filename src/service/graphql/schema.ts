// The analytics subgraph's schema, as apps query it: `analytics { series(filter) … }`. Written
// from the subgraph's published shape (types, fields, argument and input names); the descriptions
// are ours, for the GraphQL pane's hover docs.
export const ANALYTICS_SDL = `"""ISO 8601 instant, e.g. 2023-01-01T00:00:00.000Z"""
scalar DateTime

type Query {
  """The analytics engine: series over periods, and the names it knows."""
  analytics: AnalyticsQuery
}

type AnalyticsQuery {
  """Values and running totals per period for the filter's metrics, dimensions and currency."""
  series(filter: AnalyticsFilter): [AnalyticsPeriod]
  """As series, with rows in other currencies converted into the filter's currency by price metrics."""
  multiCurrencySeries(filter: MultiCurrencyConversions): [AnalyticsPeriod]
  """Every metric in the store."""
  metrics: [String]
  """Every dimension with its stored paths."""
  dimensions: [Dimension]
  """Every currency in the store."""
  currencies: [String]
}

"""One period (start, end] and the rows that fall in it."""
type AnalyticsPeriod {
  """The period's name, e.g. 2023/Q1."""
  period: String
  start: DateTime
  end: DateTime
  rows: [AnalyticsSeries]
}

"""One metric for one group of dimension paths in one period."""
type AnalyticsSeries {
  dimensions: [AnalyticsSeriesDimension]
  metric: String
  unit: String
  """The change over the period."""
  value: Float
  """The running total at the period's end."""
  sum: Float
}

type AnalyticsSeriesDimension {
  name: String
  """The path, cut to the filter's level of detail."""
  path: String
  label: String
  description: String
  icon: String
}

type Dimension {
  name: String
  values: [Value]
}

type Value {
  path: String
  label: String
  description: String
  icon: String
}

enum AnalyticsGranularity {
  hourly
  daily
  weekly
  monthly
  quarterly
  semiAnnual
  annual
  total
}

input AnalyticsFilterDimension {
  """The dimension, e.g. budget."""
  name: String!
  """A path; series at it or under it match, e.g. atlas/legacy."""
  select: String!
  """Level of detail: how many path segments the rows keep."""
  lod: Int!
}

input AnalyticsFilter {
  """First instant, ISO date, e.g. 2023-01-01."""
  start: String
  """Last instant (periods are (start, end]), ISO date."""
  end: String
  "Period to group by"
  granularity: AnalyticsGranularity
  "List of metrics to filter by, such as 'budget' or 'actuals'"
  metrics: [String]
  "List of dimensions to filter by, such as 'budget' or 'project'"
  dimensions: [AnalyticsFilterDimension]
  currency: String
}

input CurrencyConversion {
  """A price metric in the filter's currency, e.g. MKR-DAI."""
  metric: String!
  """The currency it converts from, e.g. MKR."""
  sourceCurrency: String!
}

input MultiCurrencyConversions {
  start: String
  end: String
  "Period to group by"
  granularity: AnalyticsGranularity
  "List of metrics to filter by, such as 'budget' or 'actuals'"
  metrics: [String]
  "List of dimensions to filter by, such as 'budget' or 'project'"
  dimensions: [AnalyticsFilterDimension]
  currency: String
  conversions: [CurrencyConversion]!
}
`;
