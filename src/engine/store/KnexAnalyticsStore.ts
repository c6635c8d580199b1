import type { Knex } from "knex";
import { DateTime } from "luxon";
import { AnalyticsInputError } from "../core/errors.js";
import { AnalyticsPath } from "../core/path.js";
import { normalizeSeriesInputs, type NormalizedSeries } from "../core/seriesInput.js";
import { AnalyticsSubscriptionManager } from "../core/subscriptions.js";
import { DimensionGrouper, cliffOf, periodPoints } from "../core/discretizer.js";
import type {
  AnalyticsDimension,
  AnalyticsDimensionList,
  AnalyticsQuery,
  GroupedSeries,
  IGroupingAnalyticsStore,
  AnalyticsSeries,
  AnalyticsSeriesInput,
  AnalyticsSeriesQuery,
  AnalyticsUpdateCallback,
} from "../core/types.js";
import { validateQuery, validateSeriesQuery } from "../core/validate.js";
import { CopyBinaryWriter } from "./copyBinary.js";
import type { IKnexQueryExecutor } from "./executor.js";

export type KnexAnalyticsStoreOptions = { executor: IKnexQueryExecutor; knex: Knex };

/** Rows per bulk statement: large enough to amortise a round trip, small enough to bound memory. */
const CHUNK = 20_000;

type SeriesRow = {
  id: number;
  source: string;
  start_ms: number;
  end_ms: number | null;
  metric: string;
  value: number;
  unit: string | null;
  fn: string;
  params: Record<string, unknown> | null;
  [dimensionColumn: string]: unknown;
};

/** A path's stored prefix: everything under `atlas/a` starts with `atlas/a/`; the empty path is everything. */
function storedPrefix(path: AnalyticsPath): string {
  return path.segments.length === 0 ? "" : path.toString("/");
}

/** The least string above every string starting with `prefix` (which ends in "/"). */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

const text = (v: unknown) => (typeof v === "string" ? v : "");

type DimensionRow = { id: number; path: string; icon: string | null; label: string | null; description: string | null };

const toDimension = (r: DimensionRow): AnalyticsDimension => ({
  path: AnalyticsPath.fromString(r.path),
  icon: text(r.icon),
  label: text(r.label),
  description: text(r.description),
});

const SERIES_COLUMNS = ["id", "source", "start", "end", "metric", "value", "unit", "fn", "params"];

/** `fn` with its results kept per argument, for values a batch repeats many times. */
function memo<K, V>(fn: (key: K) => V): (key: K) => V {
  const seen = new Map<K, V>();
  return (key) => {
    if (seen.has(key)) return seen.get(key)!;
    const value = fn(key);
    seen.set(key, value);
    return value;
  };
}

/**
 * The store's SQL, built with knex and run by an executor. Writes are set-based (a few
 * statements per batch) and atomic; reads are one indexed join. Path matching uses
 * `starts_with`, never LIKE, so `%` and `_` in paths are literal.
 */
export class KnexAnalyticsStore implements IGroupingAnalyticsStore {
  protected readonly executor: IKnexQueryExecutor;
  protected readonly knex: Knex;
  private readonly subscriptions = new AnalyticsSubscriptionManager();

  constructor({ executor, knex }: KnexAnalyticsStoreOptions) {
    this.executor = executor;
    this.knex = knex;
  }

  async addSeriesValue(input: AnalyticsSeriesInput): Promise<void> {
    return this.addSeriesValues([input]);
  }

  /** Stores all inputs or none: the first invalid one fails the call with its index and field. */
  async addSeriesValues(inputs: AnalyticsSeriesInput[]): Promise<void> {
    if (!Array.isArray(inputs)) throw new AnalyticsInputError("inputs", "expected an array of series");
    const series = normalizeSeriesInputs(inputs);
    if (series.length === 0) return;
    await this.executor.transaction(async (tx) => {
      for (let i = 0; i < series.length; i += CHUNK) await this.insertChunk(tx, series.slice(i, i + CHUNK));
    });
    this.rowsSinceAnalyze += series.length;
    this.subscriptions.notifySubscribers(series.map((s) => s.sourcePath));
  }

