/// <reference lib="webworker" />
// Must stay the first import: knex reads `process` and `Buffer` when it loads.
import "../../engine/store/nodeGlobals.js";
// The script worker: runs one user script against the engine's public API, away from the page
// (src/ui/script starts it by URL and terminates it to cancel). Scripts get no network: the
// worker's Content-Security-Policy (SCRIPT_WORKER_CSP) refuses every connection, however a script
// builds it; the locks below only make the common calls fail with a clear reason.
import initdbWasmUrl from "@electric-sql/pglite/initdb.wasm?url";
import pgliteDataUrl from "@electric-sql/pglite/pglite.data?url";
import pgliteWasmUrl from "@electric-sql/pglite/pglite.wasm?url";
import type { JsonValue } from "../../rpc/protocol.js";
import type { PlaygroundMethod, ScriptAsset, ScriptEvent, ScriptRunRequest } from "../../rpc/script.js";
import { loadScriptModules } from "./modules.js";
import { playgroundModule } from "./playground.js";
import { runScript } from "./run.js";
import { formatArgs } from "./values.js";

const scope = self as unknown as DedicatedWorkerGlobalScope & Record<string, unknown>;
const post = (event: ScriptEvent) => scope.postMessage(event);

/**
 * Whether the policy is in force: it refuses even a `data:` fetch. A server that did not send it
 * would leave the network open, so the worker then runs no script.
 */
const policed = scope.fetch("data:,").then(
  () => false,
  () => true,
);

/** The page's answers to the worker's requests (playground calls, PGlite's files). */
const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let nextRequest = 0;
type PageRequest = { type: "call"; method: PlaygroundMethod; params: JsonValue } | { type: "asset"; name: ScriptAsset };
function ask(request: PageRequest): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const id = nextRequest++;
    waiting.set(id, { resolve, reject });
    post({ ...request, id });
  });
}

/**
 * Takes away every way out of the worker a script could call: fetch answers only PGlite's own
 * files (which a store loads when it is created, from the page), and the rest refuse with a reason.
 */
function cutNetwork(): void {
  const assets: Record<string, ScriptAsset> = {
    [pgliteWasmUrl]: "pglite.wasm",
    [pgliteDataUrl]: "pglite.data",
    [initdbWasmUrl]: "initdb.wasm",
  };
  const own = new Map(Object.entries(assets).map(([url, name]) => [new URL(url, location.href).href, name]));
  const loaded = new Map<ScriptAsset, Promise<unknown>>();
  const refusal = (what: string) => `${what} is not available in a script: scripts have no network access`;
  scope.fetch = async (input: RequestInfo | URL) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href).href;
    const name = own.get(url);
    if (!name) throw new TypeError(refusal(`fetch(${url})`));
    if (!loaded.has(name)) loaded.set(name, ask({ type: "asset", name }));
    const type = name.endsWith(".wasm") ? "application/wasm" : "application/octet-stream";
    return new Response((await loaded.get(name)) as ArrayBuffer, { headers: { "Content-Type": type } });
  };
  for (const name of [
    "XMLHttpRequest",
    "WebSocket",
    "EventSource",
    "WebTransport",
    "Worker",
    "SharedWorker",
    "importScripts",
    "caches",
  ]) {
    const refuse = function () {
      throw new Error(refusal(name));
    };
    Object.defineProperty(scope, name, { value: name === "caches" ? undefined : refuse, configurable: false });
  }
}

cutNetwork();
scope.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  post({ type: "console", level: "error", text: `Unhandled rejection: ${formatArgs([event.reason])}`, at: 0 });
});

const playground = playgroundModule((method, params) => ask({ type: "call", method, params: params as JsonValue }));

const modules = loadScriptModules();
modules.then(() => post({ type: "loaded" }));
scope.onmessage = async (event: MessageEvent<ScriptRunRequest>) => {
  const message = event.data;
  if (message?.type === "answer") {
    const call = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error !== undefined) call?.reject(new Error(message.error));
    else call?.resolve(message.result);
  } else if (message?.type === "run") {
    if (await policed) await runScript(message.source, { ...(await modules), playground }, post);
    else
      post({
        type: "failed",
        error: {
          name: "Error",
          message:
            "scripts are switched off: this server sends the script worker no Content-Security-Policy, without which a script could reach the network (docs/SECURITY.md)",
          position: null,
          stack: [],
        },
        elapsedMs: 0,
      });
  }
};
