// Cancel never loses what the user changed: the in-memory demo starts over in each new worker,
// so the page's client keeps the calls that changed the database and makes them again after the
// new worker's boot (src/client/EngineClient.ts keepWrites/replayWrites, src/playground/session.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineClient } from "../../src/client/EngineClient.js";
import { createEngineSession, type EngineSession, type SessionState } from "../../src/playground/session.js";
import { checksum, inProcessWorker } from "../support/inProcessWorker.js";

let client: EngineClient;
let session: EngineSession;
let stop: () => void;

const settled = (ok: (s: SessionState) => boolean) =>
  new Promise<SessionState>((resolve) => {
    const check = () => ok(session.get()) && (off(), resolve(session.get()));
    const off = session.subscribe(check);
    check();
  });
/** Cancels a call that is running, as the header's Cancel does, and waits for the new worker. */
async function cancel(): Promise<SessionState> {
  const hang = client.raw("select pg_sleep(0.3)");
  session.restart("cancel");
  await expect(hang).rejects.toThrow(/^cancelled after/);
  return settled((s) => s.status === "ready");
}
const mine = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    start: `2024-0${i + 1}-01`,
    source: "mine/added",
    metric: "Budget",
    value: 10 + i,
    unit: "DAI",
    dimensions: { budget: "atlas/mine" },
  }));

beforeAll(async () => {
  ({ client } = await inProcessWorker());
  session = createEngineSession({
    client,
    backend: "tab",
    params: { count: 300, seed: 5, store: { kind: "memory" } },
    acquire: () => {
      throw new Error("an in-memory demo takes no lock");
    },
  });
  stop = session.start();
  await settled((s) => s.status === "ready");
});
afterAll(() => stop());

describe("a restart of the in-memory demo keeps the page's changes", () => {
  it("makes the calls that changed the database again, in order; reads and refused calls are not kept", async () => {
    const [{ source }] = (
      await client.raw(`select source from "AnalyticsSeries" group by source order by count(*) desc, source limit 1`)
    ).statements[0].rows as { source: string }[];
    expect(await client.call("addSeries", { inputs: mine(3) })).toEqual({ added: 3 });
    const { deleted } = await client.call("clearSource", { path: source });
    expect(deleted).toBeGreaterThan(0);
    await client.raw(`update "AnalyticsSeries" set value = value * 2 where source = 'mine/added/'`);
    // Not changes: a read, a refused write, raw SQL that touched no row.
    await client.raw(`select count(*) from "AnalyticsSeries"`);
    await expect(client.call("addSeries", { inputs: [{ metric: "Budget" }] })).rejects.toThrow();
    await client.raw(`delete from "AnalyticsSeries" where source = 'nowhere/'`);
    expect(client.keptWrites).toBe(3);
    const before = await checksum(client);
    expect(before.series).toBe(300 + 3 - deleted);

    const restarted = await cancel();
    expect(restarted.lastRestart?.restored).toEqual({ replayed: 3, failed: [] });
    expect(await checksum(client)).toEqual(before);
    const doubled = await client.raw(`select value from "AnalyticsSeries" where source = 'mine/added/' order by value`);
    expect(doubled.statements[0].rows).toEqual([{ value: 20 }, { value: 22 }, { value: 24 }]);

    // Kept again as they were made: a second cancel keeps them too.
    expect(client.keptWrites).toBe(3);
    await cancel();
    expect(await checksum(client)).toEqual(before);
  });

  it("a reseed starts the list over: what came before it is not made again", async () => {
    await client.call("addSeries", { inputs: mine(1) });
    expect((await client.call("reseed", { count: 40, seed: 9 })).seriesCount).toBe(40);
    await client.call("addSeries", { inputs: mine(2) });
    expect(client.keptWrites).toBe(2);
    const before = await checksum(client);
    expect(before.series).toBe(42);
    const restarted = await cancel();
    expect(restarted.lastRestart?.restored).toEqual({ replayed: 2, failed: [] });
    expect(await checksum(client)).toEqual(before);
  });

  it("an import stored from a staged file is made again too: the stage first, then its batches", async () => {
    const rows = Array.from(
      { length: 5 },
      (_, i) => `2024-0${i + 1}-01,imported/${i % 2},Budget,${i + 1},DAI,atlas/imp`,
    );
    const csv = ["start,source,metric,value,unit,dim_budget", ...rows].join("\n");
    // A stage before a reseed is not kept (the reseed starts the list over). The kept one is sent
    // again under the id the page chose, in two chunks, and its batches follow it unchanged.
    await client.call("stageText", { id: "stage-before-reseed", offset: 0, text: csv });
    await client.call("stageImport", { id: "stage-before-reseed", format: "csv" });
    await client.call("reseed", { count: 40, seed: 9 });
    const id = "stage-after-reseed";
    await client.call("stageText", { id, offset: 0, text: csv.slice(0, 70) });
    expect(await client.call("stageText", { id, offset: 70, text: csv.slice(70) })).toEqual({ received: csv.length });
    const { staged } = await client.call("stageImport", { id, format: "csv" });
    expect(staged).toBe(5);
    expect(await client.call("storeStaged", { id, offset: 0, limit: 3 })).toEqual({ added: 3 });
    expect(await client.call("storeStaged", { id, offset: 3, limit: 3 })).toEqual({ added: 2 });
    // Stages change nothing: the reseed and the two batches are the changes.
    expect(client.keptWrites).toBe(3);
    const before = await checksum(client);
    const restarted = await cancel();
    expect(restarted.lastRestart?.restored).toEqual({ replayed: 3, failed: [] });
    expect(await checksum(client)).toEqual(before);
  });
});
