// The "paste and debug" RPC methods without a browser, on both backends: the worker's engine
// service in this Node process (messages cross by structured clone, as postMessage copies them:
// dumps are bytes) and `npm run serve` on PostgreSQL over a WebSocket, each checked against the
// engine run in Node on the same demo.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AnalyticsPath,
  type AnalyticsQueryEngine,
  type AnalyticsSeriesInput,
  type MemoryAnalyticsStore,
} from "../../src/engine/index.js";
import { RpcError, type EngineClient } from "../../src/client/EngineClient.js";
import { toResultsDto } from "../../src/service/dto.js";
import { PASTE_HELP } from "../../src/service/paste/detect.js";
import type { ChangedEvent, QueryJson } from "../../src/rpc/protocol.js";
import { queryFromJson } from "../../src/service/queryJson.js";
import { backends } from "../support/backends.js";
import { nodeStore } from "../support/nodeStore.js";
import { MKR_PRICE } from "../support/prices.js";
import { agreeing } from "../support/agree.js";

const COUNT = 300;
const SEED = 3;

const fail = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as RpcError,
  );

const filter = {
  start: "2022-01-01",
  end: "2023-01-01",
  granularity: "quarterly",
  metrics: ["Budget"],
  dimensions: [{ name: "budget", select: "atlas/legacy", lod: 3 }],
  currency: "DAI",
};

