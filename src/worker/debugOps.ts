// The "paste and debug" methods' work (paste detection, EXPLAIN, imports, database dumps), kept
// out of worker.ts so it stays a dispatcher.
import { PGlite } from "@electric-sql/pglite";
import { AnalyticsInputError, type MemoryAnalyticsStore } from "../engine/index.js";
import { explainIn, type Plan } from "./explain.js";
import { seriesFromCsv, seriesFromJson } from "./importers/series.js";
import { importDump } from "./importers/sqlDump.js";
import { detectPaste, FORMAT_LABELS } from "./paste/detect.js";
import type { DatabaseDump, ImportPlanDto, JsonValue, Methods, PasteDto } from "./protocol.js";

export function detect(text: string): PasteDto {
  const result = detectPaste(text);
  return { ...result, label: FORMAT_LABELS[result.format] };
}

export function explain(store: MemoryAnalyticsStore, sql: string): Promise<Plan> {
  return explainIn(store.db, sql);
}

/** Checks every row on its own; the UI stores the accepted ones in batches (and shows progress). */
export function planImport({ format, text }: Methods["planImport"]["params"]): ImportPlanDto {
  if (format !== "csv" && format !== "json") throw new AnalyticsInputError("format", `expected "csv" or "json", got ${JSON.stringify(format)}`);
  const plan = format === "csv" ? seriesFromCsv(text) : seriesFromJson(text);
  return { accepted: plan.accepted.map((r) => ({ row: r.row, input: r.input as unknown as JsonValue })), rejected: plan.rejected };
}

export async function importSqlDump(store: MemoryAnalyticsStore, sql: string): Promise<{ inserted: Record<string, number> }> {
  return { inserted: await importDump(store.db, sql) };
}

const countSeries = async (db: PGlite) => (await db.query<{ n: number }>(`select count(*)::int as n from "AnalyticsSeries"`)).rows[0].n;

/** PGlite's whole data directory, gzipped: what `loadDatabase` (or `PGlite.create({ loadDataDir })`) takes back. */
export async function exportDatabase(store: MemoryAnalyticsStore): Promise<DatabaseDump> {
  const t0 = performance.now();
  // A checkpoint first, so the dump holds every committed row in the data files.
  await store.db.exec("checkpoint");
  const blob = await store.db.dumpDataDir("gzip");
  return { bytes: new Uint8Array(await blob.arrayBuffer()), seriesCount: await countSeries(store.db), elapsedMs: performance.now() - t0 };
}

/**
 * Opens a dump as a new PGlite and, when it holds the analytics tables, makes it the store's
 * database (the old one is closed). A dump that fails to open or lacks the tables changes nothing.
 */
export async function loadDatabase(store: MemoryAnalyticsStore, bytes: Uint8Array | ArrayBuffer, use: (db: PGlite) => void): Promise<{ seriesCount: number; elapsedMs: number }> {
  const t0 = performance.now();
  let next: PGlite;
  try {
    next = await PGlite.create({ loadDataDir: new Blob([bytes as BlobPart]) });
  } catch (e) {
    throw new AnalyticsInputError("bytes", `this file is not a PGlite database dump (${e instanceof Error ? e.message : String(e)}); export one with "Export database"`);
  }
  let seriesCount: number;
  try {
    seriesCount = await countSeries(next);
  } catch {
    await next.close();
    throw new AnalyticsInputError("bytes", 'this database has no "AnalyticsSeries" table: it is not an analytics playground dump');
  }
  const previous = await store.replaceDatabase(next);
  use(next);
  await previous?.close();
  return { seriesCount, elapsedMs: performance.now() - t0 };
}