  /**
   * Whether the database may run a read in parallel workers (a PostgreSQL server; PGlite has
   * one process). The grouped read then lets the planner choose its join order freely.
   */
  protected get parallelReads(): boolean {
    return false;
  }

  private rowsAtAnalyze = 0;
  private rowsSinceAnalyze = 0;

  /** Forget what was analyzed: the tables changed behind the store (another database, a bulk load). */
  protected resetStatistics(): void {
    this.rowsAtAnalyze = 0;
    this.rowsSinceAnalyze = 0;
  }

  /**
   * PGlite runs no autovacuum, so after bulk loads the planner's row counts are stale and it
   * picks nested loops over hash joins (20× slower at 20k series). Reads re-analyze once the
   * tables grew by 10%: once per burst of writes rather than once per batch.
   */
  protected async analyzeIfStale(): Promise<void> {
    if (this.rowsSinceAnalyze < Math.max(1000, this.rowsAtAnalyze * 0.1)) return;
    const added = this.rowsSinceAnalyze;
    this.rowsSinceAnalyze = 0;
    await this.executor.execute(this.knex.raw(`analyze "AnalyticsSeries", "AnalyticsDimension", "AnalyticsSeries_AnalyticsDimension"`));
    this.rowsAtAnalyze += added;
  }

  private async insertChunk(tx: IKnexQueryExecutor, series: NormalizedSeries[]): Promise<void> {
    const k = this.knex;
    const dimensionIds = await this.upsertDimensions(tx, series);
    const idOf = await this.reserveIds(tx, series.length);
    if (tx.copyFrom) {
      // Binary COPY: no per-element array parsing (3–4× faster than array inserts in PGlite),
      // and no timestamp or float text to parse (~1.5× faster than CSV).
      const rows = new CopyBinaryWriter(series.length * 96);
      const links = new CopyBinaryWriter(series.length * 40);
      let linkCount = 0;
      for (let i = 0; i < series.length; i++) {
        const s = series[i];
        const id = idOf(i);
        rows.row(SERIES_COLUMNS.length);
        rows.int4(id);
        rows.repeatedText(s.source);
        rows.timestamptz(s.start);
        if (s.end === null) rows.null();
        else rows.timestamptz(s.end);
        rows.repeatedText(s.metric);
        rows.float8(s.value);
        if (s.unit === null) rows.null();
        else rows.repeatedText(s.unit);
        rows.repeatedText(s.fn);
        if (s.params === null) rows.null();
        else rows.jsonb(JSON.stringify(s.params));
        for (const d of s.dimensions) {
          links.row(2);
          links.int4(id);
          links.int4(dimensionIds.get(d.name)!.get(d.path)!);
          linkCount++;
        }
      }
      await tx.copyFrom(k.raw(`copy ?? (${SERIES_COLUMNS.map(() => "??").join(", ")}) from '/dev/blob' with (format binary)`, ["AnalyticsSeries", ...SERIES_COLUMNS]), rows.finish(), series.length);
      if (linkCount > 0) {
        await tx.copyFrom(k.raw(`copy ?? (??, ??) from '/dev/blob' with (format binary)`, ["AnalyticsSeries_AnalyticsDimension", "seriesId", "dimensionId"]), links.finish(), linkCount);
      }
    } else {
      // A batch repeats few instants (monthly data): format each once.
      const iso = memo((t: number) => new Date(t).toISOString());
      const links: [number[], number[]] = [[], []];
      series.forEach((s, i) => {
        for (const d of s.dimensions) {
          links[0].push(idOf(i));
          links[1].push(dimensionIds.get(d.name)!.get(d.path)!);
        }
      });
      const col = <T>(f: (s: NormalizedSeries) => T) => series.map(f);
      await tx.execute(
        k.raw(
          `insert into ?? (${SERIES_COLUMNS.map(() => "??").join(", ")})
           select * from unnest(?::int[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::float8[], ?::text[], ?::text[], ?::jsonb[])`,
          [
            "AnalyticsSeries",
            ...SERIES_COLUMNS,
            series.map((_, i) => idOf(i)),
            col((s) => s.source),
            col((s) => iso(s.start)),
            col((s) => (s.end === null ? null : iso(s.end))),
            col((s) => s.metric),
            col((s) => s.value),
            col((s) => s.unit),
            col((s) => s.fn),
            col((s) => (s.params ? JSON.stringify(s.params) : null)),
          ],
        ),
      );
      if (links[0].length > 0) {
        await tx.execute(k.raw(`insert into ?? ("seriesId", "dimensionId") select * from unnest(?::int[], ?::int[])`, ["AnalyticsSeries_AnalyticsDimension", ...links]));
      }
    }
    const metadata = series.flatMap((s) => s.metadata);
    if (metadata.length > 0) {
      const m = <T>(f: (x: (typeof metadata)[number]) => T) => metadata.map(f);
      await tx.execute(
        k.raw(
          `update ?? as d set icon = m.icon, label = m.label, description = m.description
           from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) as m(dimension, path, icon, label, description)
           where d.dimension = m.dimension and d.path = m.path`,
          ["AnalyticsDimension", m((x) => x.name), m((x) => x.path), m((x) => x.icon), m((x) => x.label), m((x) => x.description)],
        ),
      );
    }
  }

