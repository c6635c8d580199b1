import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  AnalyticsGranularity as G,
  AnalyticsPath,
  AnalyticsProfiler,
  AnalyticsSubscriptionManager,
  NotificationError,
  PassthroughAnalyticsProfiler,
  discretize,
  groupSeries,
  valueAt,
  type AnalyticsSeries,
} from "../../src/engine/index.js";

const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });
const dim = (path: string) => ({
  path: AnalyticsPath.fromString(path),
  icon: "",
  label: `label of ${path}`,
  description: "",
});
const series = (s: Partial<AnalyticsSeries> & { start: DateTime }): AnalyticsSeries => ({
  source: AnalyticsPath.fromString("src"),
  end: null,
  metric: "Budget",
  value: 100,
  unit: "DAI",
  fn: "Single",
  params: null,
  dimensions: { budget: dim("atlas/a/x") },
  ...s,
});

describe("valueAt", () => {
  it("holds a Single from its start instant on", () => {
    const s = series({ start: utc("2023-01-01") });
    expect([
      valueAt(s, Date.parse("2022-12-31T23:59:59.999Z")),
      valueAt(s, Date.parse("2023-01-01")),
      valueAt(s, Date.parse("2030-01-01")),
    ]).toEqual([0, 100, 100]);
  });

  it("vests a DssVest linearly, with nothing before the cliff", () => {
    const s = series({
      start: utc("2023-01-01"),
      end: utc("2023-01-11"),
      fn: "DssVest",
      value: 10,
      params: { cliff: "2023-01-05T00:00:00.000Z" },
    });
    const at = (d: string) => valueAt(s, Date.parse(d));
    expect([
      at("2022-12-31"),
      at("2023-01-04"),
      at("2023-01-05"),
      at("2023-01-06"),
      at("2023-01-11"),
      at("2024-01-01"),
    ]).toEqual([0, 0, 4, 5, 10, 10]);
  });
});

describe("discretize", () => {
  const dims = ["budget"];
  const run = (input: AnalyticsSeries[], lod: number, start: string | null, end: string | null, g: G) =>
    discretize(groupSeries(input, dims, { budget: lod }), start ? utc(start) : null, end ? utc(end) : null, g);

  it("counts a change at a period's end instant in that period: (start, end]", () => {
    const r = run([series({ start: utc("2023-02-01"), value: 5 })], 3, "2023-01-01", "2023-04-01", G.Monthly);
    expect(r.map((p) => [p.period, p.rows[0].value, p.rows[0].sum])).toEqual([
      ["2023/01", 5, 5],
      ["2023/02", 0, 5],
      ["2023/03", 0, 5],
    ]);
  });

  it("groups by path at LOD, metric and unit, sorted, with zero rows in quiet periods", () => {
    const input = [
      series({ start: utc("2023-01-15"), value: 1, dimensions: { budget: dim("atlas/b/y") } }),
      series({ start: utc("2023-01-20"), value: 2, dimensions: { budget: dim("atlas/a/x") } }),
      series({ start: utc("2023-02-10"), value: 4, dimensions: { budget: dim("atlas/a/z") } }),
      series({ start: utc("2023-02-10"), value: 8, unit: "MKR", dimensions: { budget: dim("atlas/a/z") } }),
    ];
    const r = run(input, 2, "2023-01-01", "2023-03-01", G.Monthly);
    const view = r.map((p) => p.rows.map((row) => `${row.dimensions.budget.path}|${row.unit}|${row.value}|${row.sum}`));
    expect(view).toEqual([
      ["atlas/a|DAI|2|2", "atlas/a|MKR|0|0", "atlas/b|DAI|1|1"],
      ["atlas/a|DAI|4|6", "atlas/a|MKR|8|8", "atlas/b|DAI|0|1"],
    ]);
  });

  it("labels a group with the metadata of the dimension at exactly its path, else leaves it empty", () => {
    const input = [
      series({ start: utc("2023-01-15"), dimensions: { budget: dim("atlas/a") } }),
      series({ start: utc("2023-01-15"), dimensions: { budget: dim("atlas/b/c") } }),
    ];
    const r = run(input, 2, "2023-01-01", "2023-02-01", G.Total);
    expect(r[0].rows.map((row) => row.dimensions.budget.label)).toEqual(["label of atlas/a", ""]);
  });

  it("pads short paths with * and takes the range from the series when none is given", () => {
    const input = [
      series({ start: utc("2023-01-01"), value: 3, dimensions: { budget: dim("atlas") } }),
      series({ start: utc("2023-03-01"), value: 4, dimensions: { budget: dim("atlas") } }),
    ];
    const r = run(input, 3, null, null, G.Monthly);
    expect(
      r.map((p) => [p.period, p.rows[0].dimensions.budget.path.toString(), p.rows[0].value, p.rows[0].sum]),
    ).toEqual([
      ["2023/01", "atlas/*/*", 0, 3],
      ["2023/02", "atlas/*/*", 4, 7],
    ]);
  });

  it("returns no periods when no series matched", () => {
    expect(run([], 1, "2023-01-01", "2024-01-01", G.Monthly)).toEqual([]);
  });
});