describe.each(backends())("on $name", ({ backend, start }) => {
  let client: EngineClient;
  let stop: () => Promise<void>;
  let store: MemoryAnalyticsStore;
  let engine: AnalyticsQueryEngine;
  const changes: ChangedEvent[] = [];

  beforeAll(async () => {
    ({ client, stop } = await start());
    client.on("changed", (e) => changes.push(e));
    [{ store, engine }] = await Promise.all([nodeStore(COUNT, SEED), client.boot({ count: COUNT, seed: SEED })]);
  });

  afterAll(async () => {
    await store?.destroy();
    await stop?.();
  });

  const nextChange = async (n: number) => {
    for (let i = 0; i < 200 && changes.length <= n; i++) await new Promise((r) => setTimeout(r, 10));
    return changes[n];
  };
  const nodeRun = async (q: QueryJson) => toResultsDto(await engine.execute(queryFromJson(q)));

  describe("paste and debug RPC", () => {
    it("detectPaste: converts a GraphQL request body; says what it expects when it recognises nothing", async () => {
      const r = await client.call("detectPaste", {
        text: JSON.stringify({ query: "query ($f: AnalyticsFilter) { x }", variables: { f: filter } }),
      });
      expect(r).toEqual({
        kind: "query",
        format: "graphqlRequest",
        label: "a GraphQL request body { query, variables }",
        query: {
          metrics: ["Budget"],
          currency: "DAI",
          select: { budget: ["atlas/legacy"] },
          lod: { budget: 3 },
          granularity: "quarterly",
          start: "2022-01-01",
          end: "2023-01-01",
        },
        notes: [],
      });
      const e = await fail(client.call("detectPaste", { text: "hello" }));
      expect(e).toBeInstanceOf(RpcError);
      expect(e!.kind).toBe("input");
      expect(e!.message).toBe(`this is neither JSON, SQL nor GraphQL.\n${PASTE_HELP}`);
    });

    it("execute honours conversions with executeMultiCurrency, and keeps them in the normalised query", async () => {
      await client.call("addSeries", { inputs: [MKR_PRICE] });
      await store.addSeriesValues([MKR_PRICE]);
      const query: QueryJson = {
        metrics: ["Budget"],
        currency: "DAI",
        select: { budget: ["atlas"] },
        lod: { budget: 2 },
        granularity: "annual",
        start: "2021-01-01",
        end: "2025-01-01",
        conversions: [{ metric: "MKR-DAI", currency: "MKR" }],
      };
      const r = await client.execute(JSON.stringify(query));
      const expected = toResultsDto(
        await engine.executeMultiCurrency(queryFromJson(query), {
          targetCurrency: AnalyticsPath.fromString("DAI"),
          conversions: [{ metric: "MKR-DAI", currency: AnalyticsPath.fromString("MKR") }],
        }),
      );
      expect(agreeing(r.results)).toEqual(agreeing(expected));
      expect(r.query.conversions).toEqual([{ metric: "MKR-DAI", currency: "MKR" }]);
      // MKR vesting converted at 1,500 DAI: more than DAI alone, where MKR grants exist.
      const plain = await nodeRun({ ...query, conversions: undefined });
      const total = (rs: typeof expected) => rs.reduce((t, p) => t + p.rows.reduce((s, row) => s + row.value, 0), 0);
      expect(total(expected)).toBeGreaterThan(total(plain));
      expect(agreeing((await client.execute({ ...query, conversions: undefined })).results)).toEqual(agreeing(plain));

      const noCurrency = await fail(client.execute({ ...query, currency: null }));
      expect([noCurrency!.kind, noCurrency!.field]).toEqual(["input", "currency"]);
      const badMetric = await fail(client.execute({ ...query, conversions: [{ metric: "", currency: "MKR" }] }));
      expect([badMetric!.kind, badMetric!.field]).toEqual(["input", "conversions[0].metric"]);
    });

    it("explain: the run's reading statement as a plan tree with one slowest node", async () => {
      const r = await client.execute({
        metrics: ["Actuals"],
        currency: "DAI",
        select: { budget: ["atlas/legacy"] },
        lod: { budget: 4 },
        granularity: "monthly",
        start: "2022-01-01",
        end: "2023-01-01",
      });
      const reading = r.logs.find((l) => l.sql.includes('from "AnalyticsSeries"'))!;
      const plan = await client.call("explain", { sql: reading.sql });
      type Node = typeof plan.root;
      const nodes = (n: Node): Node[] => [n, ...n.children.flatMap(nodes)];
      const flat = nodes(plan.root);
      expect(plan.nodeCount).toBe(flat.length);
      expect(flat.filter((n) => n.slowest)).toHaveLength(1);
      expect(flat.find((n) => n.slowest)!.selfMs).toBe(Math.max(...flat.map((n) => n.selfMs ?? 0)));
      expect(plan.root.rows).toBe(reading.rowCount);
      expect(plan.prepared).toBeUndefined();
      // With its log entry: in the tab, the store's prepared statement under the plan it keeps for
      // the shape, made without the values ($n in its conditions); the server plans each read
      // from its text, and explains that.
      const asRun = await client.call("explain", { sql: reading.sql, logId: reading.id, timing: false });
      const details = (n: Node) => nodes(n).map((x) => x.detail);
      if (backend === "tab") {
        expect(asRun.prepared).toBe("kept");
        expect(details(asRun.root).filter((d) => /\$\d/.test(d)).length).toBeGreaterThan(0);
        expect(details(plan.root).filter((d) => /\$\d/.test(d))).toEqual([]);
        // The statement as prepared returns its rows as one JSON text (executor.ts).
        expect([asRun.root.rows, asRun.root.children[0].rows]).toEqual([1, reading.rowCount]);
      } else {
        expect(asRun.prepared).toBeUndefined();
        expect(asRun.root.rows).toBe(reading.rowCount);
      }
      const e = await fail(client.call("explain", { sql: "select 1; select 2" }));
      expect(e!.message).toContain("EXPLAIN takes one statement");
    });

    it("planImport: good rows accepted, bad ones reported by row number; addSeries stores the accepted", async () => {
      const csv = [
        "start,end,source,metric,value,unit,dim_budget",
        "2023-01-01,,import/csv,Budget,100,DAI,atlas/imported/a",
        "2023-02-01,,import/csv,Budget,,DAI,atlas/imported/a",
        "2023-03-01,,import/csv,Budget,300,DAI,atlas/imported/b",
        "not-a-date,,import/csv,Budget,5,DAI,atlas/imported/b",
        "2023-04-01,,import/csv,Actuals,50,DAI,atlas/imported/b",
      ].join("\n");
      const plan = await client.call("planImport", { format: "csv", text: csv });
      expect(plan.accepted.map((a) => a.row)).toEqual([1, 3, 5]);
      expect(plan.rejected.map((r) => r.row)).toEqual([2, 4]);
      expect(plan.rejected[0].reason).toContain("value");
      expect(plan.rejected[1].reason).toContain("start");
      const n = changes.length;
      expect(await client.call("addSeries", { inputs: plan.accepted.map((a) => a.input) })).toEqual({ added: 3 });
      expect((await nextChange(n)).sources).toEqual(["import/csv"]);
      await store.addSeriesValues(plan.accepted.map((a) => a.input as AnalyticsSeriesInput));
      const q: QueryJson = {
        metrics: ["Budget", "Actuals"],
        currency: "DAI",
        select: { budget: ["atlas/imported"] },
        lod: { budget: 3 },
        granularity: "total",
      };
      expect((await client.execute(q)).results).toEqual(await nodeRun(q));

      const json = await client.call("planImport", {
        format: "json",
        text: JSON.stringify([
          { start: "2023-01-01", source: "a", metric: "Budget", value: 1, dimensions: {} },
          { start: "2023-01-01", source: "a", metric: "Budget", dimensions: {} },
        ]),
      });
      expect([json.accepted.length, json.rejected.map((r) => r.row)]).toEqual([1, [2]]);
    });

    it("stageImport keeps the checked rows in the engine; storeStaged stores them batch by batch", async () => {
      const rows = Array.from(
        { length: 7 },
        (_, i) => `2023-0${(i % 9) + 1}-01,,import/staged,Budget,${i === 3 ? "x" : 10 * i},DAI,atlas/staged/${i % 2}`,
      );
      const csv = ["start,end,source,metric,value,unit,dim_budget", ...rows].join("\n");
      const id = "stage-debug-1";
      expect(await client.call("stageText", { id, offset: 0, text: csv })).toEqual({ received: csv.length });
      const staged = await client.call("stageImport", { id, format: "csv" });
      // Only counts and refusals come back: the rows stay in the engine, under the page's id.
      expect(staged).toEqual({
        id,
        staged: 6,
        rejected: [{ row: 4, reason: expect.stringContaining("value") as unknown as string }],
      });
      const n = changes.length;
      expect(await client.call("storeStaged", { id: staged.id, offset: 0, limit: 4 })).toEqual({ added: 4 });
      expect((await nextChange(n)).sources).toEqual(["import/staged"]);
      expect(await client.call("storeStaged", { id: staged.id, offset: 4, limit: 4 })).toEqual({ added: 2 });
      const q: QueryJson = {
        metrics: ["Budget"],
        currency: "DAI",
        select: { budget: ["atlas/staged"] },
        lod: { budget: 3 },
        granularity: "total",
      };
      const totals = (await client.execute(q)).results[0].rows.map((r) => [r.dimensions.budget.path, r.value]);
      expect(totals).toEqual([
        ["atlas/staged/0", 0 + 20 + 40 + 60],
        ["atlas/staged/1", 10 + 50],
      ]);
      // A newer stage replaces this one; asking for the old one says what to do.
      await client.call("stageText", { id: "stage-debug-2", offset: 0, text: "[]" });
      const again = await client.call("stageImport", { id: "stage-debug-2", format: "json" });
      expect(await fail(client.call("storeStaged", { id, offset: 0, limit: 1 }))).toMatchObject({
        kind: "input",
        message: `id: no import is staged under "${id}" here: send its text again from offset 0 (a newer import replaces it, and a new connection starts with none)`,
      });
      expect(await fail(client.call("storeStaged", { id: again.id, offset: 0, limit: 10_001 }))).toMatchObject({
        kind: "input",
        message: "limit: limit must be a whole number from 0 to 10,000, got 10001",
      });
      expect(await client.call("clearSource", { path: "import/staged" })).toEqual({ deleted: 6 });
    });

    it("importDump: INSERTs into the three tables in one transaction; anything else refused by line", async () => {
      const dump = `INSERT INTO "AnalyticsDimension" (id, dimension, path, label, icon, description) VALUES (9001, 'budget', 'atlas/dumped/', 'Dumped', '', '');
  INSERT INTO "AnalyticsSeries" (id, source, start, "end", metric, value, unit, fn, params) VALUES (9001, 'dump/', '2023-01-01 00:00:00', NULL, 'Budget', 1000, 'DAI', 'Single', NULL);
  INSERT INTO "AnalyticsSeries_AnalyticsDimension" ("seriesId", "dimensionId") VALUES (9001, 9001);`;
      const n = changes.length;
      expect(await client.call("importDump", { sql: dump })).toEqual({
        inserted: { AnalyticsSeries: 1, AnalyticsDimension: 1, AnalyticsSeries_AnalyticsDimension: 1 },
      });
      expect((await nextChange(n)).sources).toEqual([""]);
      const q: QueryJson = {
        metrics: ["Budget"],
        currency: "DAI",
        select: { budget: ["atlas/dumped"] },
        lod: { budget: 2 },
        granularity: "total",
        start: "2022-01-01",
        end: "2024-01-01",
      };
      expect((await client.execute(q)).results[0].rows.map((r) => [r.dimensions.budget.path, r.sum])).toEqual([
        ["atlas/dumped", 1000],
      ]);
      const e = await fail(client.call("importDump", { sql: `${dump}\ndrop table "AnalyticsSeries";` }));
      expect(e!.message).toMatch(/^sql: line 4: only INSERTs/);
    });

    // A data directory dump is PGlite's own; a PostgreSQL server has pg_dump for that (next test).
    it.runIf(backend === "tab")(
      "exportDatabase → reseed → loadDatabase: the same series and results as at export",
      async () => {
        const q: QueryJson = {
          metrics: ["Budget", "Actuals"],
          currency: "DAI",
          select: { budget: ["atlas"] },
          lod: { budget: 3 },
          granularity: "annual",
          start: "2021-01-01",
          end: "2025-01-01",
        };
        const before = (await client.execute(q)).results;
        const dump = await client.call("exportDatabase", {});
        expect(dump.bytes).toBeInstanceOf(Uint8Array);
        expect([dump.bytes[0], dump.bytes[1]]).toEqual([0x1f, 0x8b]); // gzip
        expect(dump.seriesCount).toBe(COUNT + 1 + 3 + 1);

        await client.call("reseed", { count: 50, seed: 1 });
        expect((await client.call("seriesCounts", {})).reduce((t, r) => t + r.count, 0)).toBe(50);

        const n = changes.length;
        const loaded = await client.call("loadDatabase", { bytes: dump.bytes });
        expect(loaded.seriesCount).toBe(dump.seriesCount);
        expect((await nextChange(n)).method).toBe("loadDatabase");
        expect((await client.call("seriesCounts", {})).reduce((t, r) => t + r.count, 0)).toBe(dump.seriesCount);
        expect((await client.execute(q)).results).toEqual(before);
        // The loaded database takes writes, with ids past the loaded ones.
        expect(
          await client.call("addSeries", {
            inputs: [
              { start: "2023-01-01", source: "after/load", metric: "Budget", value: 1, unit: "DAI", dimensions: {} },
            ],
          }),
        ).toEqual({ added: 1 });

        const bad = await fail(client.call("loadDatabase", { bytes: new Uint8Array([1, 2, 3]) }));
        expect(bad!.kind).toBe("input");
        expect((await client.call("seriesCounts", {})).reduce((t, r) => t + r.count, 0)).toBe(dump.seriesCount + 1);
      },
    );

    it.runIf(backend === "server")("exportDatabase and loadDatabase: refused, naming the server's tools", async () => {
      const before = await client.call("seriesCounts", {});
      expect(before.reduce((t, r) => t + r.count, 0)).toBe(COUNT + 1 + 3 + 1);
      expect(await fail(client.call("exportDatabase", {}))).toMatchObject({
        kind: "state",
        message: "exporting the database is for the tab's PGlite database; on the server, use pg_dump",
      });
      // A WebSocket carries JSON: the bytes arrive as an object, refused before the server is asked.
      expect(await fail(client.call("loadDatabase", { bytes: new Uint8Array([0x1f, 0x8b]) }))).toMatchObject({
        kind: "input",
        field: "bytes",
        message: 'bytes: expected the bytes of a database dump (from "Export database"), got {"0":31,"1":139}',
      });
      expect(await client.call("seriesCounts", {})).toEqual(before);
    });
  });
});
