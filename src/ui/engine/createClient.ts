import { EngineClient } from "../../worker/client.js";
import type { BootParams } from "../../worker/protocol.js";

let shared: EngineClient | null = null;

/**
 * The one engine worker of the page. A module singleton rather than React state: StrictMode
 * mounts providers twice in development, and a second PGlite would double the boot time.
 */
export function getEngineClient(): EngineClient {
  shared ??= new EngineClient(new Worker(new URL("../../worker/worker.ts", import.meta.url), { type: "module", name: "analytics-engine" }));
  return shared;
}

const MAX_COUNT = 1_000_000;

/** `?count=2000&seed=7` seeds a smaller or different demo (tests use it to boot fast). */
export function bootParamsFromUrl(search = location.search): BootParams {
  const params = new URLSearchParams(search);
  const int = (name: string, fallback: number, max: number) => {
    const n = Number(params.get(name));
    return params.has(name) && Number.isInteger(n) && n >= 0 && n <= max ? n : fallback;
  };
  return { count: int("count", 20_000, MAX_COUNT), seed: int("seed", 42, 2 ** 31 - 1) };
}
