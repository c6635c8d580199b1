import { DEFAULT_SETTINGS, type ChartKind, type ChartSettings } from "./chartSettings.js";

/** How the shown query is drawn: what a link carries of the chart pane's toolbar. */
export type ChartView = Pick<ChartSettings, "kind" | "measure" | "top" | "other">;

/** The results table's filter text and sort, the column named by its label (the dimension columns vary by query). */
export type TableView = { filter: string; sort: { column: string; dir: "asc" | "desc" } | null };
export const DEFAULT_TABLE_VIEW: TableView = { filter: "", sort: null };

/** The splitters, each the first track's share (0–1): editor|results above tools, and the two bottom panes. */
export type LayoutView = { top: number; left: number; bottomLeft: number };

/**
 * The view a link reproduces: the editor texts, the tab, the dataset and how the chart is drawn. It travels in the URL
 * hash, deflated and base64url-encoded, so a long query still makes a short, pasteable link.
 */
export type ViewState = {
  /** The series editor's text, exactly as typed. */
  query: string;
  sql?: string;
  tab?: string;
  dataset?: { count: number; seed: number };
  chart?: ChartView;
  /** Compare's query B and where it runs. */
  compare?: { text: string; backend: "tab" | "server" };
  /** Absent when the table is neither sorted nor filtered. */
  table?: TableView;
  layout?: LayoutView;
};

/** The table view in a link; a damaged part is dropped rather than guessed. */
function tableView(v: unknown): TableView | undefined {
  if (typeof v !== "object" || v === null) return undefined;
  const t = v as { filter?: unknown; sort?: { column?: unknown; dir?: unknown } | null };
  const dir = t.sort?.dir;
  const sort: TableView["sort"] =
    t.sort && typeof t.sort.column === "string" && (dir === "asc" || dir === "desc")
      ? { column: t.sort.column, dir }
      : null;
  return { filter: typeof t.filter === "string" ? t.filter : "", sort };
}

/** A splitter's position: a share strictly between 0 and 1. */
export const isFraction = (x: unknown): x is number => typeof x === "number" && x > 0 && x < 1;

/** The splitters in a link: all three fractions strictly between 0 and 1, or none. */
function layoutView(v: unknown): LayoutView | undefined {
  if (typeof v !== "object" || v === null) return undefined;
  const l = v as Partial<Record<keyof LayoutView, unknown>>;
  return isFraction(l.top) && isFraction(l.left) && isFraction(l.bottomLeft)
    ? { top: l.top, left: l.left, bottomLeft: l.bottomLeft }
    : undefined;
}

const KINDS: ChartKind[] = ["line", "area", "bar", "stacked"];

/** The chart view in a link, each setting kept when valid and defaulted when not (a link is not a form). */
function chartView(v: unknown): ChartView | undefined {
  if (typeof v !== "object" || v === null) return undefined;
  const c = v as Partial<Record<keyof ChartView, unknown>>;
  const d = DEFAULT_SETTINGS;
  return {
    kind: KINDS.includes(c.kind as ChartKind) ? (c.kind as ChartKind) : d.kind,
    measure: c.measure === "sum" || c.measure === "value" ? c.measure : d.measure,
    top: typeof c.top === "number" && Number.isInteger(c.top) && c.top >= 1 ? c.top : d.top,
    other: typeof c.other === "boolean" ? c.other : d.other,
  };
}

const PREFIX = "#v1=";

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export async function encodeViewState(state: ViewState): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  return PREFIX + toBase64Url(await pipe(bytes, new CompressionStream("deflate-raw")));
}

/** The state in a hash, or null when the hash holds none; a damaged link throws with a reason. */
export async function decodeViewState(hash: string): Promise<ViewState | null> {
  if (!hash.startsWith(PREFIX)) return null;
  let json: unknown;
  try {
    const bytes = await pipe(fromBase64Url(hash.slice(PREFIX.length)), new DecompressionStream("deflate-raw"));
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error(
      "this link's view is damaged (it was probably cut short when copied); the default view is shown instead",
    );
  }
  const s = json as Partial<ViewState>;
  if (typeof s !== "object" || s === null || typeof s.query !== "string")
    throw new Error("this link holds no query; the default view is shown instead");
  const chart = chartView(s.chart);
  const table = tableView(s.table);
  const layout = layoutView(s.layout);
  const c = s.compare as Partial<ViewState["compare"]> | undefined;
  const compare =
    c && typeof c.text === "string"
      ? { text: c.text, backend: c.backend === "server" ? ("server" as const) : ("tab" as const) }
      : null;
  return {
    query: s.query,
    ...(typeof s.sql === "string" ? { sql: s.sql } : {}),
    ...(typeof s.tab === "string" ? { tab: s.tab } : {}),
    ...(s.dataset && Number.isInteger(s.dataset.count) && Number.isInteger(s.dataset.seed)
      ? { dataset: { count: s.dataset.count, seed: s.dataset.seed } }
      : {}),
    ...(chart ? { chart } : {}),
    ...(compare ? { compare } : {}),
    ...(table ? { table } : {}),
    ...(layout ? { layout } : {}),
  };
}
