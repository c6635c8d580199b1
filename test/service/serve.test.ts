import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client as PgClient } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_DEFAULT_MONTHLY, dashboardQueries, toQueryJson } from "../../bench/workload.js";
import { startServer, type RunningServer } from "../../src/hosts/server/server.js";
import { EngineClient, type RpcError } from "../../src/client/EngineClient.js";
import { SCRIPT_WORKER_CSP } from "../../src/rpc/script.js";
import { inProcessTransport } from "../support/inProcessWorker.js";
import { startPostgres, type PostgresServer } from "../support/postgres.js";
import { connect as connectTo, type Connected } from "../support/serverClient.js";

// `npm run serve` in-process: the worker's RPC over a WebSocket on a real PostgreSQL, compared
// with the same RPC on PGlite; and the server's safety (read-only SQL, loopback, token).

const COUNT = 2000;
const SEED = 42;
let pg: PostgresServer;
const dist = mkdtempSync(join(tmpdir(), "serve-dist-"));
writeFileSync(join(dist, "index.html"), "<!doctype html><html><head><title>t</title></head><body></body></html>");
writeFileSync(join(dist, "app.js"), "console.log(1)");
mkdirSync(join(dist, "assets"));
writeFileSync(join(dist, "assets", "scriptWorker-Ab1_x.js"), "postMessage(1)");

const running: RunningServer[] = [];
async function serve(options: { allowWrites?: boolean; token?: string; host?: string } = {}): Promise<RunningServer> {
  const server = await startServer({ pg: pg.url, port: 0, dist, ...options });
  running.push(server);
  return server;
}

const connect = (server: RunningServer, options?: Parameters<typeof connectTo>[1]): Connected =>
  connectTo(server.port, options);

/** The same RPC on PGlite in this process: what the server's answers must equal. */
function inTab(): EngineClient {
  return new EngineClient(inProcessTransport());
}

const fail = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable("the call succeeded"),
    (e: RpcError) => ({ kind: e.kind, message: e.message }),
  );
const CHECKSUM = `select md5(string_agg(t, '|' order by t)) as c from (select row_to_json(s)::text t from "AnalyticsSeries" s union all select row_to_json(l)::text from "AnalyticsSeries_AnalyticsDimension" l) x`;

beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => {
  for (const s of running) await s.close();
  await pg?.stop();
});

