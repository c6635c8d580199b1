import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { makeContext } from "../hooks/context.js";
import { DEMO_DASHBOARD, DEMO_DASHBOARD_ID } from "./demoDashboard.js";
import { newId, parseDashboard, type Dashboard, type Tile } from "./model.js";
import { dashboardFromHash } from "./share.js";

const KEY = "playground.dashboards";

type Stored = { dashboards: Dashboard[]; current: string };
export type Notice = { ok: boolean; text: string };

type DashboardState = Stored & {
  dashboard: Dashboard;
  select: (id: string) => void;
  create: (title: string) => void;
  /** Deletes the current dashboard (the demo comes back with Reset). */
  removeCurrent: () => void;
  rename: (title: string) => void;
  /** Adds a tile to the current dashboard. */
  pin: (tile: Omit<Tile, "id">) => Tile;
  updateTile: (id: string, change: Partial<Omit<Tile, "id">>) => void;
  removeTile: (id: string) => void;
  moveTile: (id: string, by: -1 | 1) => void;
  /** Adds a dashboard (a file, a link), replacing one with the same id, and shows it. */
  add: (dashboard: Dashboard) => void;
  resetDemo: () => void;
  notice: Notice | null;
  setNotice: (notice: Notice | null) => void;
};

const [DashboardContextProvider, useDashboards] = makeContext<DashboardState>("Dashboards");

function load(): Stored {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? "null") as { dashboards?: unknown[]; current?: unknown } | null;
    if (raw && Array.isArray(raw.dashboards)) {
      const dashboards = raw.dashboards.flatMap((d) => {
        try {
          return [parseDashboard(d)];
        } catch {
          return [];
        }
      });
      if (dashboards.length > 0) {
        const current =
          typeof raw.current === "string" && dashboards.some((d) => d.id === raw.current)
            ? raw.current
            : dashboards[0].id;
        return { dashboards, current };
      }
    }
  } catch {
    /* unreadable storage: start from the demo */
  }
  return { dashboards: [DEMO_DASHBOARD], current: DEMO_DASHBOARD_ID };
}

/** Dashboards, kept in localStorage; the demo's is there from the start. */
export function DashboardProvider({ children }: { children: ReactNode }) {
  const [stored, setStored] = useState<Stored>(load);
  const [notice, setNotice] = useState<Notice | null>(null);
  const save = useCallback((change: (s: Stored) => Stored) => {
    setStored((s) => {
      const next = change(s);
      localStorage.setItem(KEY, JSON.stringify(next));
      return next;
    });
  }, []);
  const dashboard = stored.dashboards.find((d) => d.id === stored.current) ?? stored.dashboards[0];
  const editCurrent = useCallback(
    (edit: (d: Dashboard) => Dashboard) =>
      save((s) => ({ ...s, dashboards: s.dashboards.map((d) => (d.id === s.current ? edit(d) : d)) })),
    [save],
  );
  const add = useCallback(
    (incoming: Dashboard) =>
      save((s) => ({
        dashboards: s.dashboards.some((d) => d.id === incoming.id)
          ? s.dashboards.map((d) => (d.id === incoming.id ? incoming : d))
          : [...s.dashboards, incoming],
        current: incoming.id,
      })),
    [save],
  );

  useEffect(() => {
    let live = true;
    dashboardFromHash(location.hash).then(
      (d) => {
        if (!live || !d) return;
        add(d);
        setNotice({
          ok: true,
          text: `Opened the shared dashboard “${d.title}” (${d.tiles.length} tiles); it is saved in this browser.`,
        });
      },
      (e: unknown) => live && setNotice({ ok: false, text: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [add]);

  const value = useMemo<DashboardState>(
    () => ({
      ...stored,
      dashboard,
      select: (id) => save((s) => ({ ...s, current: id })),
      create: (title) => {
        const d: Dashboard = { version: 1, id: newId("dash"), title, tiles: [] };
        save((s) => ({ dashboards: [...s.dashboards, d], current: d.id }));
      },
      removeCurrent: () =>
        save((s) => {
          const rest = s.dashboards.filter((d) => d.id !== s.current);
          return rest.length
            ? { dashboards: rest, current: rest[0].id }
            : { dashboards: [DEMO_DASHBOARD], current: DEMO_DASHBOARD_ID };
        }),
      rename: (title) => editCurrent((d) => ({ ...d, title })),
      pin: (tile) => {
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
      resetDemo: () => add(DEMO_DASHBOARD),
      notice,
      setNotice,
    }),
    [stored, dashboard, save, editCurrent, add, notice],
  );
  return <DashboardContextProvider value={value}>{children}</DashboardContextProvider>;
}

export { useDashboards };
