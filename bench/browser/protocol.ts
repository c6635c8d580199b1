/** Messages between the bench page and its worker. */
export type BenchSizeResult = {
  size: number;
  initMs: number;
  ingestMs: number;
  ingestPerSecond: number;
  /** The median of `demoMonthlySamples` (five runs after one untimed warm-up). */
  demoMonthlyMs: number;
  demoMonthlySamples: number[];
  queries: number;
  p50Ms: number;
  p95Ms: number;
  rows: number;
};
export type BenchRequest = { sizes: number[]; queries: number };
export type BenchMessage =
  | { type: "progress"; text: string }
  | { type: "size"; result: BenchSizeResult }
  | { type: "done" }
  | { type: "error"; message: string };
