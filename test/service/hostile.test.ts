import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client as PgClient } from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { DEMO_DEFAULT_MONTHLY, toQueryJson } from "../../bench/workload.js";
import type { RpcError } from "../../src/client/EngineClient.js";
import { startServer, type RunningServer, type ServeOptions } from "../../src/hosts/server/server.js";
import { readerRoleSql } from "../../src/hosts/server/readOnly.js";
import { isConnectionLost } from "../../src/service/checks.js";
import { CHECKSUM_SQL } from "../support/inProcessWorker.js";
import { startPostgres, type PostgresServer } from "../support/postgres.js";
import { connect, frame, rawSocket, type Connected } from "../support/serverClient.js";
import { fuzzTransport } from "../../scripts/fuzz/transport.js";

// A hostile client against `npm run serve` on a throwaway PostgreSQL: bad frames, oversize
// messages, killed sessions, huge results, timeouts the text tries to lift, a full pool and every
// read-only escape we know. After each: the server still answers, and nothing it guards changed
// (the tables, the reader role's attributes and settings, large objects, sequences, locks).

const COUNT = 300;
const LIMITS = {
  connections: 40,
  connectionsPerOrigin: 30,
  queuedCalls: 4,
  messageBytes: 1024 * 1024,
  sqlTimeoutMs: 3_000,
  sqlResultBytes: 4 * 1024 * 1024,
  editorConnections: 2,
  editorAcquireMs: 1_000,
} satisfies ServeOptions["limits"];

let pg: PostgresServer;
let admin: PgClient;
let reader: string;
const dist = mkdtempSync(join(tmpdir(), "hostile-dist-"));
writeFileSync(join(dist, "index.html"), "<!doctype html><html><head><title>t</title></head><body></body></html>");
const running: RunningServer[] = [];
const tabs: Connected[] = [];
async function serve(options: Partial<ServeOptions> = {}): Promise<RunningServer> {
  const server = await startServer({ pg: pg.url, port: 0, dist, limits: LIMITS, ...options });
  running.push(server);
  return server;
}
async function tab(server: RunningServer): Promise<Connected> {
  const t = connect(server.port);
  tabs.push(t);
  await t.client.boot({ count: COUNT, seed: 7 });
  return t;
}
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable("the call succeeded"),
    (e: RpcError) => ({ kind: e.kind, message: e.message, ...(e.field ? { field: e.field } : {}) }),
  );
const rows = async (sql: string, params: unknown[] = []) => (await admin.query(sql, params)).rows as unknown[];

/** Everything read-only promises to keep, read as the database's owner. */
async function guarded() {
  return {
    tables: await rows(CHECKSUM_SQL),
    role: await rows(
      `select rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls, rolconnlimit, rolvaliduntil, rolpassword from pg_authid where rolname = $1`,
      [reader],
    ),
    settings: await rows(
      `select s.setdatabase, s.setconfig from pg_db_role_setting s join pg_roles r on r.oid = s.setrole where r.rolname = $1`,
      [reader],
    ),
    memberOf: await rows(
      `select count(*)::int as n from pg_auth_members m join pg_roles r on r.oid = m.member where r.rolname = $1`,
      [reader],
    ),
    largeObjects: await rows(`select count(*)::int as n from pg_largeobject_metadata`),
    sequences: await rows(`select sequencename, last_value from pg_sequences order by 1`),
    advisoryLocks: await rows(`select count(*)::int as n from pg_locks where locktype = 'advisory'`),
    tempTables: await rows(`select count(*)::int as n from pg_class where relpersistence = 't'`),
    objects: await rows(`select count(*)::int as n from pg_class where relnamespace = 'public'::regnamespace`),
  };
}

let server: RunningServer;
let main: Connected;
let before: Awaited<ReturnType<typeof guarded>>;