describe("npm run serve --allow-writes", () => {
  let server: RunningServer;
  let remote: Connected;
  const local = inTab();
  beforeAll(async () => {
    server = await serve({ allowWrites: true });
    remote = connect(server);
    await Promise.all([remote.client.boot({ count: COUNT, seed: SEED }), local.boot({ count: COUNT, seed: SEED })]);
  });

  it("seeds an empty database with the demo on boot and says which backend it is", async () => {
    const again = await remote.client.boot({ count: COUNT, seed: SEED });
    expect(again.seriesCount).toBe(COUNT);
    expect(again.backend).toEqual({
      kind: "postgres",
      label: "server (Postgres)",
      allowWrites: true,
      database: expect.stringMatching(/^postgres@127\.0\.0\.1:\d+\/postgres$/) as unknown as string,
      version: expect.stringMatching(/^\d+\.\d+/) as unknown as string,
    });
    expect(again.steps.map((s) => s.step)).toEqual(["load", "seed"]);
    expect(remote.events.filter((e) => e.type === "progress" && e.step === "seed" && e.finished)).toHaveLength(1);
  });

  it("refuses a boot with a demo size out of range, and boots when asked again correctly", async () => {
    const other = connect(server);
    const e = await other.client.boot({ count: 2_000_000, seed: SEED }).catch((x: RpcError) => x);
    expect(e).toMatchObject({
      kind: "input",
      field: "count",
      message: expect.stringContaining(
        "count must be a whole number from 0 to 1,000,000, got 2000000",
      ) as unknown as string,
    });
    expect((await other.client.boot({ count: COUNT, seed: SEED })).seriesCount).toBe(COUNT);
    other.client.terminate();
  });

  it("answers the demo monthly query and 10 dashboard queries as PGlite does", async () => {
    for (const spec of [DEMO_DEFAULT_MONTHLY, ...dashboardQueries(10)]) {
      const [a, b] = await Promise.all([local.execute(toQueryJson(spec)), remote.client.execute(toQueryJson(spec))]);
      expect(b.query).toEqual(a.query);
      expect(
        b.results.map((p) => [p.period, p.start, p.end, p.rows.map((r) => [r.dimensions, r.metric, r.unit])]),
      ).toEqual(a.results.map((p) => [p.period, p.start, p.end, p.rows.map((r) => [r.dimensions, r.metric, r.unit])]));
      a.results.forEach((p, i) => p.rows.forEach((r, j) => expect(b.results[i].rows[j].sum).toBeCloseTo(r.sum, 6)));
    }
  });

  it("answers the analytics subgraph's GraphQL as PGlite does", async () => {
    const query = `{ analytics { currencies series(filter: { start: "2022-01-01", end: "2023-01-01", granularity: quarterly,
      metrics: ["Budget", "Actuals"], currency: "DAI", dimensions: [{ name: "budget", select: "atlas", lod: 2 }] })
      { period start end rows { dimensions { name path } metric unit } } } }`;
    const [a, b] = await Promise.all([local.call("graphql", { query }), remote.client.call("graphql", { query })]);
    expect(a.response.errors).toBeUndefined();
    expect((a.response.data as { analytics: { series: unknown[] } }).analytics.series).toHaveLength(4);
    expect(b.response).toEqual(a.response);
    expect(b.logs.length).toBeGreaterThan(0);
  });

  it("logs every statement with its index and rows, and times the stages, over the socket", async () => {
    const before = remote.events.length;
    const result = await remote.client.execute(toQueryJson(DEMO_DEFAULT_MONTHLY));
    expect(result.logs.length).toBeGreaterThan(0);
    for (const entry of result.logs)
      expect(entry).toMatchObject({ runId: result.runId, method: "execute", status: "done" });
    expect(result.logs.map((e) => e.index)).toEqual([...result.logs.map((e) => e.index)].sort((x, y) => x - y));
    const rows = result.logs.at(-1)!.rowCount!;
    expect(rows).toBeGreaterThan(0);
    const streamed = remote.events.slice(before).filter((e) => e.type === "log");
    // Each statement is announced running, then done.
    expect(streamed).toHaveLength(result.logs.length * 2);
    expect(result.timings.map((t) => t.metric)).toContain("Query");
  });

  it("runs the SQL editor's text with its own counts, and writes when allowed", async () => {
    const out = await remote.client.raw(
      `insert into "AnalyticsDimension" (dimension, path) values ('probe', 'a/'), ('probe', 'b/'); update "AnalyticsDimension" set label = 'x' where dimension = 'probe'; select count(*)::int as n from "AnalyticsDimension" where dimension = 'probe'`,
    );
    expect(out.statements.map((s) => s.affectedRows)).toEqual([2, 2, 0]);
    expect(out.statements[2].rows).toEqual([{ n: 2 }]);
    await remote.client.raw(`delete from "AnalyticsDimension" where dimension = 'probe'`);
    const open = await remote.client.raw(`begin; delete from "AnalyticsSeries"`);
    expect(open.rolledBack).toBe(true);
    expect((await remote.client.raw(`select count(*)::int as n from "AnalyticsSeries"`)).statements[0].rows).toEqual([
      { n: COUNT },
    ]);
  });

  it("tells every other tab on the server of a write, so their live views re-run", async () => {
    const other = connect(server);
    await other.client.boot({ count: COUNT, seed: SEED });
    const before = other.events.length;
    const input = {
      start: "2022-01-01T00:00:00Z",
      source: "test/broadcast",
      metric: "Budget",
      unit: "DAI",
      value: 5,
      dimensions: { budget: "atlas/probe" },
    };
    await remote.client.call("addSeries", { inputs: [input] });
    await remote.client.call("clearSource", { path: "test/broadcast" });
    await new Promise((r) => setTimeout(r, 200));
    expect(other.events.slice(before).filter((e) => e.type === "changed")).toEqual([
      { type: "changed", runId: -1, method: "addSeries", sources: ["test/broadcast"] },
      { type: "changed", runId: -1, method: "clearSource", sources: ["test/broadcast"] },
    ]);
    other.client.terminate();
  });

  it("keeps Postgres's own statement timeout (behind the server's timer) after any `set`", async () => {
    await remote.client.raw(`set statement_timeout = 0`);
    expect((await remote.client.raw(`show statement_timeout`)).statements[0].rows).toEqual([
      { statement_timeout: "62s" },
    ]);
  });

  it("reports a Postgres error with its position", async () => {
    const e = await remote.client.raw('select nope from "AnalyticsSeries"').catch((x: RpcError) => x);
    expect(e).toMatchObject({ kind: "sql", message: 'column "nope" does not exist', position: 8 });
  });

  it.each(["hang", "uncaught", "trap"] as const)(
    "has no test-only faults (%s): simulateFault is an unknown method, and it keeps answering",
    async (fault) => {
      expect(await fail(remote.client.call("simulateFault" as "raw", { fault } as never))).toEqual({
        kind: "input",
        message: expect.stringMatching(/^method: unknown method "simulateFault"; the engine answers boot, /) as unknown,
      });
      expect((await remote.client.raw("select 1 as one")).statements[0].rows).toEqual([{ one: 1 }]);
    },
  );

  it("refuses a PGlite dump with a message naming what to use", async () => {
    expect(await fail(remote.client.call("exportDatabase", {}))).toEqual({
      kind: "state",
      message: "exporting the database is for the tab's PGlite database; on the server, use pg_dump",
    });
  });
});

