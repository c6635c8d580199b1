// The engine's RPC end to end without a browser, on both backends: the worker's engine service
// (service.ts on PGlite) in this Node process, and `npm run serve` on PostgreSQL over a WebSocket,
// each talked to by the real EngineClient. Every message must survive a JSON round trip unchanged:
// the protocol carries plain DTOs, never class instances (the WebSocket carries only JSON; the
// tab's replies are checked for it).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RpcError, type EngineClient } from "../../src/client/EngineClient.js";
import type { LogEntry, ProgressEvent, WorkerMessage } from "../../src/rpc/protocol.js";
import { backends } from "../support/backends.js";
import { nodeEngine, type NodeEngine } from "../support/expected.js";

const COUNT = 300;
const SEED = 7;

const nonJson: string[] = [];
let copied = 0;
/** The tab's replies cross as a JSON copy; a message that changes on the way is noted. */
const jsonCopy = <T>(message: T): T => {
  copied++;
  const copy = JSON.parse(JSON.stringify(message)) as T;
  try {
    expect(copy).toEqual(message);
  } catch {
    nonJson.push(JSON.stringify(message).slice(0, 200));
  }
  return copy;
};

/** An invalid query's message on the backend that ran first, for the other to match. */
const firstMessages = new Map<string, string>();

const query = {
  metrics: ["Budget"],
  currency: "DAI",
  select: { budget: ["atlas/scopes"] },
  lod: { budget: 3 },
  granularity: "annual",
  start: "2021-01-01",
  end: "2025-01-01",
};