beforeAll(async () => {
  pg = await startPostgres();
  // The demo, written once by a server that may write; the rest is a read-only server.
  const writer = await serve({ allowWrites: true });
  await tab(writer);
  admin = new PgClient({ connectionString: pg.url });
  await admin.connect();
  server = await serve();
  reader = ((await rows(`select ${readerRoleSql} as name`))[0] as { name: string }).name;
  main = await tab(server);
  before = await guarded();
});
afterAll(async () => {
  for (const t of tabs) t.client.terminate();
  for (const s of running) await s.close();
  await admin?.end();
  await pg?.stop();
});
afterEach(async () => {
  // The server still answers every tab (here: the first), and nothing guarded moved.
  expect((await main.client.raw("select 1 as one")).statements[0].rows).toEqual([{ one: 1 }]);
  // Session-level leftovers (an advisory lock) are gone once the run's connection is reset.
  expect(await guarded()).toEqual(before);
});

describe("frames no client should send", () => {
  it.each([
    ["invalid UTF-8 in a text frame", frame({ payload: Buffer.from([0xff, 0xfe, 0xfd]) }), 1007],
    ["an unmasked frame", frame({ payload: Buffer.from("{}"), masked: false }), 1002],
    ["RSV1 set without an extension", frame({ payload: Buffer.from("{}"), rsv1: true }), 1002],
    ["an unknown opcode", frame({ opcode: 3, payload: Buffer.from("{}") }), 1002],
    ["a header claiming 256 MB", frame({ claimedLength: 256 * 1024 * 1024 }), 1009],
    ["a continuation with nothing to continue", frame({ opcode: 0, payload: Buffer.from("x") }), 1002],
    ["a ping over 125 bytes", frame({ opcode: 9, payload: Buffer.alloc(200) }), 1002],
  ])("closes the connection on %s, and nothing else", async (_name, bytes, code) => {
    const { socket, closed } = await rawSocket(server.port);
    socket.write(bytes);
    expect(await closed).toBe(code);
  });

  it("closes a connection whose socket is cut mid-frame, and nothing else", async () => {
    const { socket } = await rawSocket(server.port);
    socket.write(frame({ payload: Buffer.alloc(1000, 97) }).subarray(0, 300));
    socket.destroy();
    await new Promise((r) => setTimeout(r, 100));
  });
});

describe("messages no client should send", () => {
  /** A `ws` socket that sends `text` and reports how it was closed, or the first answer. */
  const sendRaw = (text: string | Buffer) =>
    new Promise<{ code?: number; reason?: string; answer?: unknown }>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/rpc`);
      ws.on("error", () => undefined);
      ws.on("open", () => ws.send(text));
      ws.on("message", (m) => (resolve({ answer: JSON.parse(String(m)) }), ws.close()));
      ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() }));
    });

  it("closes with 1009 a message over the limit", async () => {
    expect(await sendRaw("x".repeat(LIMITS.messageBytes + 1))).toEqual({ code: 1009, reason: "" });
  });

  it.each([
    ["not JSON", "{", "messages are JSON requests"],
    ["not an object", "[1]", "a request is a JSON object"],
    ["an id that is not a safe integer", `{"id":1e400,"method":"raw","params":{}}`, "got null"],
    ["a fractional id", `{"id":1.5,"method":"raw","params":{}}`, "got 1.5"],
    ["a string id", `{"id":"1","method":"raw","params":{}}`, 'got "1"'],
  ])("closes with 1008 and a reason a message that is %s", async (_name, text, reason) => {
    const out = await sendRaw(text);
    expect(out.code).toBe(1008);
    expect(out.reason).toContain(reason);
  });

  it.each(["__proto__", "constructor", "toString", "hasOwnProperty"])(
    "answers method %s as an unknown method (an input error naming the field)",
    async (method) => {
      const { answer } = await sendRaw(JSON.stringify({ type: "request", id: 7, method, params: {} }));
      expect(answer).toMatchObject({
        type: "response",
        id: 7,
        ok: false,
        error: { kind: "input", field: "method", message: expect.stringMatching(/^method: unknown method/) as unknown },
      });
    },
  );

  it("refuses calls past the per-connection queue at once, and answers the rest", async () => {
    const t = await tab(server);
    const calls = Array.from({ length: LIMITS.queuedCalls + 3 }, (_, i) =>
      t.client.raw(`select ${i} as i, pg_sleep(0.05)`).then(
        () => "answered",
        (e: RpcError) => e.message,
      ),
    );
    const out = await Promise.all(calls);
    expect(out.filter((o) => o === "answered")).toHaveLength(LIMITS.queuedCalls);
    expect(new Set(out.filter((o) => o !== "answered"))).toEqual(
      new Set([`4 calls are already waiting on this connection: wait for their answers before sending more`]),
    );
  });

  it("names the field of a query with 100,000 metrics", async () => {
    const metrics = Array.from({ length: 100_000 }, (_, i) => `M${i}`);
    const t = await tab(server);
    const e = await failure(t.client.execute({ ...toQueryJson(DEMO_DEFAULT_MONTHLY), metrics }));
    expect(e).toMatchObject({ kind: "input", field: "metrics" });
  });
});

describe("connections", () => {
  it("refuses connections past the per-origin and per-server caps with 1013 and a reason", async () => {
    const small = await serve({ limits: { ...LIMITS, connections: 3, connectionsPerOrigin: 2 } });
    const open = (origin?: string) =>
      new Promise<WebSocket | { code: number; reason: string }>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${small.port}/rpc`, {
          headers: origin ? { Origin: origin } : {},
        });
        ws.on("error", () => undefined);
        const timer = setTimeout(() => resolve(ws), 300);
        ws.on("close", (code, reason) => (clearTimeout(timer), resolve({ code, reason: reason.toString() })));
      });
    const own = `http://127.0.0.1:${small.port}`;
    const first = [await open(own), await open(own)];
    expect(first.every((w) => w instanceof WebSocket)).toBe(true);
    expect(await open(own)).toEqual({
      code: 1013,
      reason: "2 connections from one origin is the limit: close a tab",
    });
    const third = await open();
    expect(third).toBeInstanceOf(WebSocket);
    expect(await open()).toEqual({
      code: 1013,
      reason: "the server has 3 connections, its limit: close a tab and retry",
    });
    for (const w of [...first, third]) (w as WebSocket).close();
  });

  it("refuses to start beyond loopback with an empty or short token", async () => {
    await expect(startServer({ pg: pg.url, port: 0, dist, host: "0.0.0.0", token: "" })).rejects.toThrow(
      "--token is empty: give at least 16, or leave it out for a random one",
    );
    await expect(startServer({ pg: pg.url, port: 0, dist, host: "0.0.0.0", token: "short" })).rejects.toThrow(
      "--token is 5 characters: give at least 16, or leave it out for a random one",
    );
  });
});