  /**
   * Ids for `count` new series, as the id of the i-th. Alone on the database (PGlite), one
   * statement moves the sequence past a whole block (nextval per row cost a tenth of ingest); on
   * a shared server each id is drawn with nextval, which stays correct while other sessions insert.
   */
  private async reserveIds(tx: IKnexQueryExecutor, count: number): Promise<(i: number) => number> {
    const seq = `pg_get_serial_sequence('"AnalyticsSeries"', 'id')`;
    if (!tx.exclusive) {
      const rows = await tx.execute<{ id: number }>(this.knex.raw(`select nextval(${seq})::int as id from generate_series(1, ?::int) order by 1`, [count]));
      return (i) => rows[i].id;
    }
    const [{ first }] = await tx.execute<{ first: number }>(this.knex.raw(`select setval(${seq}, nextval(${seq}) + ?::int - 1)::int - ?::int + 1 as first`, [count, count]));
    return (i) => first + i;
  }

  /** Creates missing dimension rows (shared by all series on the same path) and returns their ids by name, then path. */
  private async upsertDimensions(tx: IKnexQueryExecutor, series: NormalizedSeries[]): Promise<Map<string, Map<string, number>>> {
    const wanted = new Map<string, Map<string, number>>();
    const names: string[] = [];
    const paths: string[] = [];
    for (const s of series) {
      for (const d of s.dimensions) {
        let byPath = wanted.get(d.name);
        if (!byPath) wanted.set(d.name, (byPath = new Map()));
        if (!byPath.has(d.path)) {
          byPath.set(d.path, -1);
          names.push(d.name);
          paths.push(d.path);
        }
      }
    }
    if (names.length === 0) return wanted;
    const rows = await tx.execute<{ id: number; dimension: string; path: string }>(
      this.knex.raw(
        `with wanted(dimension, path) as (select * from unnest(?::text[], ?::text[])),
         added as (insert into ?? (dimension, path) select * from wanted on conflict (dimension, path) do nothing returning id, dimension, path)
         select id, dimension, path from added
         union all
         select d.id, d.dimension, d.path from ?? d join wanted w on w.dimension = d.dimension and w.path = d.path`,
        [names, paths, "AnalyticsDimension", "AnalyticsDimension"],
      ),
    );
    for (const r of rows) wanted.get(r.dimension)!.set(r.path, r.id);
    return wanted;
  }

