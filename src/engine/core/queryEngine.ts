import { discretize, groupSeries, MAX_RESULT_ROWS } from "./discretizer.js";
import { AnalyticsInputError } from "./errors.js";
import { PassthroughAnalyticsProfiler, type IAnalyticsProfiler } from "./profiler.js";
import { validateQuery } from "./validate.js";
import {
  CompoundOperator,
  type AnalyticsDimensionList,
  type AnalyticsQuery,
  type CompoundAnalyticsQuery,
  type GroupedPeriodResults,
  type GroupedPeriodRow,
  type GroupedSeries,
  type IAnalyticsStore,
  type IGroupingAnalyticsStore,
  type MultiCurrencyConversion,
} from "./types.js";

type Arith = { value: number; sum: number };

export type AnalyticsQueryEngineOptions = {
  /**
   * The most rows (rows × periods) one result may hold; a larger one is refused, before it is
   * built, with an AnalyticsInputError naming what to narrow. Default MAX_RESULT_ROWS.
   */
  maxResultRows?: number;
};

function rowKey(row: GroupedPeriodRow): string {
  const dims = Object.entries(row.dimensions).map(([name, d]) => [name, d.path.toString()]);
  return JSON.stringify([dims, row.metric, row.unit]);
}

function apply(op: CompoundOperator, a: number, b: number): number {
  switch (op) {
    case CompoundOperator.VectorAdd:
      return a + b;
    case CompoundOperator.VectorSubtract:
      return a - b;
    case CompoundOperator.ScalarMultiply:
      return a * b;
    case CompoundOperator.ScalarDivide:
      return a / b;
  }
}

/**
 * Runs analytics queries against a store: matching series → LOD groups → periods → rows.
 * A store that can group in SQL (`getGroupedSeries`) does the first two steps itself
 * (`GetGroupedSeries`); any other store is read with `getMatchingSeries` and grouped here
 * (`GetMatchingSeries`, `ApplyLODs`). `Discretize` follows either way; each stage is timed.
 */
export class AnalyticsQueryEngine {
  private readonly profiler: IAnalyticsProfiler;
  private readonly maxResultRows: number;

  constructor(
    private readonly store: IAnalyticsStore,
    profiler?: IAnalyticsProfiler,
    options: AnalyticsQueryEngineOptions = {},
  ) {
    this.profiler = profiler ?? new PassthroughAnalyticsProfiler();
    this.maxResultRows = options.maxResultRows ?? MAX_RESULT_ROWS;
  }

  async execute(query: AnalyticsQuery): Promise<GroupedPeriodResults> {
    const q = validateQuery(query);
    const grouped = await this.group(q);
    return this.profiler.recordSync("Discretize", () =>
      discretize(grouped, q.start, q.end, q.granularity, this.maxResultRows),
    );
  }

  private async group(q: AnalyticsQuery): Promise<GroupedSeries> {
    const store = this.store as Partial<IGroupingAnalyticsStore>;
    if (typeof store.getGroupedSeries === "function") {
      return this.profiler.record("GetGroupedSeries", () => store.getGroupedSeries!(q));
    }
    const series = await this.profiler.record("GetMatchingSeries", () =>
      // The store keeps series with start < end; periods run (start, end], so a change at the end
      // instant belongs to the last period: ask for a millisecond more.
      this.store.getMatchingSeries({
        start: q.start,
        end: q.end?.plus({ milliseconds: 1 }) ?? null,
        metrics: q.metrics,
        currency: q.currency,
        select: q.select,
      }),
    );
    return this.profiler.recordSync("ApplyLODs", () => groupSeries(series, Object.keys(q.select), q.lod));
  }