describe("sessions the database ends", () => {
  it("costs a call that terminates its own session an error, and nothing else", async () => {
    const e = await failure(main.client.raw(`select pg_terminate_backend(pg_backend_pid())`));
    expect(e.message).toMatch(/terminat/);
  });

  it("tells an ended session from an error of the statement", async () => {
    const victim = new PgClient({ connectionString: pg.url });
    await victim.connect();
    victim.on("error", () => undefined);
    const syntax = await victim.query("selec 1").catch((e: unknown) => e);
    expect(isConnectionLost(syntax)).toBe(false);
    const { rows } = await victim.query<{ pid: number }>("select pg_backend_pid() as pid");
    // Ended while a statement runs, then used again.
    const running = victim.query("select pg_sleep(30)").catch((e: unknown) => e);
    await admin.query("select pg_terminate_backend($1, 10000)", [rows[0].pid]);
    const during = (await running) as Error & { code?: string };
    expect([during.code, during.message]).toEqual(["57P01", "terminating connection due to administrator command"]);
    expect(isConnectionLost(during)).toBe(true);
    const after = (await victim.query("select 1").catch((e: unknown) => e)) as Error;
    expect(after.message).toBe("Client has encountered a connection error and is not queryable");
    expect(isConnectionLost(after)).toBe(true);
    await victim.end().catch(() => undefined);
  });

  it("survives a DBA terminating every session of the reader and of the store, and reads on", async () => {
    await main.client.raw("select 1");
    await main.client.call("getDimensionCounts", {});
    // The second argument waits until each session has ended, as the DBA's command would have.
    const { rows } = await admin.query<{ ended: boolean }>(
      `select pg_terminate_backend(pid, 10000) as ended from pg_stat_activity where pid <> pg_backend_pid() and datname = current_database() and backend_type = 'client backend'`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((r) => r.ended)).toBe(true);
    // The store's pool may hand out a connection whose end it has not heard of yet: the read runs
    // again on another one. The editor probes its connection before a run.
    expect((await main.client.call("getMetrics", {})).length).toBeGreaterThan(0);
    expect((await main.client.call("getDimensionCounts", {})).length).toBeGreaterThan(0);
    expect((await main.client.raw("select 2 as two")).statements[0].rows).toEqual([{ two: 2 }]);
  });
});

