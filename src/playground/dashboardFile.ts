import type { QueryJson } from "../rpc/protocol.js";
import { DEFAULT_SETTINGS, type ChartKind, type ChartSettings } from "./chartSettings.js";

/**
 * What a tile runs. A tagged union so that each query language is one more case here and one
 * more runner in useTileResult.ts (GraphQL comes as `{ kind: "graphql"; … }`).
 */
export type TileQuery = { kind: "series"; query: QueryJson } | { kind: "sql"; sql: string };

/** Grid columns × rows: small 4×1, medium 6×1, wide 12×1, large 12×2 (of 12 columns). */
export type TileSize = "small" | "medium" | "wide" | "large";
export const TILE_SIZES: TileSize[] = ["small", "medium", "wide", "large"];

export type Tile = {
  id: string;
  title: string;
  /** A line under the title: what to look at. */
  note?: string;
  query: TileQuery;
  chart: ChartSettings;
  size: TileSize;
};

export type Dashboard = { version: 1; id: string; title: string; description?: string; tiles: Tile[] };

export const newId = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

/** A dashboard file or link that is not one: `field` names what is wrong, the message how to fix it. */
export class DashboardError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const describe = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "an array" : typeof v);

function text(o: Obj, key: string, field: string, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== "string") throw new DashboardError(`${field}.${key}`, `expected text, got ${describe(v)}`);
  return v;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], field: string): T {
  if (typeof v === "string" && (allowed as readonly string[]).includes(v)) return v as T;
  throw new DashboardError(
    field,
    `expected one of ${allowed.map((a) => `"${a}"`).join(", ")}, got ${JSON.stringify(v)}`,
  );
}

function tileQuery(v: unknown, field: string): TileQuery {
  if (!isObj(v)) throw new DashboardError(field, `expected { kind, … }, got ${describe(v)}`);
  const kind = oneOf(v.kind, ["series", "sql"] as const, `${field}.kind`);
  if (kind === "sql") {
    const sql = text(v, "sql", field)!;
    if (!sql.trim()) throw new DashboardError(`${field}.sql`, "is empty: write the SELECT the tile shows");
    return { kind, sql };
  }
  const q = v.query;
  if (!isObj(q)) throw new DashboardError(`${field}.query`, `expected the editor's query object, got ${describe(q)}`);
  if (!Array.isArray(q.metrics) || q.metrics.some((m) => typeof m !== "string"))
    throw new DashboardError(`${field}.query.metrics`, "expected a list of metric names");
  if (typeof q.granularity !== "string") throw new DashboardError(`${field}.query.granularity`, "expected text");
  if (q.select !== undefined && !isObj(q.select))
    throw new DashboardError(`${field}.query.select`, "expected { dimension: [paths] }");
  // The engine checks the rest when the tile runs, and the tile shows its message.
  return { kind, query: { ...q, select: (q.select as QueryJson["select"]) ?? {} } as QueryJson };
}

function chartSettings(v: unknown, field: string): ChartSettings {
  if (v === undefined) return DEFAULT_SETTINGS;
  if (!isObj(v)) throw new DashboardError(field, `expected { kind, measure, … }, got ${describe(v)}`);
  const kinds: ChartKind[] = ["line", "area", "bar", "stacked"];
  const top = v.top ?? DEFAULT_SETTINGS.top;
  if (typeof top !== "number" || !Number.isInteger(top) || top < 1)
    throw new DashboardError(`${field}.top`, `expected a whole number of lines ≥ 1, got ${JSON.stringify(top)}`);
  return {
    kind: oneOf(v.kind ?? DEFAULT_SETTINGS.kind, kinds, `${field}.kind`),
    measure: oneOf(v.measure ?? DEFAULT_SETTINGS.measure, ["value", "sum"] as const, `${field}.measure`),
    top,
    other: v.other === undefined ? DEFAULT_SETTINGS.other : v.other === true,
    ...(typeof v.subtitle === "string" ? { subtitle: v.subtitle } : {}),
  };
}

/** A dashboard from JSON (a file, a link): every field checked, with the first problem named. */
export function parseDashboard(json: unknown): Dashboard {
  if (!isObj(json)) throw new DashboardError("dashboard", `expected an object, got ${describe(json)}`);
  if (json.version !== 1)
    throw new DashboardError(
      "version",
      `expected 1 (this playground's dashboard format), got ${JSON.stringify(json.version)}`,
    );
  const title = text(json, "title", "dashboard")!;
  if (!Array.isArray(json.tiles))
    throw new DashboardError("tiles", `expected a list of tiles, got ${describe(json.tiles)}`);
  const seen = new Set<string>();
  const tiles = json.tiles.map((t: unknown, i): Tile => {
    const field = `tiles[${i}]`;
    if (!isObj(t)) throw new DashboardError(field, `expected a tile object, got ${describe(t)}`);
    let id = typeof t.id === "string" && t.id ? t.id : newId("tile");
    if (seen.has(id)) id = newId("tile");
    seen.add(id);
    const note = text(t, "note", field, true);
    return {
      id,
      title: text(t, "title", field)!,
      ...(note ? { note } : {}),
      query: tileQuery(t.query, `${field}.query`),
      chart: chartSettings(t.chart, `${field}.chart`),
      size: oneOf(t.size ?? "medium", TILE_SIZES, `${field}.size`),
    };
  });
  const description = text(json, "description", "dashboard", true);
  return {
    version: 1,
    id: typeof json.id === "string" && json.id ? json.id : newId("dash"),
    title,
    ...(description ? { description } : {}),
    tiles,
  };
}

/** Parses a dashboard file's text; bad JSON is reported with where it broke. */
export function parseDashboardText(textValue: string): Dashboard {
  let json: unknown;
  try {
    json = JSON.parse(textValue);
  } catch (e) {
    throw new DashboardError("file", `not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return parseDashboard(json);
}

/** A file name from a title: `Budget vs Actuals` → `budget-vs-actuals.dashboard.json`. */
export function dashboardFileName(title: string, extension = ".dashboard.json"): string {
  const base = title
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();
  return (base || "dashboard") + extension;
}

/** A dashboard as the file Export saves (and Import reads back). */
export const dashboardExport = (dashboard: Dashboard) => ({
  name: dashboardFileName(dashboard.title),
  text: JSON.stringify(dashboard, null, 2),
});