  /**
   * Series of the query's metrics and units with a path under one of the selected paths of
   * every selected dimension. Two statements: the series with their dimension ids, then the
   * metadata of just those dimensions, so icons and labels are not repeated on every row.
   */
  async getMatchingSeries(query: AnalyticsSeriesQuery): Promise<AnalyticsSeries[]> {
    const q = validateSeriesQuery(query);
    await this.analyzeIfStale();
    const k = this.knex;
    const dimensions = Object.entries(q.select);
    const statement = k("AnalyticsSeries as s")
      .select("s.id", "s.source", "s.metric", "s.value", "s.unit", "s.fn", "s.params")
      // Epoch milliseconds parse far faster than timestamp text.
      .select(k.raw(`(extract(epoch from s.start) * 1000)::float8 as start_ms, (extract(epoch from s."end") * 1000)::float8 as end_ms`))
      .whereIn("s.metric", q.metrics);
    this.whereUnits(statement, q.currency);
    if (q.end) statement.where("s.start", "<", q.end.toISO()!);
    dimensions.forEach(([name, paths], i) => {
      const [link, dim] = [`l${i}`, `d${i}`];
      statement
        .join(`AnalyticsSeries_AnalyticsDimension as ${link}`, `${link}.seriesId`, "s.id")
        .join(`AnalyticsDimension as ${dim}`, (on) => on.on(`${dim}.id`, `${link}.dimensionId`).andOnVal(`${dim}.dimension`, "=", name))
        .select({ [`d${i}`]: `${dim}.id` });
      this.whereUnder(statement, `${dim}.path`, paths);
    });
    statement.orderBy([{ column: "s.start" }, { column: "s.id" }]);
    const rows = await this.executor.execute<SeriesRow>(statement);
    const meta = await this.dimensionsById(rows.flatMap((r) => dimensions.map((_, i) => r[`d${i}`] as number)));
    // Few distinct sources repeat over many rows: parse each once.
    const sources = new Map<string, AnalyticsPath>();
    return rows.map((r) => {
      let source = sources.get(r.source);
      if (!source) sources.set(r.source, (source = AnalyticsPath.fromString(r.source)));
      return {
        id: r.id,
        source,
        start: DateTime.fromMillis(r.start_ms, { zone: "utc" }),
        end: r.end_ms === null ? null : DateTime.fromMillis(r.end_ms, { zone: "utc" }),
        metric: r.metric,
        value: r.value,
        unit: r.unit,
        fn: r.fn,
        params: r.params,
        dimensions: Object.fromEntries(dimensions.map(([name], i) => [name, meta.get(r[`d${i}`] as number)!])),
      };
    });
  }

  private async dimensionsById(ids: number[]): Promise<Map<number, AnalyticsDimension>> {
    const unique = [...new Set(ids)];
    const out = new Map<number, AnalyticsDimension>();
    if (unique.length === 0) return out;
    const rows = await this.executor.execute<DimensionRow>(
      this.knex("AnalyticsDimension").select("id", "path", "icon", "label", "description").whereRaw("id = any(?::int[])", [unique]),
    );
    for (const r of rows) out.set(r.id, toDimension(r));
    return out;
  }

