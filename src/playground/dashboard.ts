// Dashboards, framework-free: the list, the one shown, its tiles (pin, edit, resize, move, remove),
// kept in the storage the page hands in; files in and out, and links that carry a dashboard.
// React binds in src/ui/dashboard/DashboardContext.tsx.
import {
  DashboardError,
  newId,
  parseDashboard,
  parseDashboardText,
  type Dashboard,
  type Tile,
} from "./dashboardFile.js";
import { createStore, type ReadableStore } from "./store.js";

type Notice = { ok: boolean; text: string };
export type DashboardsState = {
  dashboards: Dashboard[];
  /** The id of the one shown. */
  current: string;
  /** What the last import, link or share did, for the user. */
  notice: Notice | null;
};

export interface Dashboards extends ReadableStore<DashboardsState> {
  select(id: string): void;
  create(title: string): void;
  /** Deletes the current dashboard (the demo comes back when none is left, and with Reset). */
  removeCurrent(): void;
  rename(title: string): void;
  /** Adds a tile to the current dashboard. */
  pin(tile: Omit<Tile, "id">): Tile;
  /** Changes a tile of the current dashboard: its chart settings, size or title. */
  updateTile(id: string, change: Partial<Omit<Tile, "id">>): void;
  removeTile(id: string): void;
  /** Swaps a tile with its neighbour; nothing at either end. */
  moveTile(id: string, by: -1 | 1): void;
  /** Adds a dashboard (a file, a link), replacing one with the same id, and shows it. */
  add(dashboard: Dashboard): void;
  resetDemo(): void;
  /** Imports a dashboard file's text; a bad one changes nothing and the notice says why. */
  importFile(name: string, text: string): void;
  /** A link to `base` that carries the current dashboard. */
  shareLink(base: string): Promise<string>;
  /** Opens the dashboard a link's hash carries, if any. */
  openLink(hash: string): Promise<void>;
  setNotice(notice: Notice | null): void;
}

type KeyValue = Pick<Storage, "getItem" | "setItem">;
type Stored = Pick<DashboardsState, "dashboards" | "current">;

export const DASHBOARDS_KEY = "playground.dashboards";

/** The dashboard shown: the current one, or the first when the current id is gone. */
export const currentDashboard = ({ dashboards, current }: DashboardsState): Dashboard =>
  dashboards.find((d) => d.id === current) ?? dashboards[0];

/** The stored dashboards, each one checked (a damaged one is left out); the demo alone when none is left. */
function load(storage: KeyValue, demo: Dashboard): Stored {
  try {
    const raw = JSON.parse(storage.getItem(DASHBOARDS_KEY) ?? "null") as {
      dashboards?: unknown[];
      current?: unknown;
    } | null;
    if (raw && Array.isArray(raw.dashboards)) {
      const dashboards = raw.dashboards.flatMap((d) => {
        try {
          return [parseDashboard(d)];
        } catch {
          return [];
        }
      });
      if (dashboards.length > 0) {
        const known = typeof raw.current === "string" && dashboards.some((d) => d.id === raw.current);
        return { dashboards, current: known ? (raw.current as string) : dashboards[0].id };
      }
    }
  } catch {
    /* unreadable storage: start from the demo */
  }
  return { dashboards: [demo], current: demo.id };
}

