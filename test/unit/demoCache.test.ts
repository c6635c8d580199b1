// When the worker keeps a demo it seeded (src/hosts/worker/demoCache.ts): only after the boot's
// first calls and a quiet moment, once, and never when the user wrote anything first.
import { describe, expect, it } from "vitest";
import { keeperOfSeededDemo } from "../../src/hosts/worker/demoCache.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A keeper whose dump only counts how often it was asked for. */
function watched() {
  let dumps = 0;
  const keeper = keeperOfSeededDemo(60_000, 42, async () => (dumps++, new Blob([])));
  return { keeper, dumps: () => dumps };
}

describe("keeping a seeded demo", () => {
  it("dumps once, after the call that follows the boot and a quiet moment", async () => {
    const { keeper, dumps } = watched();
    keeper.callEnded(); // the boot's own call
    await sleep(2300);
    expect(dumps()).toBe(0);
    keeper.callEnded(); // the first query
    await sleep(500);
    keeper.callEnded(); // a catalog call: the quiet moment starts again
    await sleep(1000);
    expect(dumps()).toBe(0);
    await sleep(1300);
    expect(dumps()).toBe(1);
    keeper.callEnded();
    await sleep(2300);
    expect(dumps()).toBe(1);
  });

  it("never dumps a demo the user wrote to first, even while the quiet moment runs", async () => {
    const { keeper, dumps } = watched();
    keeper.callEnded();
    keeper.callEnded();
    keeper.touched();
    keeper.callEnded();
    await sleep(2300);
    expect(dumps()).toBe(0);
  });
});
