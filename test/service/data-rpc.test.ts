// The data RPC methods and the "changed" event without a browser, on both backends: the worker's
// engine service in this Node process (replies cross as JSON copies, as in worker-rpc.test.ts) and
// `npm run serve` on PostgreSQL over a WebSocket. Every answer is checked against the generator
// or the same engine in Node.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoSeries } from "../../src/demo/generator.js";
import { RpcError, type EngineClient } from "../../src/client/EngineClient.js";
import type { ChangedEvent } from "../../src/rpc/protocol.js";
import { backends } from "../support/backends.js";
import { nodeStore, type NodeStore } from "../support/nodeStore.js";
import { agreeing } from "../support/agree.js";

const COUNT = 400;
const SEED = 11;

// The tab's replies go through JSON (they must be plain JSON); requests cross by structured clone,
// as in a browser, so a form's NaN survives to be refused.
const UNDER_TEST = backends((message) => JSON.parse(JSON.stringify(message)));

describe.each(UNDER_TEST)("on $name", ({ backend, start }) => {
  let client: EngineClient;
  let stop: () => Promise<void>;
  let node: NodeStore;
  const changes: ChangedEvent[] = [];

  beforeAll(async () => {
    ({ client, stop } = await start());
    client.on("changed", (e) => changes.push(e));
    [node] = await Promise.all([nodeStore(COUNT, SEED), client.boot({ count: COUNT, seed: SEED })]);
  });

  afterAll(async () => {
    await node?.destroy();
    await stop();
  });

  const demo = generateDemoSeries({ seed: SEED, count: COUNT });
  const query = {
    metrics: ["Budget", "Actuals"],
    currency: "DAI",
    select: { budget: ["atlas/legacy"] },
    lod: { budget: 4 },
    granularity: "annual",
    start: "2021-01-01",
    end: "2025-01-01",
  };
  const series = (over: object = {}) => ({
    start: "2022-05-01",
    source: "rpc/added",
    metric: "Budget",
    value: 250,
    unit: "DAI",
    dimensions: { budget: "atlas/legacy/core-units/GOV-001", category: "atlas/non-headcount/admin-expense" },
    ...over,
  });
  /** The next "changed" event, which the worker sends once the call's run has ended. */
  const nextChange = async (n: number) => {
    for (let i = 0; i < 100 && changes.length <= n; i++) await new Promise((r) => setTimeout(r, 10));
    return changes[n];
  };

  describe("data RPC", () => {
    it("boot's own seeding is not announced as a change", async () => {
      await client.getMetrics();
      expect(changes).toEqual([]);
    });

    it("seriesCounts: per metric and unit, as the generator made them", async () => {
      const expected = new Map<string, number>();
      for (const s of demo)
        expected.set(`${s.metric}|${s.unit ?? null}`, (expected.get(`${s.metric}|${s.unit ?? null}`) ?? 0) + 1);
      const rows = await client.call("seriesCounts", {});
      expect(new Map(rows.map((r) => [`${r.metric}|${r.unit}`, r.count]))).toEqual(expected);
    });

    it("getDimensionCounts: series per stored path, every path of getDimensions", async () => {
      const rows = await client.call("getDimensionCounts", {});
      for (const dim of ["budget", "category"] as const) {
        const expected = new Map<string, number>();
        for (const s of demo)
          expected.set(String(s.dimensions[dim]), (expected.get(String(s.dimensions[dim])) ?? 0) + 1);
        expect(new Map(rows.filter((r) => r.name === dim).map((r) => [r.path, r.count]))).toEqual(expected);
      }
      const listed = (await client.getDimensions()).flatMap((d) => d.values.map((v) => `${d.name}:${v.path}`));
      expect(rows.map((r) => `${r.name}:${r.path}`).sort()).toEqual(listed.sort());
    });

    it("addSeries: all or nothing, the error naming the input and field; NaN reported as NaN", async () => {
      const before = await client.execute(query);
      const e = (await client
        .call("addSeries", { inputs: [series(), series(), series({ value: Number.NaN })] })
        .catch((x: unknown) => x)) as RpcError;
      expect(e).toBeInstanceOf(RpcError);
      expect(e.kind).toBe("input");
      expect(e.field).toBe("inputs[2].value");
      // A WebSocket carries JSON, where NaN is null: the server says what it received.
      const got = backend === "tab" ? "NaN" : "null";
      expect(e.message).toBe(`inputs[2].value: value must be a finite number, got ${got}`);
      expect((await client.execute(query)).results).toEqual(before.results);

      const json = (await client
        .call("addSeries", { inputs: '[{"start": "2022-01-01",}]' })
        .catch((x: unknown) => x)) as RpcError;
      expect(json.kind).toBe("json");
      expect(json.position).toBeGreaterThan(0);
      expect(changes).toEqual([]);

      const n = changes.length;
      expect(
        await client.call("addSeries", {
          inputs: JSON.stringify([series(), series({ value: 99.5, source: "rpc/added/sub" })]),
        }),
      ).toEqual({ added: 2 });
      expect(await nextChange(n)).toMatchObject({
        type: "changed",
        method: "addSeries",
        sources: ["rpc/added", "rpc/added/sub"],
      });
      await node.add([series(), series({ value: 99.5, source: "rpc/added/sub" })]);
      expect(agreeing((await client.execute(query)).results)).toEqual(agreeing(await node.run(query)));
    });

    it("clearSource: the exact count, under the path; the empty path is refused", async () => {
      const source = "powerhouse/demo/GOV-001";
      const expected = await node.clear(source);
      expect(expected).toBe(demo.filter((s) => s.source === source).length);
      const n = changes.length;
      expect(await client.call("clearSource", { path: source })).toEqual({ deleted: expected });
      expect(await nextChange(n)).toMatchObject({ method: "clearSource", sources: [source] });
      expect(agreeing((await client.execute(query)).results)).toEqual(agreeing(await node.run(query)));
      // rpc/added and rpc/added/sub: a prefix clears both.
      expect(await client.call("clearSource", { path: "rpc" })).toEqual({ deleted: 2 });
      await node.clear("rpc");
      expect(agreeing((await client.execute(query)).results)).toEqual(agreeing(await node.run(query)));

      const e = (await client.call("clearSource", { path: "" }).catch((x: unknown) => x)) as RpcError;
      expect([e.kind, e.field]).toEqual(["input", "path"]);
    });

    it("raw: per-statement affected rows, and a write by hand is a change of everything", async () => {
      const n = changes.length;
      const r = await client.raw(
        `create temp table t (x int); insert into t values (1), (2), (3); update t set x = x + 1 where x > 1; select count(*)::int as n from t`,
      );
      expect(r.statements.map((s) => s.affectedRows)).toEqual([0, 3, 2, 0]);
      expect(await nextChange(n)).toMatchObject({ method: "raw", sources: [""] });
    });

    it("reseed: a fresh demo with ids from 1, the same as a fresh boot", async () => {
      const n = changes.length;
      const r = await client.call("reseed", { count: 150, seed: 5 });
      expect(r).toMatchObject({ seriesCount: 150, seed: 5 });
      expect((await nextChange(n)).sources).toContain("");
      const fresh = await nodeStore(150, 5);
      try {
        expect((await client.execute(query)).results).toEqual(await fresh.run(query));
      } finally {
        await fresh.destroy();
      }
      const ids = await client.raw(
        `select min(id)::int as lo, max(id)::int as hi, count(*)::int as n from "AnalyticsSeries"`,
      );
      expect(ids.statements[0].rows).toEqual([{ lo: 1, hi: 150, n: 150 }]);
      const e = (await client.call("reseed", { count: -1, seed: 5 }).catch((x: unknown) => x)) as RpcError;
      expect([e.kind, e.field]).toEqual(["input", "count"]);
    });
  });
});
