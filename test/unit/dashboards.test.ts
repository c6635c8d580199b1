import { describe, expect, it } from "vitest";
import {
  createDashboards,
  currentDashboard,
  dashboardFromHash,
  dashboardLink,
  DASHBOARDS_KEY,
  SHARE_PREFIX,
} from "../../src/playground/dashboard.js";
import { dashboardExport, dashboardFileName, type Dashboard, type Tile } from "../../src/playground/dashboardFile.js";
import { DEMO_DASHBOARD } from "../../src/ui/dashboard/demoDashboard.js";

/** The page's localStorage, as a map. */
function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) };
}

const tile = (title: string): Omit<Tile, "id"> => ({
  title,
  query: { kind: "sql", sql: `select '${title}' as label, 1 as n` },
  chart: { kind: "bar", measure: "value", top: 20, other: false },
  size: "medium",
});

const titles = (d: Dashboard) => d.tiles.map((t) => t.title);

describe("dashboards", () => {
  it("start from the demo, and a new one is empty and shown", () => {
    const store = createDashboards(memoryStorage(), DEMO_DASHBOARD);
    expect(store.get().dashboards).toEqual([DEMO_DASHBOARD]);
    expect(currentDashboard(store.get())).toBe(DEMO_DASHBOARD);
    store.create("Mine");
    const mine = currentDashboard(store.get());
    expect([mine.title, mine.tiles, store.get().dashboards.length]).toEqual(["Mine", [], 2]);
    store.select(DEMO_DASHBOARD.id);
    expect(currentDashboard(store.get()).id).toBe(DEMO_DASHBOARD.id);
  });

  it("pin, resize, move and remove tiles of the shown dashboard only", () => {
    const store = createDashboards(memoryStorage(), DEMO_DASHBOARD);
    store.create("Mine");
    const a = store.pin(tile("A"));
    const b = store.pin(tile("B"));
    store.pin(tile("C"));
    expect(a.id).not.toBe(b.id);
    store.updateTile(b.id, { size: "large", chart: { ...b.chart, kind: "line" } });
    store.moveTile(b.id, -1);
    store.moveTile(b.id, -1);
    expect(titles(currentDashboard(store.get()))).toEqual(["B", "A", "C"]);
    store.removeTile(a.id);
    const mine = currentDashboard(store.get());
    expect(mine.tiles.map((t) => [t.title, t.size, t.chart.kind])).toEqual([
      ["B", "large", "line"],
      ["C", "medium", "bar"],
    ]);
    store.rename("Renamed");
    expect(currentDashboard(store.get()).title).toBe("Renamed");
    expect(store.get().dashboards[0]).toEqual(DEMO_DASHBOARD);
  });

  it("are kept in the storage handed in, and read back checked", () => {
    const storage = memoryStorage();
    const store = createDashboards(storage, DEMO_DASHBOARD);
    store.create("Mine");
    store.pin(tile("A"));
    const again = createDashboards(storage, DEMO_DASHBOARD).get();
    expect(again.dashboards).toEqual(store.get().dashboards);
    expect(again.current).toBe(store.get().current);
    // A damaged dashboard is left out; an unknown current falls back to the first left.
    const saved = JSON.parse(storage.getItem(DASHBOARDS_KEY)!) as { dashboards: unknown[] };
    const damaged = { dashboards: [{ version: 2 }, saved.dashboards[1]], current: "gone" };
    const read = createDashboards(memoryStorage({ [DASHBOARDS_KEY]: JSON.stringify(damaged) }), DEMO_DASHBOARD).get();
    expect(read.dashboards.map((d) => d.title)).toEqual(["Mine"]);
    expect(read.current).toBe(read.dashboards[0].id);
    expect(createDashboards(memoryStorage({ [DASHBOARDS_KEY]: "{" }), DEMO_DASHBOARD).get().dashboards).toEqual([
      DEMO_DASHBOARD,
    ]);
  });

  it("deleting the last one brings the demo back; Reset restores its tiles", () => {
    const store = createDashboards(memoryStorage(), DEMO_DASHBOARD);
    store.removeTile(DEMO_DASHBOARD.tiles[0].id);
    expect(currentDashboard(store.get()).tiles).toHaveLength(DEMO_DASHBOARD.tiles.length - 1);
    store.resetDemo();
    expect(store.get().dashboards).toEqual([DEMO_DASHBOARD]);
    store.create("Mine");
    store.removeCurrent();
    store.removeCurrent();
    expect(store.get()).toMatchObject({ dashboards: [DEMO_DASHBOARD], current: DEMO_DASHBOARD.id });
  });

  it("export to a file that imports back; a bad file changes nothing and says why", () => {
    const store = createDashboards(memoryStorage(), DEMO_DASHBOARD);
    store.create("Q3 budgets / review");
    store.pin(tile("A"));
    const mine = currentDashboard(store.get());
    const file = dashboardExport(mine);
    expect(file.name).toBe("q3-budgets-review.dashboard.json");
    expect(dashboardFileName("!!", ".png")).toBe("dashboard.png");
    const other = createDashboards(memoryStorage(), DEMO_DASHBOARD);
    other.importFile(file.name, file.text);
    expect(currentDashboard(other.get())).toEqual(mine);
    expect(other.get().notice).toEqual({ ok: true, text: "Imported “Q3 budgets / review” (1 tiles)." });
    const before = other.get().dashboards;
    other.importFile("x.json", '{"version":1,"title":"T","tiles":[{"title":3}]}');
    expect(other.get().dashboards).toBe(before);
    expect(other.get().notice).toEqual({
      ok: false,
      text: "x.json was not imported: tiles[0].title: expected text, got number. Nothing was changed.",
    });
  });

  it("travel in a link's hash and open from it; a cut link says so", async () => {
    const store = createDashboards(memoryStorage(), DEMO_DASHBOARD);
    const url = await store.shareLink("http://localhost:5173/?view=dashboard#old");
    const { hash, search } = new URL(url);
    expect(search).toBe("?view=dashboard");
    expect(hash.startsWith(SHARE_PREFIX)).toBe(true);
    expect(store.get().notice?.text).toBe(
      `Link to “${DEMO_DASHBOARD.title}” copied (${url.length} characters): anyone opening it gets this dashboard.`,
    );
    expect(await dashboardFromHash(hash)).toEqual(DEMO_DASHBOARD);
    expect(await dashboardFromHash("#other")).toBeNull();

    const elsewhere = createDashboards(memoryStorage(), { ...DEMO_DASHBOARD, id: "local", tiles: [] });
    await elsewhere.openLink(hash);
    expect(elsewhere.get().dashboards.map((d) => d.id)).toEqual(["local", DEMO_DASHBOARD.id]);
    expect(currentDashboard(elsewhere.get())).toEqual(DEMO_DASHBOARD);
    expect(elsewhere.get().notice).toEqual({
      ok: true,
      text: `Opened the shared dashboard “${DEMO_DASHBOARD.title}” (${DEMO_DASHBOARD.tiles.length} tiles); it is saved in this browser.`,
    });
    const cut = hash.slice(0, hash.length / 2);
    await elsewhere.openLink(cut);
    expect(elsewhere.get().notice).toEqual({
      ok: false,
      text: "link: the dashboard in this link is damaged (probably cut short when copied): copy the whole link again",
    });
    expect(elsewhere.get().dashboards).toHaveLength(2);
    // The same dashboard again replaces it rather than adding a copy.
    await elsewhere.openLink(new URL(await dashboardLink(DEMO_DASHBOARD, "http://x/")).hash);
    expect(elsewhere.get().dashboards).toHaveLength(2);
  });
});