describe("npm run serve (read-only by default)", () => {
  let server: RunningServer;
  let remote: Connected;
  let before: unknown;
  beforeAll(async () => {
    server = await serve();
    remote = connect(server);
    const boot = await remote.client.boot({ count: COUNT, seed: SEED });
    expect(boot.backend.allowWrites).toBe(false);
    expect(boot.seriesCount).toBe(COUNT);
    before = (await remote.client.raw(CHECKSUM)).statements[0].rows;
  });
  afterAll(async () => {
    // Nothing any test below tried was written.
    expect((await remote.client.raw(CHECKSUM)).statements[0].rows).toEqual(before);
  });

  it("keeps only the first 10,000 rows of a statement in memory, and counts the rest", async () => {
    const out = await remote.client.raw(`select 1 as one; select g from generate_series(1, 25000) g; select 2 as two`);
    expect(out.statements.map((st) => [st.rows.length, st.totalRows])).toEqual([
      [1, undefined],
      [10_000, 25_000],
      [1, undefined],
    ]);
    expect(out.statements[1].rows.at(-1)).toEqual({ g: 10_000 });
  });

  it("reads with the SQL editor and runs queries", async () => {
    expect((await remote.client.raw(`select count(*)::int as n from "AnalyticsSeries"`)).statements[0].rows).toEqual([
      { n: COUNT },
    ]);
    expect((await remote.client.execute(toQueryJson(DEMO_DEFAULT_MONTHLY))).results.length).toBeGreaterThan(10);
  });

  it.each([
    ["an insert", `insert into "AnalyticsDimension" (dimension, path) values ('x', 'y/')`, "INSERT into", 1],
    ["ending the server's transaction", `select 1; commit; delete from "AnalyticsSeries"`, "COMMIT", 11],
    ["a truncate", `truncate "AnalyticsSeries" cascade`, 'TRUNCATE "AnalyticsSeries"', 1],
    ["a new table", `create table playground_probe (x int)`, "CREATE table", 1],
    ["changing role", `set role postgres`, "SET role", 1],
    ["a delete after comments", `select 1;\n-- note\n/* more */ delete from "AnalyticsSeries"`, "DELETE from", 30],
  ])("refuses %s in the SQL editor by its parse tree, before it reaches the database", async (_name, sql, what, at) => {
    const e = await remote.client.raw(sql).catch((x: RpcError) => x);
    const n = sql.slice(0, at - 1).split(";").length;
    expect(e).toMatchObject({
      kind: "sql",
      position: at,
      message: `statement ${n} (${what} …) is refused: this server's SQL editor is read-only and runs plain reads (SELECT, WITH … SELECT, VALUES, EXPLAIN, SHOW), each inside a read-only transaction; start the server with --allow-writes to change data`,
    });
  });

  it("starts every SQL run from the role's settings: a session change does not outlive its run", async () => {
    await remote.client.raw(`select set_config('search_path', 'pg_catalog', false)`);
    for (let i = 0; i < 6; i++)
      expect((await remote.client.raw(`show default_transaction_read_only`)).statements[0].rows).toEqual([
        { default_transaction_read_only: "on" },
      ]);
    expect((await remote.client.raw(`show search_path`)).statements[0].rows).toEqual([
      { search_path: '"$user", public' },
    ]);
  });

  it("cancels the SQL editor's statement when the page closes its connection (what Cancel does)", async () => {
    const other = connect(server);
    await other.client.boot({ count: COUNT, seed: SEED });
    const slow = other.client.raw("select pg_sleep(30) as slept").catch((e: Error) => e.message);
    const active = async () =>
      Number(
        (
          await remote.client.raw(
            `select count(*)::int as n from pg_stat_activity where query = 'select pg_sleep(30) as slept' and state = 'active'`,
          )
        ).statements[0].rows[0].n,
      );
    for (let i = 0; (await active()) === 0; i++) if (i > 100) throw new Error("the slow statement never started");
    const t0 = Date.now();
    other.client.terminate();
    expect(await slow).toBe("the engine server was stopped");
    while ((await active()) > 0)
      if (Date.now() - t0 > 5000) throw new Error("the statement still runs 5 s after the cancel");
  });

  it.each([
    ["addSeries", () => remote.client.call("addSeries", { inputs: [] }), "adding series"],
    ["clearSource", () => remote.client.call("clearSource", { path: "a" }), "clearing a source"],
    ["reseed", () => remote.client.call("reseed", { count: 10, seed: 1 }), "reseeding"],
    ["importDump", () => remote.client.call("importDump", { sql: "" }), "importing a dump"],
  ])("refuses %s, saying how to allow writes", async (_name, call, what) => {
    expect(await fail(call())).toEqual({
      kind: "state",
      message: `${what} is refused: this server is read-only; start it with \`npm run serve -- --pg <url> --allow-writes\` to write`,
    });
  });
});