export function createDashboards(storage: KeyValue, demo: Dashboard): Dashboards {
  const store = createStore<DashboardsState>({ ...load(storage, demo), notice: null });
  const save = (change: (s: Stored) => Stored) => {
    const { dashboards, current } = store.get();
    const next = change({ dashboards, current });
    store.set(next);
    try {
      storage.setItem(DASHBOARDS_KEY, JSON.stringify(next));
    } catch {
      /* storage full or denied: the dashboards still work in this tab */
    }
  };
  const editCurrent = (edit: (d: Dashboard) => Dashboard) =>
    save((s) => ({ ...s, dashboards: s.dashboards.map((d) => (d.id === s.current ? edit(d) : d)) }));
  const add = (incoming: Dashboard) =>
    save((s) => ({
      dashboards: s.dashboards.some((d) => d.id === incoming.id)
        ? s.dashboards.map((d) => (d.id === incoming.id ? incoming : d))
        : [...s.dashboards, incoming],
      current: incoming.id,
    }));
  const setNotice = (notice: Notice | null) => store.set({ notice });
  return {
    get: store.get,
    subscribe: store.subscribe,
    select: (id) => save((s) => ({ ...s, current: id })),
    create(title) {
      const d: Dashboard = { version: 1, id: newId("dash"), title, tiles: [] };
      save((s) => ({ dashboards: [...s.dashboards, d], current: d.id }));
    },
    removeCurrent: () =>
      save((s) => {
        const rest = s.dashboards.filter((d) => d.id !== s.current);
        return rest.length ? { dashboards: rest, current: rest[0].id } : { dashboards: [demo], current: demo.id };
      }),
    rename: (title) => editCurrent((d) => ({ ...d, title })),
    pin(tile) {
      const made = { ...tile, id: newId("tile") };
      editCurrent((d) => ({ ...d, tiles: [...d.tiles, made] }));
      return made;
    },
    updateTile: (id, change) =>
      editCurrent((d) => ({ ...d, tiles: d.tiles.map((t) => (t.id === id ? { ...t, ...change } : t)) })),
    removeTile: (id) => editCurrent((d) => ({ ...d, tiles: d.tiles.filter((t) => t.id !== id) })),
    moveTile: (id, by) =>
      editCurrent((d) => {
        const i = d.tiles.findIndex((t) => t.id === id);
        const j = i + by;
        if (i < 0 || j < 0 || j >= d.tiles.length) return d;
        const tiles = [...d.tiles];
        [tiles[i], tiles[j]] = [tiles[j], tiles[i]];
        return { ...d, tiles };
      }),
    add,
    resetDemo: () => add(demo),
    importFile(name, text) {
      try {
        const d = parseDashboardText(text);
        add(d);
        setNotice({ ok: true, text: `Imported “${d.title}” (${d.tiles.length} tiles).` });
      } catch (e) {
        const why = e instanceof DashboardError ? e.message : String(e);
        setNotice({ ok: false, text: `${name} was not imported: ${why}. Nothing was changed.` });
      }
    },
    async shareLink(base) {
      const dashboard = currentDashboard(store.get());
      const url = await dashboardLink(dashboard, base);
      const text = `Link to “${dashboard.title}” copied (${url.length} characters): anyone opening it gets this dashboard.`;
      setNotice({ ok: true, text });
      return url;
    },
    async openLink(hash) {
      try {
        const d = await dashboardFromHash(hash);
        if (!d) return;
        add(d);
        const text = `Opened the shared dashboard “${d.title}” (${d.tiles.length} tiles); it is saved in this browser.`;
        setNotice({ ok: true, text });
      } catch (e) {
        setNotice({ ok: false, text: e instanceof Error ? e.message : String(e) });
      }
    },
    setNotice,
  };
}

/** A dashboard travels in the URL hash as deflated, base64url-encoded JSON: links stay short. */
export const SHARE_PREFIX = "#dashboard=";

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  return new Uint8Array(await new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream)).arrayBuffer());
}

export async function dashboardLink(dashboard: Dashboard, base: string): Promise<string> {
  const packed = await through(
    new TextEncoder().encode(JSON.stringify(dashboard)),
    new CompressionStream("deflate-raw"),
  );
  const url = new URL(base);
  url.hash =
    SHARE_PREFIX.slice(1) +
    btoa(String.fromCharCode(...packed))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
  return url.toString();
}

/** The dashboard in a hash, null when it holds none; a damaged link throws a DashboardError saying so. */
export async function dashboardFromHash(hash: string): Promise<Dashboard | null> {
  if (!hash.startsWith(SHARE_PREFIX)) return null;
  let json: unknown;
  try {
    const binary = atob(hash.slice(SHARE_PREFIX.length).replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = await through(
      Uint8Array.from(binary, (c) => c.charCodeAt(0)),
      new DecompressionStream("deflate-raw"),
    );
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new DashboardError(
      "link",
      "the dashboard in this link is damaged (probably cut short when copied): copy the whole link again",
    );
  }
  return parseDashboard(json);
}