describe("a PostgreSQL restart", () => {
  it("costs the calls it cuts an error, and the server serves again after it", async () => {
    if (!pg.restart) return; // TEST_PG_URL: not ours to restart
    await main.client.raw("select 1");
    await main.client.call("getMetrics", {});
    const cut = main.client.raw("select pg_sleep(2) as cut").then(
      () => "answered",
      () => "failed",
    );
    while (
      (
        (
          await rows(`select count(*)::int as n from pg_stat_activity where query = 'select pg_sleep(2) as cut'`)
        )[0] as { n: number }
      ).n === 0
    )
      await new Promise((r) => setTimeout(r, 20));
    await admin.end();
    pg.restart();
    admin = new PgClient({ connectionString: pg.url });
    await admin.connect();
    expect(await cut).toBe("failed");
    // Idle connections of both pools died with the old server; the next calls get new ones.
    expect((await main.client.call("getMetrics", {})).length).toBeGreaterThan(0);
    expect((await main.client.raw("select 6 as six")).statements[0].rows).toEqual([{ six: 6 }]);
  });
});

describe("results and time", () => {
  it("keeps a result's rows within the byte budget and counts the rest", async () => {
    // 600 MB from PostgreSQL: given the default minute, not the 3 s the other tests use.
    const patient = await tab(await serve({ limits: { ...LIMITS, sqlTimeoutMs: 60_000 } }));
    const out = await patient.client.raw(`select repeat('x', 60000) as x from generate_series(1, 10000)`);
    const st = out.statements[0];
    expect(st.totalRows).toBe(10_000);
    expect(st.rows.length).toBe(Math.floor(LIMITS.sqlResultBytes / (60_000 + 9)));
  });

  it.each([
    ["set_config in the same run", `select set_config('statement_timeout', '0', false); select pg_sleep(600)`],
    ["set_config local", `select set_config('statement_timeout', '0', true), pg_sleep(600)`],
  ])("stops a run at the server's limit whatever the text sets (%s)", async (_name, sql) => {
    expect(await failure(main.client.raw(sql))).toEqual({
      kind: "sql",
      message: "the run was stopped at the server's time limit of 3 s (no `set` lifts it): narrow the query",
    });
    expect(
      await rows(
        `select count(*)::int as n from pg_stat_activity where query like '%pg_sleep(600)%' and pid <> pg_backend_pid()`,
      ),
    ).toEqual([{ n: 0 }]);
  });

  it.each([
    ["set", `set statement_timeout = 0; select pg_sleep(600)`],
    ["set local", `begin; set local statement_timeout = 0; select pg_sleep(600)`],
    ["set_config", `select set_config('statement_timeout', '0', false); select pg_sleep(600)`],
    ["reset", `reset statement_timeout; reset all; select pg_sleep(600)`],
  ])("stops a run at the limit on a server that allows writes too (%s)", async (_name, sql) => {
    const writer = running[0];
    const t = await tab(writer);
    expect(await failure(t.client.raw(sql))).toEqual({
      kind: "sql",
      message: "the run was stopped at the server's time limit of 3 s (no `set` lifts it): narrow the query",
    });
  });

  it("says the server is busy when every editor connection is taken, and serves again after", async () => {
    const [a, b, c] = [await tab(server), await tab(server), await tab(server)];
    const sleeps = [a, b].map((t) => failure(t.client.raw(`select pg_sleep(600) as held`)));
    const holding = () =>
      rows(
        `select count(*)::int as n from pg_stat_activity where query = 'select pg_sleep(600) as held' and state = 'active'`,
      );
    while (((await holding())[0] as { n: number }).n < 2) await new Promise((r) => setTimeout(r, 20));
    expect(await failure(c.client.raw("select 1"))).toEqual({
      kind: "state",
      message:
        "the server is busy: its 2 SQL-editor connections are all running other tabs' statements; try again in a moment",
    });
    await Promise.all(sleeps);
    expect((await c.client.raw("select 3 as three")).statements[0].rows).toEqual([{ three: 3 }]);
  });

  it("drops the calls a tab queued when it disconnects, and cancels the running one", async () => {
    const writer = running[0];
    const t = await tab(writer);
    const slow = t.client.raw(`select pg_sleep(30) as queued_probe`).catch(() => undefined);
    void t.client
      .raw(`insert into "AnalyticsDimension" (dimension, path) values ('queued-probe', 'x/')`)
      .catch(() => undefined);
    const active = async () =>
      (
        (
          await rows(
            `select count(*)::int as n from pg_stat_activity where query like 'select pg_sleep(30) as queued_probe%' and state = 'active'`,
          )
        )[0] as { n: number }
      ).n;
    while ((await active()) === 0) await new Promise((r) => setTimeout(r, 20));
    t.client.terminate();
    await slow;
    while ((await active()) > 0) await new Promise((r) => setTimeout(r, 20));
    // Whatever the service would still run, it runs right after the cancel: give it that moment.
    await new Promise((r) => setTimeout(r, 300));
    expect(await rows(`select count(*)::int as n from "AnalyticsDimension" where dimension = 'queued-probe'`)).toEqual([
      { n: 0 },
    ]);
  });
});

