/**
 * The `--pg` bench: our engine on `PostgresAnalyticsStore`, on a server given by connection
 * string or on a throwaway local cluster (`local`, started by test/support/postgres.ts). Each
 * size gets a fresh database, dropped after its run.
 */
import pg from "pg";
import { AnalyticsQueryEngine, PostgresAnalyticsStore } from "../src/engine/index.js";
import { normalize, toOurQuery, type EngineHandle } from "../test/support/engines.js";
import { startPostgres } from "../test/support/postgres.js";

/** A server (or `local`), and session settings for the bench's connections (`work_mem=64MB`). */
export type PostgresTarget = ({ url: string; local?: undefined } | { local: true; url?: undefined }) & {
  settings?: string[];
};

export type ServerInfo = { version: string; settings: string };

/** A run on one fresh database: `create database`, run, `drop database`. */
export type FreshDatabase = <T>(size: number, run: (url: string) => Promise<T>) => Promise<T>;

export async function createOursOnPostgres(url: string): Promise<EngineHandle & { databaseBytes(): Promise<number> }> {
  const store = new PostgresAnalyticsStore({ connectionString: url });
  await store.init();
  const engine = new AnalyticsQueryEngine(store);
  return {
    name: "ours",
    ingest: (inputs) => store.addSeriesValues(inputs),
    prepare: (inputs) => () => store.addSeriesValues(inputs),
    query: async (spec) => normalize(await engine.execute(toOurQuery(spec)), Object.keys(spec.select)),
    execute: (spec) => engine.execute(toOurQuery(spec)),
    destroy: () => store.destroy(),
    databaseBytes: async () => {
      const [row] = await store.raw(
        `select (pg_total_relation_size('"AnalyticsSeries"') + pg_total_relation_size('"AnalyticsDimension"') + pg_total_relation_size('"AnalyticsSeries_AnalyticsDimension"'))::float8 as bytes`,
      );
      return row.bytes as number;
    },
  };
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Runs `fn` against the target server (started first and stopped after when local). */
export async function postgresDatabases(
  target: PostgresTarget,
  fn: (server: ServerInfo, database: FreshDatabase) => Promise<void>,
): Promise<void> {
  for (const s of target.settings ?? [])
    if (!/^[a-z_.]+=[\w.]+$/.test(s)) throw new Error(`--pg-set wants name=value such as work_mem=64MB; got ${s}`);
  const local = target.local ? await startPostgres() : null;
  const admin = local ? local.url : target.url!;
  try {
    const server = await withClient(admin, async (c) => {
      const version = (await c.query("select version() as v")).rows[0].v as string;
      const names = ["shared_buffers", "work_mem", "max_parallel_workers_per_gather", "fsync", "synchronous_commit"];
      const rows = (
        await c.query("select name, current_setting(name) as value from unnest($1::text[]) as name", [names])
      ).rows as { name: string; value: string }[];
      const session = target.settings?.length ? `; the bench's sessions set ${target.settings.join(", ")}` : "";
      return {
        version: version.split(",")[0],
        settings: `server ${rows.map((r) => `${r.name}=${r.value}`).join(", ")}${session}`,
      };
    });
    let n = 0;
    const database: FreshDatabase = async (size, run) => {
      const name = `analytics_bench_${size}_${process.pid}_${n++}`;
      await withClient(admin, (c) => c.query(`create database ${name}`));
      const url = new URL(admin);
      url.pathname = `/${name}`;
      // Session settings travel as the startup packet's options: every pooled connection gets them.
      if (target.settings?.length) url.searchParams.set("options", target.settings.map((s) => `-c ${s}`).join(" "));
      try {
        return await run(url.toString());
      } finally {
        await withClient(admin, (c) => c.query(`drop database if exists ${name} with (force)`));
      }
    };
    await fn(server, database);
  } finally {
    await local?.stop();
  }
}
