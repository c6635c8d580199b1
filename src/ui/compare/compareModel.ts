import type { PeriodDto, RowDto } from "../../rpc/protocol.js";
import { seriesId, type Measure } from "../chart/seriesModel.js";

/** Both runs' periods, once each, in time order: the shared x axis of the two charts. */
export function alignPeriods(a: PeriodDto[], b: PeriodDto[]): { period: string; start: string; end: string }[] {
  const byLabel = new Map<string, { period: string; start: string; end: string }>();
  for (const p of [...a, ...b])
    if (!byLabel.has(p.period)) byLabel.set(p.period, { period: p.period, start: p.start, end: p.end });
  return [...byLabel.values()].sort(
    (x, y) => Date.parse(x.start) - Date.parse(y.start) || Date.parse(x.end) - Date.parse(y.end),
  );
}

/** A chart's rows on the shared axis: a period one run does not have is a gap in its chart. */
export function onAxis(
  axis: { period: string }[],
  data: Record<string, number | string>[],
): Record<string, number | string>[] {
  const byPeriod = new Map(data.map((d) => [String(d.period), d]));
  return axis.map((p) => byPeriod.get(p.period) ?? { period: p.period });
}

export type DiffRow = {
  period: string;
  key: string;
  name: string;
  a: number | null;
  b: number | null;
  delta: number | null;
};

const rowName = (r: RowDto) =>
  [
    ...Object.entries(r.dimensions).map(([n, d]) => `${n}: ${d.path}`),
    `${r.metric}${r.unit ? ` (${r.unit})` : ""}`,
  ].join(" · ");

/** Per period and row key (dimension paths, metric, unit): A's and B's value and B − A. */
export function diffRows(a: PeriodDto[], b: PeriodDto[], measure: Measure): DiffRow[] {
  const out: DiffRow[] = [];
  const index = (ps: PeriodDto[]) => new Map(ps.map((p) => [p.period, new Map(p.rows.map((r) => [seriesId(r), r]))]));
  const ia = index(a);
  const ib = index(b);
  for (const { period } of alignPeriods(a, b)) {
    const ra = ia.get(period) ?? new Map<string, RowDto>();
    const rb = ib.get(period) ?? new Map<string, RowDto>();
    const keys = [...new Set([...ra.keys(), ...rb.keys()])].sort();
    for (const key of keys) {
      const x = ra.get(key);
      const y = rb.get(key);
      const av = x ? x[measure] : null;
      const bv = y ? y[measure] : null;
      out.push({
        period,
        key,
        name: rowName((x ?? y)!),
        a: av,
        b: bv,
        delta: av === null || bv === null ? null : bv - av,
      });
    }
  }
  return out;
}

/** Equal up to float noise: sums of the same numbers in another order may differ in the last bits. */
export const differs = (r: DiffRow) =>
  r.delta === null || Math.abs(r.delta) > 1e-9 * Math.max(1, Math.abs(r.a ?? 0), Math.abs(r.b ?? 0));

/**
 * `fine`'s rows gathered into `coarse`'s periods (values added, the running sum taken at the last
 * fine period), when each fine period lies inside one coarse period; null when they do not nest
 * (weeks across months).
 */
export function rollUp(fine: PeriodDto[], coarse: PeriodDto[]): PeriodDto[] | null {
  const bounds = coarse.map((c) => [Date.parse(c.start), Date.parse(c.end)]);
  const into = coarse.map(() => new Map<string, { row: RowDto; end: number }>());
  for (const f of fine) {
    const [fs, fe] = [Date.parse(f.start), Date.parse(f.end)];
    const at = bounds.findIndex(([s, e]) => s <= fs && fe <= e);
    if (at < 0) return null;
    for (const r of f.rows) {
      const key = seriesId(r);
      const seen = into[at].get(key);
      if (!seen) into[at].set(key, { row: { ...r }, end: fe });
      else {
        seen.row.value += r.value;
        if (fe >= seen.end) [seen.row.sum, seen.end] = [r.sum, fe];
      }
    }
  }
  return coarse.map((c, i) => ({ ...c, rows: [...into[i].values()].map((x) => x.row) }));
}

export type Aligned = { a: PeriodDto[]; b: PeriodDto[]; note: string | null; comparable: boolean };

/**
 * A and B on the same periods for the differences: as they are when their granularities match,
 * else the finer one summed into the coarser one's periods — or, when those do not nest, a plain
 * "not comparable" rather than every period called different.
 */
export function alignGranularity(
  a: { granularity: string; results: PeriodDto[] },
  b: { granularity: string; results: PeriodDto[] },
): Aligned {
  if (a.granularity === b.granularity) return { a: a.results, b: b.results, note: null, comparable: true };
  const aFiner = a.results.length >= b.results.length;
  const [fine, coarse] = aFiner ? [a, b] : [b, a];
  const [fineName, coarseName] = aFiner ? ["A", "B"] : ["B", "A"];
  const rolled = rollUp(fine.results, coarse.results);
  if (!rolled)
    return {
      a: a.results,
      b: b.results,
      comparable: false,
      note: `A is ${a.granularity} and B is ${b.granularity}: their periods do not nest, so no row is compared`,
    };
  const note = `${fineName}'s ${fine.granularity} periods summed into ${coarseName}'s ${coarse.granularity} ones`;
  return aFiner
    ? { a: rolled, b: b.results, note, comparable: true }
    : { a: a.results, b: rolled, note, comparable: true };
}