  /**
   * Groups and sums the matching series in SQL. The few dimension rows under the selected paths
   * are read first and assigned to their LOD groups here (path segments are escaped text, which
   * SQL cannot cut reliably); the series are then summed per group id, metric, unit and shape.
   */
  async getGroupedSeries(query: AnalyticsQuery): Promise<GroupedSeries> {
    const q = validateQuery(query);
    await this.analyzeIfStale();
    const k = this.knex;
    const dimensions = Object.entries(q.select);
    const names = dimensions.map(([name]) => name);
    const grouper = new DimensionGrouper(names, q.lod);
    const mapping: [number[], number[]][] = names.map(() => [[], []]);
    if (dimensions.length > 0) {
      const rows = await this.executor.execute<DimensionRow & { dimension: string }>(
        k("AnalyticsDimension")
          .select("id", "dimension", "path", "icon", "label", "description")
          .where((w) => {
            for (const [name, paths] of dimensions) w.orWhere((d) => this.whereUnder(d.where("dimension", name), "path", paths));
          })
          .orderBy("id"),
      );
      for (const r of rows) {
        const i = names.indexOf(r.dimension);
        mapping[i][0].push(r.id);
        mapping[i][1].push(grouper.groupOf(i, toDimension(r)));
      }
      // A selected dimension with no path under the selection: nothing can match.
      if (mapping.some(([ids]) => ids.length === 0)) return { dimensions: names, groups: grouper.groups, buckets: [] };
    }
    // With a fixed range, a Single only matters through the first period end at or after its
    // start: SQL moves its start there (width_bucket over the period ends: how many lie before
    // the start, compared as timestamps) and sums it with the others of its group and period.
    // Vests keep their exact shape. Without a range the data decides the range, so every start
    // stays as it is.
    const startMs = `(extract(epoch from s.start) * 1000)::float8`;
    const points = q.start && q.end ? periodPoints(q.start.toMillis(), q.end.toMillis(), q.granularity) : null;
    const start = points
      ? k.raw(`case when s.fn = 'DssVest' then ${startMs} else (?::float8[])[width_bucket(s.start - interval '1 microsecond', ?::timestamptz[]) + 1] end`, [
          points,
          points.map((t) => new Date(t).toISOString()),
        ])
      : k.raw(startMs);
    const end = points ? k.raw(`case when s.fn = 'DssVest' then (extract(epoch from s."end") * 1000)::float8 end`) : k.raw(`(extract(epoch from s."end") * 1000)::float8`);
    const cliff = k.raw(`case when s.fn = 'DssVest' then s.params->>'cliff' end`);
    const statement = k("AnalyticsSeries as s")
      .select(names.map((_, i) => `l${i}.g as g${i}`))
      .select("s.metric", "s.unit", "s.fn")
      .select({ start_ms: start, end_ms: end, cliff })
      .select(k.raw("sum(s.value)::float8 as value"))
      .whereIn("s.metric", q.metrics);
    this.whereUnits(statement, q.currency);
    if (q.end) statement.where("s.start", "<=", q.end.toISO()!); // a change at the end instant belongs to the last period (start, end]
    names.forEach((_, i) => {
      // Each dimension's links are cut to the selected dimension rows (with their group) before
      // they meet the series: `offset 0` keeps the planner from merging the subquery into the
      // outer joins, where it would join every link to the series first (20% slower at 200k in
      // PGlite). A server that runs reads in parallel workers is left free: the fence would
      // keep the joins out of them.
      const fence = this.parallelReads ? "" : " offset 0";
      const links = k.raw(`(select l."seriesId", m.g from ?? l join unnest(?::int[], ?::int[]) as m(id, g) on m.id = l."dimensionId"${fence}) as ??`, [
        "AnalyticsSeries_AnalyticsDimension",
        ...mapping[i],
        `l${i}`,
      ]);
      statement.join(links, `l${i}.seriesId`, "s.id");
    });
    statement.groupBy([...names.map((_, i) => `l${i}.g`), "s.metric", "s.unit", "s.fn", k.raw("start_ms"), k.raw("end_ms"), k.raw("cliff")]);
    const rows = await this.executor.execute<Record<string, unknown>>(statement);
    const buckets = rows.map((r) => ({
      groups: names.map((_, i) => r[`g${i}`] as number),
      metric: r.metric as string,
      unit: r.unit as string | null,
      fn: r.fn as string,
      start: r.start_ms as number,
      end: r.end_ms as number | null,
      cliff: cliffOf(r.fn as string, { cliff: r.cliff }),
      value: r.value as number,
    }));
    return { dimensions: names, groups: grouper.groups, buckets };
  }