describe("staged imports", () => {
  const unknownStage = (id: string) => ({
    kind: "input",
    field: "id",
    message: `id: no import is staged under "${id}" here: send its text again from offset 0 (a newer import replaces it, and a new connection starts with none)`,
  });
  const csv = [
    "start,source,metric,value,unit",
    ...Array.from({ length: 50 }, (_, i) => `2024-01-01,h/${i},B,${i},DAI`),
  ];

  it("keeps one stage per connection however many a client starts; another connection cannot reach it", async () => {
    const [a, b] = [await tab(server), await tab(server)];
    try {
      for (let i = 0; i < 200; i++)
        await a.client.call("stageText", { id: `hostile-stage-${i}`, offset: 0, text: "y".repeat(10_000) });
      // Only the last is kept: the 199 before it are gone, not piled up.
      expect(await failure(a.client.call("stageText", { id: "hostile-stage-0", offset: 10_000, text: "y" }))).toEqual(
        unknownStage("hostile-stage-0"),
      );
      const id = "hostile-stage-own";
      await a.client.call("stageText", { id, offset: 0, text: csv.slice(0, 20).join("\n") });
      // The other connection knows the id and the offset, and still cannot add to it, check it or store it.
      const received = csv.slice(0, 20).join("\n").length;
      expect(
        await failure(b.client.call("stageText", { id, offset: received, text: "\n2024-01-01,x,B,1,DAI" })),
      ).toEqual(unknownStage(id));
      expect(await failure(b.client.call("stageImport", { id, format: "csv" }))).toEqual(unknownStage(id));
      expect(await failure(b.client.call("storeStaged", { id, offset: 0, limit: 10 }))).toEqual({
        kind: "state",
        message:
          "importing series is refused: this server is read-only; start it with `npm run serve -- --pg <url> --allow-writes` to write",
      });
      await a.client.call("stageText", { id, offset: received, text: `\n${csv.slice(20).join("\n")}` });
      expect(await a.client.call("stageImport", { id, format: "csv" })).toEqual({ id, staged: 50, rejected: [] });
    } finally {
      a.client.terminate();
      b.client.terminate();
    }
  });

  it("bounds what all connections' imports hold together, and frees a connection's share when it goes", async () => {
    const small = await serve({ limits: { ...LIMITS, importText: 100_000 } });
    const [a, b] = [await tab(small), await tab(small)];
    const full = {
      kind: "input",
      field: "text",
      message:
        "text: the server holds 100,000 characters of imports at most, all connections together, and other imports fill it now: try again once they are stored (or their tabs closed)",
    };
    const stage = (t: Connected, id: string, length: number) =>
      t.client.call("stageText", { id, offset: 0, text: "y".repeat(length) });
    try {
      await stage(a, "budget-a", 80_000);
      expect(await failure(stage(b, "budget-b", 30_000))).toEqual(full);
      // A new stage frees its connection's last one first: 90,000 fit where 80,000 were.
      await stage(a, "budget-a2", 90_000);
      await stage(b, "budget-b", 10_000);
      expect(await failure(stage(b, "budget-b2", 60_000))).toEqual(full);
      a.client.terminate();
      // The server hears of the closed connection a moment later; then a's share is free.
      await expect
        .poll(
          () =>
            stage(b, "budget-b3", 60_000).then(
              ({ received }) => received,
              (e: RpcError) => e.message,
            ),
          {
            timeout: 10_000,
            interval: 100,
          },
        )
        .toBe(60_000);
    } finally {
      a.client.terminate();
      b.client.terminate();
    }
  });

  it("answers another connection while it checks a big file", async () => {
    const [a, b] = [await tab(server), await tab(server)];
    try {
      const text = [
        "start,source,metric,value,unit",
        ...Array.from({ length: 300_000 }, (_, i) => `2024-01-01,h/${i},B,${i},DAI`),
      ].join("\n");
      const id = "hostile-big-check";
      for (let at = 0; at < text.length; at += 900_000)
        await a.client.call("stageText", { id, offset: at, text: text.slice(at, at + 900_000) });
      const order: string[] = [];
      const checking = a.client.call("stageImport", { id, format: "csv" }).finally(() => order.push("check"));
      // The check has started by now; the other tab's call is answered between its slices.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await b.client.call("getCurrencies", {})).toEqual(["DAI", "MKR", "USDC"]);
      order.push("other");
      expect(await checking).toEqual({ id, staged: 300_000, rejected: [] });
      expect(order).toEqual(["other", "check"]);
    } finally {
      a.client.terminate();
      b.client.terminate();
    }
  });

  it("serves on after chunks out of order and never-finished stages of 36 MB on three connections", async () => {
    const t = await tab(server);
    // Chunks sent together, out of order: taken in the order sent, the ones at the wrong offset refused.
    const id = "hostile-pipelined";
    const chunk = "z".repeat(900_000);
    await t.client.call("stageText", { id, offset: 0, text: chunk });
    const out = await Promise.all(
      [2, 1, 3].map((k) =>
        t.client.call("stageText", { id, offset: k * chunk.length, text: chunk }).then(
          ({ received }) => received,
          (e: RpcError) => e.message,
        ),
      ),
    );
    expect(out).toEqual([
      'offset: expected 900,000 (the characters received under "hostile-pipelined" so far), got 1,800,000: send the chunks in order',
      1_800_000,
      `offset: expected 1,800,000 (the characters received under "${id}" so far), got 2,700,000: send the chunks in order`,
    ]);
    // 36 MB sent on each of three connections, then left: nothing is stored, each stage goes with its connection.
    for (let c = 0; c < 3; c++) {
      const left = await tab(server);
      let received = 0;
      while (received < 40 * chunk.length)
        ({ received } = await left.client.call("stageText", { id: `left-behind-${c}`, offset: received, text: chunk }));
      left.client.terminate();
    }
    expect(await failure(t.client.call("stageImport", { id: "left-behind-2", format: "csv" }))).toEqual(
      unknownStage("left-behind-2"),
    );
    t.client.terminate();
  });
});

