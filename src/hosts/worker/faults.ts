// Test-only faults, each as the real thing would happen, for e2e/safety.test.ts. Not part of the
// RPC: the worker loads this module only when started with the test flag (the page's `?faults`,
// see src/client/connect.ts), and the test triggers a fault from inside the worker
// (`globalThis.__engineFault("trap")` through Playwright's worker.evaluate). The server has none.
import type { BackendFactory } from "../../service/backend.js";

type Fault = "uncaught" | "trap" | "hang";

// (module (func (export "trap") unreachable))
const TRAP_WASM = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 8, 1, 4, 116, 114, 97, 112, 0, 0, 10, 5, 1, 3, 0, 0,
  11,
]);

const trap = () => {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(TRAP_WASM));
  (instance.exports.trap as () => void)();
};

/** A backend whose next SQL run traps in WASM once `trap` is armed (what an out-of-memory abort in PGlite is). */
export function withFaults(factory: BackendFactory): BackendFactory {
  let armed = false;
  (globalThis as { __engineFault?: (fault: Fault) => void }).__engineFault = (fault) => {
    if (fault === "uncaught")
      // Outside any call: the page's Worker gets an `error` event, as from a bug in a callback.
      setTimeout(() => {
        throw new Error("simulated uncaught error in the engine worker");
      });
    else if (fault === "trap") armed = true;
    else if (fault === "hang")
      // Never returns: only terminating the worker ends it (what cancel does).
      setTimeout(() => {
        for (;;) {
          /* busy */
        }
      });
    else throw new Error(`unknown fault ${JSON.stringify(fault)}; use "uncaught", "trap" or "hang"`);
  };
  return (hooks) => {
    const backend = factory(hooks);
    const runSql = backend.runSql.bind(backend);
    backend.runSql = (sql) => {
      if (armed) {
        armed = false;
        trap();
      }
      return runSql(sql);
    };
    return backend;
  };
}