  /**
   * Keeps rows whose `column` lies under one of `paths` (all rows when there are none). The
   * range beside `starts_with` lets a btree index answer it (the collation is C); `starts_with`
   * keeps the match literal, where LIKE would read `%` and `_` as wildcards.
   */
  private whereUnder<B extends Knex.QueryBuilder>(builder: B, column: string, paths: AnalyticsPath[]): B {
    if (paths.length > 0) {
      builder.where((w) => {
        for (const p of paths) {
          const prefix = storedPrefix(p);
          if (prefix === "") w.orWhereRaw("true");
          else w.orWhereRaw(`(?? collate "C" >= ? and ?? collate "C" < ? and starts_with(??, ?))`, [column, prefix, column, prefixEnd(prefix), column, prefix]);
        }
      });
    }
    return builder;
  }

  /** Units from the currency's first segment (`DAI` or `DAI,MKR`); none, empty or `*` keeps all. */
  private whereUnits(builder: Knex.QueryBuilder, currency: AnalyticsPath | undefined): void {
    const units = currency?.firstSegment().filters;
    if (units && units.length > 0 && !(units.length === 1 && units[0] === "")) builder.whereIn("s.unit", units);
  }

  /** Deletes every series whose source is `source` or lies under it; returns how many. */
  async clearSeriesBySource(source: AnalyticsPath, cleanUpDimensions = false): Promise<number> {
    const k = this.knex;
    const deleted = await this.executor.transaction(async (tx) => {
      const del = this.whereUnder(k("AnalyticsSeries"), "source", [source]).delete().returning("id");
      const unlink = k("AnalyticsSeries_AnalyticsDimension").whereIn("seriesId", k.select("id").from("deleted")).delete();
      const [{ count }] = await tx.execute<{ count: number }>(
        k.raw("with deleted as (?), unlinked as (?) select count(*)::int as count from deleted", [del, unlink]),
      );
      if (cleanUpDimensions) await this.deleteEmptyDimensions(tx);
      return count;
    });
    this.subscriptions.notifySubscribers([source], true);
    return deleted;
  }

  /** Deletes dimension rows no series links to; returns how many. */
  async clearEmptyAnalyticsDimensions(): Promise<number> {
    return this.deleteEmptyDimensions(this.executor);
  }

  private async deleteEmptyDimensions(executor: IKnexQueryExecutor): Promise<number> {
    const k = this.knex;
    const del = k("AnalyticsDimension as d")
      .whereNotExists(k("AnalyticsSeries_AnalyticsDimension as l").select(k.raw("1")).whereRaw('l."dimensionId" = d.id'))
      .delete()
      .returning(k.raw("1"));
    const [{ count }] = await executor.execute<{ count: number }>(k.raw("with deleted as (?) select count(*)::int as count from deleted", [del]));
    return count;
  }

  /** Every dimension with its paths (without the stored trailing `/`) and their metadata. */
  async getDimensions(): Promise<AnalyticsDimensionList> {
    const rows = await this.executor.execute<{ dimension: string; path: string; icon: string | null; label: string | null; description: string | null }>(
      this.knex("AnalyticsDimension").select("dimension", "path", "icon", "label", "description").orderBy(["dimension", "path"]),
    );
    const byName = new Map<string, AnalyticsDimensionList[number]>();
    for (const r of rows) {
      let entry = byName.get(r.dimension);
      if (!entry) byName.set(r.dimension, (entry = { name: r.dimension, values: [] }));
      entry.values.push({ path: r.path.endsWith("/") ? r.path.slice(0, -1) : r.path, icon: text(r.icon), label: text(r.label), description: text(r.description) });
    }
    return [...byName.values()];
  }

  async getMetrics(): Promise<string[]> {
    const rows = await this.executor.execute<{ metric: string }>(this.knex("AnalyticsSeries").distinct("metric").orderBy("metric"));
    return rows.map((r) => r.metric);
  }

  async getCurrencies(): Promise<string[]> {
    const rows = await this.executor.execute<{ unit: string }>(this.knex("AnalyticsSeries").distinct("unit").whereNotNull("unit").orderBy("unit"));
    return rows.map((r) => r.unit);
  }

  subscribeToSource(source: AnalyticsPath, callback: AnalyticsUpdateCallback): () => void {
    return this.subscriptions.subscribeToPath(source, callback);
  }
}