describe("the parser's own bounds", () => {
  it.each([
    [
      "a text over 100,000 characters",
      `select '${"x".repeat(100_000)}'`,
      "the text is 100,009 characters, over the 100,000 a read-only server parses: run it in parts",
    ],
    [
      "over 500 statements",
      "select 1;".repeat(501),
      "the text has more than 500 statements (semicolons), the most a read-only server runs at once: run it in parts",
    ],
  ])("refuses %s before parsing it, naming the field", async (_name, sql, message) => {
    expect(await failure(main.client.raw(sql))).toEqual({ kind: "input", field: "sql", message: `sql: ${message}` });
  });

  it("answers a parse too deep for the parser with an error", async () => {
    const e = await failure(main.client.raw(`select ${"(".repeat(20_000)}1${")".repeat(20_000)}`));
    expect(e.kind).toBe("sql");
  });
});

describe("read-only means no persistent change", () => {
  const R = () => `"${reader}"`;
  it.each([
    ["begin read write + alter role password", () => `begin read write; alter role ${R()} password 'owned'; commit`],
    ["alter role set read-only off", () => `alter role ${R()} set default_transaction_read_only = off`],
    ["alter role set work_mem", () => `alter role ${R()} set work_mem = '2GB'`],
    [
      "alter role via query_to_xml",
      () => `select query_to_xml('alter role ${R()} password ''owned''', true, true, '')`,
    ],
    ["commit via query_to_xml", () => `select query_to_xml('commit', true, true, '')`],
    [
      "transaction_read_only off",
      () => `select set_config('transaction_read_only', 'off', false); delete from "AnalyticsSeries"`,
    ],
    ["a write in a CTE", () => `with d as (delete from "AnalyticsSeries" returning 1) select count(*) from d`],
    ["lo_import", () => `select lo_import('/etc/hostname')`],
    ["set role", () => `set role postgres`],
    ["set session authorization", () => `set session authorization postgres`],
    ["reset role", () => `reset role`],
    ["reset all", () => `reset all`],
    ["nextval", () => `select nextval('"AnalyticsSeries_id_seq"')`],
    ["setval", () => `select setval('"AnalyticsSeries_id_seq"', 1)`],
    ["select into", () => `select * into temp stolen from "AnalyticsSeries"`],
    ["create temp table", () => `create temp table t (x int)`],
    ["explain analyze delete", () => `explain analyze delete from "AnalyticsSeries"`],
    ["do block", () => `do $$ begin execute 'alter role ${reader} set work_mem = ''2GB'''; end $$`],
    ["copy", () => `copy "AnalyticsSeries" to stdout`],
    ["select for update", () => `select id from "AnalyticsSeries" for update`],
    ["pg_read_file", () => `select pg_read_file('/etc/hostname')`],
    ["prepare", () => `prepare p as select 1`],
    ["vacuum", () => `vacuum "AnalyticsSeries"`],
    ["a syntax error hiding a second statement", () => `select 1; selec 2; alter role ${R()} set work_mem = '2GB'`],
  ])("refuses %s", async (_name, sql) => {
    const e = await failure(main.client.raw(sql()));
    expect(e.kind).toBe("sql");
  });

  it.each([
    ["a large object (lo_from_bytea)", `select lo_from_bytea(0, convert_to(repeat('x', 100000), 'UTF8')) > 0 as ok`],
    ["a large object (lo_create)", `select lo_create(0) > 0 as ok`],
    ["a session advisory lock", `select true as ok from (select pg_advisory_lock(42)) x`],
    ["a setting for the session", `select set_config('work_mem', '2GB', false) = '2GB' as ok`],
    ["a listener", `select true as ok from (select pg_notify('x', 'y')) x`],
  ])("runs what only lasts the run, and leaves nothing of it: %s", async (_name, sql) => {
    expect((await main.client.raw(sql)).statements[0].rows).toEqual([{ ok: true }]);
    expect((await main.client.raw(`show work_mem`)).statements[0].rows).toEqual([{ work_mem: "4MB" }]);
  });

  it("refuses a second statement or a write smuggled into EXPLAIN", async () => {
    for (const sql of [
      `select 1) ; commit; alter role ${reader} set work_mem = '2GB'; select (1`,
      `delete from "AnalyticsSeries"`,
    ])
      expect((await failure(main.client.call("explain", { sql }))).kind).toMatch(/^(sql|input)$/);
  });

  it("lets a second server on the same database start without logging the first out", async () => {
    const second = await serve();
    const t = await tab(second);
    expect((await t.client.raw("select 4 as four")).statements[0].rows).toEqual([{ four: 4 }]);
    // The first server's editor opens a new session with the password it had.
    await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where usename = $1`, [reader]);
    expect((await main.client.raw("select 5 as five")).statements[0].rows).toEqual([{ five: 5 }]);
  });
});

describe("the transport fuzzer (scripts/fuzz/transport.ts)", () => {
  it("answers or cleanly closes 150 seeded random frames and requests, and serves after", async () => {
    const report = await fuzzTransport({ port: server.port, cases: 150, seed: 13 });
    expect(report.failures).toEqual([]);
    // The cases reached both sides: frames closed by code, requests answered.
    expect(Object.keys(report.outcomes).some((o) => o.startsWith("closed:"))).toBe(true);
    expect(Object.keys(report.outcomes).some((o) => o.startsWith("answered:"))).toBe(true);
  });
});