describe("AnalyticsProfiler", () => {
  it("names metrics ns.stack….metric and times sync and async work", async () => {
    const seen: [string, number][] = [];
    const p = new AnalyticsProfiler("app", (m, ms) => seen.push([m, ms]));
    p.push("Engine");
    p.push("Store");
    await p.record("Query", () => new Promise((r) => setTimeout(r, 20)));
    expect(p.popAndReturn(42)).toBe(42);
    expect(p.recordSync("Discretize", () => "done")).toBe("done");
    p.pop();
    p.pop();
    expect(() =>
      p.recordSync("Fail", () => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(seen.map(([m]) => m)).toEqual(["app.Engine.Store.Query", "app.Engine.Discretize", "app.Fail"]);
    expect(seen[0][1]).toBeGreaterThanOrEqual(15);
    expect(p.prefix).toBe("app");
  });

  it("passthrough records nothing and returns results", async () => {
    const p = new PassthroughAnalyticsProfiler();
    expect(await p.record("x", async () => 7)).toBe(7);
    expect(p.prefix).toBe("");
  });
});

describe("AnalyticsSubscriptionManager", () => {
  const path = AnalyticsPath.fromString;
  it("fires for the path and paths under it, with * for one segment, until unsubscribed", () => {
    const m = new AnalyticsSubscriptionManager();
    const calls: string[] = [];
    const off = m.subscribeToPath(path("a/b"), (p) => calls.push(`ab:${p}`));
    m.subscribeToPath(path("a/*/c"), (p) => calls.push(`a*c:${p}`));
    m.subscribeToPath(path("x"), (p) => calls.push(`x:${p}`));
    m.notifySubscribers([path("a/b"), path("a/b/c/d"), path("a/bb"), path("a/z/c"), path("a")]);
    expect(calls).toEqual(["ab:a/b", "ab:a/b/c/d", "a*c:a/b/c/d", "a*c:a/z/c"]);
    off();
    calls.length = 0;
    m.notifySubscribers([path("a/b")]);
    expect(calls).toEqual([]);
  });

  it("on a subtree notification also fires subscriptions below the path", () => {
    const m = new AnalyticsSubscriptionManager();
    const calls: string[] = [];
    m.subscribeToPath(path("a/b/c"), (p) => calls.push(String(p)));
    m.notifySubscribers([path("a")]);
    m.notifySubscribers([path("a")], true);
    m.notifySubscribers([path("z")], true);
    expect(calls).toEqual(["a"]);
  });

  it("runs every callback and then reports the failures together", () => {
    const m = new AnalyticsSubscriptionManager();
    let ran = 0;
    m.subscribeToPath(path("a"), () => {
      throw new Error("first");
    });
    m.subscribeToPath(path("a"), () => void ran++);
    expect(() => m.notifySubscribers([path("a")])).toThrow(NotificationError);
    expect(ran).toBe(1);
  });
});
