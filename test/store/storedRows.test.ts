import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AnalyticsGranularity as G,
  AnalyticsPath,
  AnalyticsQueryEngine,
  MemoryAnalyticsStore,
} from "../../src/engine/index.js";
import { toQuery } from "../../bench/workload.js";

// Rows already in the database never break a read: paths the engine would refuse as input (an
// empty segment, a dangling backslash, two colons) read back as they are stored.

let store: MemoryAnalyticsStore;

beforeAll(async () => {
  store = new MemoryAnalyticsStore();
  await store.init();
  await store.raw(`
    insert into "AnalyticsDimension" (id, dimension, path, label) values
      (1, 'project', 'atlas//', 'Empty segment'), (2, 'project', 'atlas/ok/', null), (3, 'project', 'atlas/a\\', null),
      (4, 'project', 'atlas/x:y:z/', null), (5, 'budget', 'atlas/', null);
    insert into "AnalyticsSeries" (id, source, start, metric, value, unit) values
      (1, 'src//odd/', '2023-01-15', 'Budget', 1, 'DAI'), (2, 'src/ok/', '2023-02-15', 'Budget', 2, 'DAI'),
      (3, 'src/ok/', '2023-03-15', 'Budget', 4, 'DAI'), (4, 'src/ok/', '2023-03-20', 'Budget', 8, 'DAI');
    insert into "AnalyticsSeries_AnalyticsDimension" ("seriesId", "dimensionId") values (1, 1), (2, 2), (3, 3), (4, 4), (1, 5), (2, 5), (3, 5), (4, 5);
  `);
});
afterAll(() => store.destroy());

const spec = (lod: number) => ({
  start: "2023-01-01T00:00:00.000Z",
  end: "2023-04-01T00:00:00.000Z",
  granularity: G.Total,
  metrics: ["Budget"],
  currency: "DAI",
  select: { project: ["atlas"] },
  lod: { project: lod },
});

describe("stored rows the engine would refuse as input", () => {
  it("group at every LOD, with each path as stored", async () => {
    const engine = new AnalyticsQueryEngine(store);
    const rows = async (lod: number) =>
      (await engine.execute(toQuery(spec(lod))))[0].rows.map((r) => [r.dimensions.project.path.toString(), r.value]);
    expect(await rows(1)).toEqual([["atlas", 15]]);
    expect(await rows(2)).toEqual([
      ["atlas/", 1],
      ["atlas/a\\", 4],
      ["atlas/ok", 2],
      ["atlas/x:y:z", 8],
    ]);
    expect(await rows(3)).toEqual([
      ["atlas//*", 1],
      ["atlas/a\\/*", 4],
      ["atlas/ok/*", 2],
      ["atlas/x:y:z/*", 8],
    ]);
  });

  it("are matched and listed as stored", async () => {
    const series = await store.getMatchingSeries({
      start: null,
      end: null,
      metrics: ["Budget"],
      select: { project: [AnalyticsPath.fromString("atlas")] },
    });
    expect(
      series.map((s) => [s.id, s.source.toString(), s.dimensions.project.path.toString(), s.dimensions.project.label]),
    ).toEqual([
      [1, "src//odd", "atlas/", "Empty segment"],
      [2, "src/ok", "atlas/ok", ""],
      [3, "src/ok", "atlas/a\\", ""],
      [4, "src/ok", "atlas/x:y:z", ""],
    ]);
    const project = (await store.getDimensions()).find((d) => d.name === "project")!;
    expect(project.values.map((v) => v.path)).toEqual(["atlas/", "atlas/a\\", "atlas/ok", "atlas/x:y:z"]);
  });
});
