import { describe, expect, it } from "vitest";
import { createStore } from "../../src/playground/store.js";

describe("createStore", () => {
  it("replaces the state with each patch and tells every listener once per change", () => {
    const store = createStore({ a: 1, b: "x" });
    const seen: { a: number; b: string }[] = [];
    const off = store.subscribe(() => seen.push(store.get()));
    const first = store.get();
    store.set({ a: 2 });
    store.set((s) => ({ b: s.b + "y" }));
    expect(seen).toEqual([
      { a: 2, b: "x" },
      { a: 2, b: "xy" },
    ]);
    // A new object per change (React compares snapshots by identity); the old one is untouched.
    expect(first).toEqual({ a: 1, b: "x" });
    off();
    store.set({ a: 3 });
    expect(seen).toHaveLength(2);
  });

  it("a patch that changes nothing keeps the same state and tells no one", () => {
    const store = createStore({ a: 1, list: [1] });
    let calls = 0;
    store.subscribe(() => calls++);
    const before = store.get();
    store.set({ a: 1, list: before.list });
    expect(calls).toBe(0);
    expect(store.get()).toBe(before);
    store.set({ list: [1] });
    expect(calls).toBe(1);
  });
});
