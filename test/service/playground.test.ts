// The playground core (src/playground) on a real engine in this process: the session boots,
// loads the catalog, restarts; the live feed re-runs the shown query once per burst of changes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineClient } from "../../src/client/EngineClient.js";
import { createLiveFeed, LIVE_DEBOUNCE_MS } from "../../src/playground/live.js";
import { createEngineSession, type EngineSession } from "../../src/playground/session.js";
import { inProcessWorker } from "../support/inProcessWorker.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves when the store's state satisfies `ok` (checked on every change). */
function until<T>(store: { get(): T; subscribe(l: () => void): () => void }, ok: (s: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    if (ok(store.get())) return resolve(store.get());
    const off = store.subscribe(() => {
      if (!ok(store.get())) return;
      off();
      resolve(store.get());
    });
  });
}

let client: EngineClient;
let session: EngineSession;
let stop: () => void;

beforeAll(async () => {
  ({ client } = await inProcessWorker());
  session = createEngineSession({
    client,
    backend: "tab",
    params: { count: 200, seed: 7, store: { kind: "memory" } },
    acquire: () => {
      throw new Error("an in-memory demo takes no lock");
    },
  });
  stop = session.start();
});
afterAll(() => stop());

describe("engine session", () => {
  it("boots the demo, then loads the catalog the editors complete from", async () => {
    expect(session.get().status).toBe("booting");
    const ready = await until(session, (s) => s.catalog !== null);
    expect(ready.status).toBe("ready");
    expect(ready.boot?.seriesCount).toBe(200);
    expect(ready.steps.map((s) => s.step)).toEqual(["load", "schema", "seed"]);
    expect(ready.steps.every((s) => s.finished)).toBe(true);
    expect(ready.catalog?.metrics).toEqual(["Actuals", "Budget", "Forecast", "PaymentsOnChain"]);
    expect(ready.catalog?.dimensions.map((d) => d.name)).toEqual(["budget", "category"]);
  });

  it("a restart cancels what runs, boots a new engine and tells the panes everything changed", async () => {
    const changes: string[][] = [];
    const off = client.on("changed", (e) => changes.push(e.sources));
    const hang = client.raw("select pg_sleep(0.2)");
    session.restart("cancel");
    await expect(hang).rejects.toThrow(/^cancelled after/);
    const restarted = session.get();
    expect(restarted.status).toBe("booting");
    expect(restarted.lastRestart?.reason).toBe("cancel");
    expect(restarted.lastRestart?.cancelled.map((c) => c.method)).toEqual(["raw"]);
    const ready = await until(session, (s) => s.status === "ready");
    expect(ready.boot?.seriesCount).toBe(200);
    expect(changes).toEqual([[""]]);
    off();
  });

  it("a database another tab holds is `locked`; opening a copy withdraws the queued lock request", async () => {
    let cancelled = 0;
    const locked = createEngineSession({
      client,
      backend: "tab",
      params: { count: 0, seed: 1, store: { kind: "idb", name: "shared" } },
      acquire: () => ({ held: new Promise(() => undefined), busy: Promise.resolve(), cancel: () => void cancelled++ }),
    });
    expect(locked.get()).toMatchObject({ status: "booting", lock: "waiting", store: null });
    const end = locked.start();
    expect((await until(locked, (s) => s.lock === "busy")).status).toBe("locked");
    end();
    // Stopped before opening the copy, so the copy's boot is not started here.
    locked.openCopy();
    expect([cancelled, locked.get().store?.kind, locked.get().status]).toEqual([1, "idb-copy", "booting"]);
  });
});

describe("live feed", () => {
  it("re-runs the shown query once after a burst of changes, and re-reads the counts", async () => {
    await until(session, (s) => s.status === "ready");
    let refreshes = 0;
    const feed = createLiveFeed(client, { runs: () => 1, running: () => false, refresh: async () => void refreshes++ });
    const end = feed.start();
    const series = (source: string) => ({
      start: "2024-01-01",
      source,
      metric: "Budget",
      value: 5,
      unit: "DAI",
      dimensions: { budget: "atlas/live" },
    });
    await client.call("addSeries", { inputs: [series("live/a")] });
    await client.call("addSeries", { inputs: [series("live/b")] });
    await client.call("clearSource", { path: "live/a" });
    await until(feed, (s) => s.version === 3);
    expect(feed.get().lastChange).toMatchObject({ method: "clearSource", sources: ["live/a"] });
    await sleep(LIVE_DEBOUNCE_MS + 100);
    expect(refreshes).toBe(1);
    await feed.readCounts();
    expect(feed.get().counts?.find((c) => c.metric === "Budget" && c.unit === "DAI")?.count).toBeGreaterThan(0);
    end();
  });

  it("waits for this page's writes to end: an import's two batches re-run the query once, after both", async () => {
    let refreshes = 0;
    const feed = createLiveFeed(client, { runs: () => 1, running: () => false, refresh: async () => void refreshes++ });
    const end = feed.start();
    const batch = (tag: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        start: "2024-01-01",
        source: `live/import/${tag}`,
        metric: "Budget",
        value: i,
        unit: "DAI",
        dimensions: { budget: `atlas/import/${i % 50}` },
      }));
    const [a, b] = [batch("a", 200), batch("b", 100_000)];
    await client.call("addSeries", { inputs: a });
    // The next batch goes at once, as an import sends it, and runs past the first change's quiet
    // moment: 100,000 series take several times the quiet moment on any machine this runs on
    // (here the engine shares the test's thread, so nothing slower than a real write can hold it).
    const t0 = performance.now();
    await client.call("addSeries", { inputs: b });
    expect(performance.now() - t0).toBeGreaterThan(LIVE_DEBOUNCE_MS);
    expect([refreshes, feed.get().settled, feed.get().version]).toEqual([0, 0, 2]);
    await until(feed, (s) => s.settled === 1);
    await sleep(LIVE_DEBOUNCE_MS * 2);
    expect([refreshes, feed.get().settled]).toEqual([1, 1]);
    end();
    await client.call("clearSource", { path: "live/import" });
  });

  it("does not re-run an older query when a newer run started after the change", async () => {
    let runs = 5;
    let refreshes = 0;
    const feed = createLiveFeed(client, {
      runs: () => runs,
      running: () => false,
      refresh: async () => void refreshes++,
    });
    const end = feed.start();
    await client.call("clearSource", { path: "live/b" });
    await until(feed, (s) => s.version === 1);
    runs++;
    await sleep(LIVE_DEBOUNCE_MS + 100);
    expect(refreshes).toBe(0);
    end();
  });
});