describe("who may connect", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await serve({ token: "s3cret-token-0123456789" });
  });
  const bootError = (c: Connected) => fail(c.client.boot({ count: 0, seed: 1 }));

  it("needs the token when the server has one", async () => {
    expect(await bootError(connect(server))).toEqual({
      kind: "crashed",
      message: expect.stringMatching(
        /^engine server failed: the server at ws:\/\/127\.0\.0\.1:\d+\/rpc could not connect or the connection dropped/,
      ) as unknown as string,
    });
    expect(await bootError(connect(server, { token: "wrong-token!" }))).toMatchObject({ kind: "crashed" });
    expect(
      (await connect(server, { token: "s3cret-token-0123456789" }).client.boot({ count: 0, seed: 1 })).seriesCount,
    ).toBe(COUNT);
  });

  it("refuses pages from other sites and other host names (DNS rebinding) on loopback", async () => {
    expect(
      await bootError(
        connect(server, { token: "s3cret-token-0123456789", headers: { Origin: "http://evil.example" } }),
      ),
    ).toMatchObject({ kind: "crashed" });
    expect(
      await bootError(
        connect(server, {
          token: "s3cret-token-0123456789",
          headers: { Host: `evil.example:${server.port}`, Origin: `http://evil.example:${server.port}` },
        }),
      ),
    ).toMatchObject({ kind: "crashed" });
    const own = `127.0.0.1:${server.port}`;
    expect(
      (
        await connect(server, { token: "s3cret-token-0123456789", headers: { Origin: `http://${own}` } }).client.boot({
          count: 0,
          seed: 1,
        })
      ).seriesCount,
    ).toBe(COUNT);
  });

  it("refuses a Host header that is not a host, and keeps serving", async () => {
    expect(
      await bootError(connect(server, { token: "s3cret-token-0123456789", headers: { Host: "not a host" } })),
    ).toMatchObject({
      kind: "crashed",
    });
    expect(
      (await connect(server, { token: "s3cret-token-0123456789" }).client.boot({ count: 0, seed: 1 })).seriesCount,
    ).toBe(COUNT);
  });

  it("says which port is taken", async () => {
    await expect(startServer({ pg: pg.url, port: server.port, dist, allowWrites: true })).rejects.toThrow(
      new RegExp(
        `^cannot listen on 127\\.0\\.0\\.1:${server.port} \\(listen EADDRINUSE: address already in use 127\\.0\\.0\\.1:${server.port}\\): pick another --port$`,
      ),
    );
  });

  it("makes up a token when bound beyond loopback", async () => {
    const open = await serve({ host: "0.0.0.0" });
    expect(open.token).toMatch(/^[0-9a-f]{32}$/);
    expect((await connect(open, { token: open.token! }).client.boot({ count: 0, seed: 1 })).seriesCount).toBe(COUNT);
  });

  it("serves the app with the server marker, and nothing outside dist", async () => {
    const base = `http://127.0.0.1:${server.port}`;
    const index = await fetch(`${base}/`);
    expect(index.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await index.text()).toContain(`<meta name="playground-server" content="/rpc" />`);
    expect((await fetch(`${base}/app.js`)).headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    // The script worker's file, and only it, carries the policy that keeps scripts off the network.
    const worker = await fetch(`${base}/assets/scriptWorker-Ab1_x.js`);
    expect(worker.headers.get("content-security-policy")).toBe(SCRIPT_WORKER_CSP);
    expect((await fetch(`${base}/app.js`)).headers.get("content-security-policy")).toBeNull();
    expect((await fetch(`${base}/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/%2e%2e/package.json`)).status).toBe(404);
    expect((await fetch(`${base}/`, { method: "POST" })).status).toBe(405);
  });
});

