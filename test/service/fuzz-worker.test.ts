// A small seeded batch of `npm run fuzz` (scripts/fuzz/fuzz.ts), so CI exercises it: random
// queries, inputs, paths and SQL through the worker RPC in a Node worker thread. None may time
// out, crash the worker, throw a TypeError (or the like) inside it, or go unhandled here.
import { expect, it } from "vitest";
import { formatReport, runFuzz } from "../../scripts/fuzz/fuzz.js";

it("300 random calls through the worker RPC: answered, none crashing or hanging", async () => {
  const report = await runFuzz({ cases: 300, seed: 20240601, timeoutMs: 20_000 });
  console.log(formatReport(report));
  expect(report.failures).toEqual([]);
  expect(report.unhandled).toEqual([]);
  expect(report.restarts).toBe(0);
  expect(Object.values(report.outcomes).reduce((a, b) => a + b, 0)).toBe(300);
  // The batch reaches the engine, Postgres and the validators, not only one of them.
  for (const kind of ["ok", "error:input", "error:sql", "error:json"]) expect(report.outcomes[kind]).toBeGreaterThan(5);
}, 180_000);
