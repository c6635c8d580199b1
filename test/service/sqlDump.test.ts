import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AnalyticsGranularity,
  AnalyticsPath,
  AnalyticsQueryEngine,
  MemoryAnalyticsStore,
} from "../../src/engine/index.js";
import { checkDump, importDump, splitStatements } from "../../src/service/import/sqlDump.js";

// A dump shaped like the upstream project's: explicit ids, paths with a trailing slash, and
// a semicolon inside a string.
const dump = `-- exported
SET client_encoding = 'UTF8';
INSERT INTO "AnalyticsDimension" (id, dimension, path, label, icon, description) VALUES
  (1, 'budget', 'atlas/legacy/core-units/SES-001/', 'SES; the ecosystem team', '', ''),
  (2, 'category', 'atlas/headcount/', 'Headcount', NULL, NULL);
INSERT INTO "AnalyticsSeries" (id, source, start, "end", metric, value, unit, fn, params) VALUES
  (10, 'powerhouse/dump/', '2023-01-01 00:00:00', NULL, 'Budget', 1000, 'DAI', 'Single', NULL),
  (11, 'powerhouse/dump/', '2023-02-01 00:00:00', NULL, 'Budget', 500, 'DAI', 'Single', NULL);
INSERT INTO "AnalyticsSeries_AnalyticsDimension" ("seriesId", "dimensionId") VALUES (10, 1), (10, 2), (11, 1), (11, 2);
SELECT pg_catalog.setval('"AnalyticsSeries_id_seq"', 11, true);
`;

let db: PGlite;
let store: MemoryAnalyticsStore;
beforeAll(async () => {
  db = await PGlite.create();
  store = new MemoryAnalyticsStore({ pgLiteFactory: async () => db });
  await store.init();
});
afterAll(() => store.destroy());

describe("SQL dumps", () => {
  it("splits statements at top-level semicolons only, with their lines", () => {
    expect(splitStatements(`select 'a;b'; -- c;d\nselect "x;y" /* ; */ from t;\n\nselect $$;$$`)).toEqual([
      { text: "select 'a;b'", line: 1 },
      { text: '-- c;d\nselect "x;y" /* ; */ from t', line: 1 },
      { text: "select $$;$$", line: 4 },
    ]);
  });

  it("imports a dump atomically, then the store queries it and keeps adding after it", async () => {
    expect(await importDump(db, dump)).toEqual({
      AnalyticsSeries: 2,
      AnalyticsDimension: 2,
      AnalyticsSeries_AnalyticsDimension: 4,
    });
    const r = await new AnalyticsQueryEngine(store).execute({
      start: null,
      end: null,
      metrics: ["Budget"],
      granularity: AnalyticsGranularity.Total,
      select: { budget: [AnalyticsPath.fromString("atlas/legacy")] },
      lod: { budget: 4 },
    });
    expect(
      r[0].rows.map((row) => [row.dimensions.budget.path.toString(), row.dimensions.budget.label, row.sum]),
    ).toEqual([["atlas/legacy/core-units/SES-001", "SES; the ecosystem team", 1500]]);
    await store.addSeriesValue({
      start: "2023-03-01",
      source: "x",
      metric: "Budget",
      value: 1,
      dimensions: { budget: "atlas/new" },
    });
    expect((await db.query(`select max(id)::int as s from "AnalyticsSeries"`)).rows).toEqual([{ s: 12 }]);
  });

  it("refuses other statements before writing anything, naming the line", async () => {
    const before = (await db.query(`select count(*)::int as n from "AnalyticsSeries"`)).rows;
    expect(() => checkDump(`INSERT INTO "AnalyticsSeries" (id) VALUES (99);\n\nDROP TABLE "AnalyticsSeries";`)).toThrow(
      'line 3: only INSERTs into "AnalyticsSeries", "AnalyticsDimension" and "AnalyticsSeries_AnalyticsDimension" are imported; found: DROP TABLE "AnalyticsSeries"',
    );
    await expect(importDump(db, `INSERT INTO users VALUES (1)`)).rejects.toThrow("line 1: only INSERTs");
    expect((await db.query(`select count(*)::int as n from "AnalyticsSeries"`)).rows).toEqual(before);
  });

  it("rolls the whole dump back when a row fails", async () => {
    const before = (await db.query(`select count(*)::int as n from "AnalyticsSeries"`)).rows;
    const bad = `INSERT INTO "AnalyticsSeries" (id, source, start, metric, value, fn) VALUES (500, 's/', '2023-01-01', 'Budget', 1, 'Single');
INSERT INTO "AnalyticsSeries" (id, source, start, metric, value, fn) VALUES (501, 's/', 'not a date', 'Budget', 1, 'Single');`;
    await expect(importDump(db, bad)).rejects.toThrow(
      /invalid input syntax for type timestamp with time zone: "not a date"/,
    );
    expect((await db.query(`select count(*)::int as n from "AnalyticsSeries"`)).rows).toEqual(before);
  });
});