describe("a demo seed cut short on the server", () => {
  it("stops when its tab goes, and the next boot starts the demo over", async () => {
    const admin = new PgClient({ connectionString: pg.url });
    await admin.connect();
    await admin.query("create database cut_short");
    await admin.end();
    const url = new URL(pg.url);
    url.pathname = "/cut_short";
    const server = await startServer({ pg: url.toString(), port: 0, dist, allowWrites: true });
    running.push(server);
    const first = connect(server);
    const booting = first.client.boot({ count: 100_000, seed: SEED }).then(
      () => "booted",
      (e: RpcError) => e.message,
    );
    while (!first.events.some((e) => e.type === "progress" && e.step === "seed" && e.done > 0))
      await new Promise((r) => setTimeout(r, 20));
    first.client.terminate();
    expect(await booting).toBe("the engine server was stopped");

    const second = connect(server);
    const boot = await second.client.boot({ count: COUNT, seed: SEED });
    expect(boot.steps.find((s) => s.step === "seed")?.label).toBe(
      "Seeding again (the last seed was interrupted): 2,000 demo series into PostgreSQL",
    );
    expect(boot.seriesCount).toBe(COUNT);
    // The same demo as a fresh seed: ids from 1, and the mark is gone.
    expect(
      (
        await second.client.raw(
          `select min(id)::int as lo, max(id)::int as hi, obj_description('"AnalyticsSeries"'::regclass, 'pg_class') as note from "AnalyticsSeries"`,
        )
      ).statements[0].rows,
    ).toEqual([{ lo: 1, hi: COUNT, note: null }]);
    second.client.terminate();
  });
});