describe.each(backends(jsonCopy))("on $name", ({ backend, start }) => {
  let client: EngineClient;
  let events: WorkerMessage[];
  let stop: () => Promise<void>;
  let node: NodeEngine;

  beforeAll(async () => {
    [{ client, events, stop }, node] = await Promise.all([start(), nodeEngine(COUNT, SEED)]);
  });

  afterAll(async () => {
    await node?.destroy();
    await stop?.();
  });

  describe("engine RPC", () => {
    it("refuses calls before boot", async () => {
      const e = await client.getMetrics().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(RpcError);
      expect((e as RpcError).kind).toBe("state");
      expect((e as RpcError).message).toBe("the engine is not booted yet: call boot first");
    });

    it("boots with progress per step, and a second boot returns the same result", async () => {
      const progress: ProgressEvent[] = [];
      const off = client.on("progress", (e) => progress.push(e));
      const result = await client.boot({ count: COUNT, seed: SEED });
      off();
      // The server made the schema when it started; the tab makes it in its new database.
      const steps = backend === "tab" ? ["load", "schema", "seed"] : ["load", "seed"];
      expect(result.seriesCount).toBe(COUNT);
      expect(result.steps.map((s) => s.step)).toEqual(steps);
      expect(result.steps.every((s) => s.elapsedMs >= 0)).toBe(true);
      expect(progress.filter((p) => p.finished).map((p) => p.step)).toEqual(steps);
      const seed = progress.filter((p) => p.step === "seed");
      expect(seed.at(-1)).toMatchObject({ done: COUNT, total: COUNT, finished: true });
      // Done counts only grow.
      expect(seed.map((p) => p.done)).toEqual([...seed.map((p) => p.done)].sort((a, b) => a - b));
      expect(await client.boot({ count: COUNT, seed: SEED })).toEqual(result);
    });

    it("executes editor text: results equal the engine's, with this run's SQL log and timings", async () => {
      const expected = await node.run(query);
      const live: LogEntry[] = [];
      const off = client.on("log", (e) => live.push(e.entry));
      const r = await client.execute(JSON.stringify(query));
      off();
      expect(r.results).toEqual(expected.results);
      expect(r.query).toEqual({ ...query, currency: "DAI" });
      // On a server the engine lets the read's dimension CTE run in parallel workers (not materialized).
      const sql = (s: string) => (backend === "tab" ? s : s.replace(" as materialized (", " as not materialized ("));
      expect(r.logs.map((l) => l.sql)).toEqual(expected.statements.map((s) => sql(s.sql)));
      expect(r.logs.map((l) => l.rowCount)).toEqual(expected.statements.map((s) => s.rows));
      for (const l of r.logs) {
        expect(l).toMatchObject({ runId: r.runId, method: "execute", status: "done" });
        expect(l.index).toBeGreaterThanOrEqual(0);
        expect(l.rowsPreview!.length).toBe(Math.min(20, l.rowCount!));
      }
      // Each statement was pushed live twice: when it started and when its rows came back.
      for (const l of r.logs)
        expect(live.filter((e) => e.id === l.id).map((e) => e.status)).toEqual(["running", "done"]);
      expect(new Set(r.timings.map((t) => t.metric))).toEqual(new Set([...expected.stages, "ToDTO"]));
      expect(
        r.timings.every((t) => t.startMs >= 0 && t.durationMs >= 0 && t.startMs + t.durationMs <= r.elapsedMs + 1),
      ).toBe(true);
    });

    it("accepts a query object as well as text", async () => {
      const r = await client.execute(query);
      expect(r.results).toEqual((await node.run(query)).results);
    });

    it("reports JSON syntax errors with their offset", async () => {
      const text = '{ "metrics": ["Budget"] "granularity": "total" }';
      const e = (await client.execute(text).catch((x: unknown) => x)) as RpcError;
      expect(e).toBeInstanceOf(RpcError);
      expect(e.kind).toBe("json");
      expect(e.message).toMatch(/^Invalid JSON/);
      expect(text.slice(e.position!)).toMatch(/^"granularity"/);
    });

    it.each([
      [{ ...query, granularity: "fortnightly" }, "granularity"],
      [{ ...query, select: { budget: ["atlas//x"] } }, "select.budget[0]"],
      [{ ...query, select: { budget: "atlas" } }, "select.budget"],
      [{ ...query, lod: { category: 2 } }, "lod.category"],
      [{ ...query, lod: { budget: -1 } }, "lod.budget"],
      [{ ...query, end: "2020-01-01" }, "end"],
      [{ ...query, start: "2023-02-30" }, "start"],
      [{ ...query, metrics: [] }, "metrics"],
      [{ ...query, metrics: ["Budget", 3] }, "metrics[1]"],
      [{ ...query, granularity: undefined }, "granularity"],
      [{ ...query, limit: 10 }, "limit"],
      [[query], ""],
    ])("names the field of an invalid query (%#: %s)", async (q, field) => {
      const e = (await client.execute(JSON.stringify(q)).catch((x: unknown) => x)) as RpcError;
      expect(e).toBeInstanceOf(RpcError);
      expect(e.kind).toBe("input");
      expect(e.field).toBe(field);
      expect(e.message.length).toBeGreaterThan(field.length + 10);
      // Word for word what the backend that ran first said.
      const key = JSON.stringify(q);
      if (!firstMessages.has(key)) firstMessages.set(key, e.message);
      expect(e.message).toBe(firstMessages.get(key));
    });

    it("runs raw SQL: every statement's fields and rows, logged with index −1", async () => {
      const r = await client.raw(
        `select 1 as a, 'x' as b; create temp table t(n int); insert into t values (1), (2); select n from t order by n`,
      );
      expect(r.statements.map((s) => s.fields.map((f) => f.name))).toEqual([["a", "b"], [], [], ["n"]]);
      expect(r.statements[0].rows).toEqual([{ a: 1, b: "x" }]);
      expect(r.statements[3].rows).toEqual([{ n: 1 }, { n: 2 }]);
      expect(r.statements[2].affectedRows).toBe(2);
      const log = events.filter(
        (m): m is { type: "log"; entry: LogEntry } => m.type === "log" && m.entry.runId === r.runId,
      );
      expect(log.at(-1)!.entry).toMatchObject({ index: -1, method: "raw", status: "done", rowCount: 2 });
    });

    it("returns dates as ISO strings in raw rows", async () => {
      const r = await client.raw(
        `select '2023-01-01T00:00:00Z'::timestamptz as t, 12345678901234::bigint as big, '{"a":1}'::jsonb as j`,
      );
      // node-postgres keeps every int8 as text (no digit lost past 2^53); PGlite gives a number while it is exact.
      const big = backend === "tab" ? 12345678901234 : "12345678901234";
      expect(r.statements[0].rows[0]).toEqual({ t: "2023-01-01T00:00:00.000Z", big, j: { a: 1 } });
    });

    it("reports a Postgres error with its position, and logs it as failed", async () => {
      const sql = 'select 1;\nselect nope from "AnalyticsSeries"';
      const e = (await client.raw(sql).catch((x: unknown) => x)) as RpcError;
      expect(e).toBeInstanceOf(RpcError);
      expect(e.kind).toBe("sql");
      expect(e.message).toBe(`column "nope" does not exist`);
      expect(sql.slice(e.position! - 1)).toMatch(/^nope/);
      const failed = events.filter(
        (m): m is { type: "log"; entry: LogEntry } => m.type === "log" && m.entry.status === "error",
      );
      expect(failed.at(-1)!.entry).toMatchObject({ index: -1, method: "raw", sql });
      // The store is still usable.
      expect((await client.raw('select count(*)::int as n from "AnalyticsSeries"')).statements[0].rows).toEqual([
        { n: COUNT },
      ]);
    });

    it("lists metrics, currencies and dimensions", async () => {
      expect(await client.getMetrics()).toEqual(["Actuals", "Budget", "Forecast", "PaymentsOnChain"]);
      expect(await client.getCurrencies()).toEqual(["DAI", "MKR", "USDC"]);
      const dims = await client.getDimensions();
      expect(dims.map((d) => d.name)).toEqual(["budget", "category"]);
      expect(
        dims[0].values.some(
          (v) => v.path === "atlas/legacy/core-units/SES-001" && v.label === "Sustainable Ecosystem Scaling",
        ),
      ).toBe(true);
    });

    // Only the tab's replies could carry more than JSON (postMessage clones); a WebSocket sends text.
    it.runIf(backend === "tab")("sent only plain JSON over the boundary", () => {
      expect(copied).toBe(events.length);
      expect(events.length).toBeGreaterThan(50);
      expect(nonJson).toEqual([]);
    });
  });
});