  /**
   * Combines the inputs with one operand series per period. Every operator broadcasts the
   * operand's value (or its sum, with `useSum`) over all input rows of the same period and
   * applies to both `value` and `sum` of each row.
   */
  async executeCompound(query: CompoundAnalyticsQuery): Promise<GroupedPeriodResults> {
    const { expression } = query;
    if (!Object.values(CompoundOperator).includes(expression.operator)) {
      throw new AnalyticsInputError(
        "expression.operator",
        `unknown operator ${JSON.stringify(expression.operator)}; use VectorAdd, VectorSubtract, ScalarMultiply or ScalarDivide`,
      );
    }
    const base = { start: query.start, end: query.end, granularity: query.granularity };
    const inputs = await this.execute({ ...base, lod: query.lod, select: query.select, ...expression.inputs });
    const operand = await this.execute({
      ...base,
      lod: {},
      select: {},
      metrics: [expression.operand.metric],
      currency: expression.operand.currency,
    });
    return this.profiler.recordSync("ApplyOperator", () => {
      const byPeriod = new Map<string, Arith>();
      for (const p of operand) {
        if (p.rows.length > 1) {
          const units = p.rows.map((r) => r.unit).join(", ");
          throw new AnalyticsInputError(
            "expression.operand.currency",
            `operand ${expression.operand.metric} has several units (${units}); name one currency`,
          );
        }
        if (p.rows.length === 1) byPeriod.set(p.period, p.rows[0]);
      }
      const unit = expression.resultCurrency?.toString();
      return inputs.map((p) => {
        const o = byPeriod.get(p.period);
        if (!o) {
          throw new AnalyticsInputError(
            "expression.operand",
            `no ${expression.operand.metric} series covers period ${p.period}; add one or narrow start/end`,
          );
        }
        const k = expression.operand.useSum ? o.sum : o.value;
        return {
          ...p,
          rows: p.rows.map((r) => ({
            ...r,
            unit: unit ?? r.unit,
            value: apply(expression.operator, r.value, k),
            sum: apply(expression.operator, r.sum, k),
          })),
        };
      });
    });
  }

  /** The query in the target currency plus each conversion (its metric as the rate, by running sum), added row by row. */
  async executeMultiCurrency(query: AnalyticsQuery, mcc: MultiCurrencyConversion): Promise<GroupedPeriodResults> {
    let result = await this.execute({ ...query, currency: mcc.targetCurrency ?? query.currency });
    for (const conversion of mcc.conversions) {
      const converted = await this.executeCompound({
        start: query.start,
        end: query.end,
        granularity: query.granularity,
        lod: query.lod,
        select: query.select,
        expression: {
          inputs: { metrics: query.metrics, currency: conversion.currency },
          operator: CompoundOperator.ScalarMultiply,
          operand: { metric: conversion.metric, currency: mcc.targetCurrency, useSum: true },
          resultCurrency: mcc.targetCurrency,
        },
      });
      result = combine(result, converted, CompoundOperator.VectorAdd);
    }
    return result;
  }

  getDimensions(): Promise<AnalyticsDimensionList> {
    return this.store.getDimensions();
  }
}

/**
 * Element-wise `a op b`, matched by period label and row (dimension paths, metric, unit). A row
 * or period present on one side only counts as zero on the other.
 */
export function combine(
  a: GroupedPeriodResults,
  b: GroupedPeriodResults,
  op: CompoundOperator.VectorAdd | CompoundOperator.VectorSubtract,
): GroupedPeriodResults {
  const periods = new Map(a.map((p) => [p.period, { ...p, rows: new Map(p.rows.map((r) => [rowKey(r), { ...r }])) }]));
  for (const p of b) {
    let target = periods.get(p.period);
    if (!target) {
      target = { ...p, rows: new Map() };
      periods.set(p.period, target);
    }
    for (const r of p.rows) {
      const key = rowKey(r);
      const existing = target.rows.get(key) ?? { ...r, value: 0, sum: 0 };
      target.rows.set(key, {
        ...existing,
        value: apply(op, existing.value, r.value),
        sum: apply(op, existing.sum, r.sum),
      });
    }
  }
  return [...periods.values()]
    .sort((x, y) => x.start.toMillis() - y.start.toMillis())
    .map((p) => ({ ...p, rows: [...p.rows.values()] }));
}
