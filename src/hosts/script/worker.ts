/// <reference lib="webworker" />
// Must stay the first import: knex reads `process` and `Buffer` when it loads.
import "../../engine/store/nodeGlobals.js";
// The script worker: runs one user script against the engine's public API, away from the page
// (src/ui/script starts it by URL and terminates it to cancel). Scripts get no network.
import initdbWasmUrl from "@electric-sql/pglite/initdb.wasm?url";
import pgliteDataUrl from "@electric-sql/pglite/pglite.data?url";
import pgliteWasmUrl from "@electric-sql/pglite/pglite.wasm?url";
import type { JsonValue } from "../../rpc/protocol.js";
import type { ScriptEvent, ScriptRunRequest } from "../../rpc/script.js";
import { loadScriptModules } from "./modules.js";
import { playgroundModule } from "./playground.js";
import { runScript } from "./run.js";
import { formatArgs } from "./values.js";

const scope = self as unknown as DedicatedWorkerGlobalScope & Record<string, unknown>;
const post = (event: ScriptEvent) => scope.postMessage(event);

/**
 * Takes away every way out of the worker a script could call: fetch answers only PGlite's own
 * files (which a store loads when it is created), and the rest refuse with a reason.
 */
function cutNetwork(): void {
  const own = new Set([pgliteWasmUrl, pgliteDataUrl, initdbWasmUrl].map((u) => new URL(u, location.href).href));
  const realFetch = scope.fetch.bind(scope);
  const refusal = (what: string) => `${what} is not available in a script: scripts have no network access`;
  scope.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href).href;
    return own.has(url) ? realFetch(input, init) : Promise.reject(new TypeError(refusal(`fetch(${url})`)));
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

/** The script's calls to the playground's store, waiting for the page's answer. */
const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let nextCall = 0;
const playground = playgroundModule(
  (method, params) =>
    new Promise((resolve, reject) => {
      const id = nextCall++;
      waiting.set(id, { resolve, reject });
      post({ type: "call", id, method, params: params as JsonValue });
    }),
);

const modules = loadScriptModules();
modules.then(() => post({ type: "loaded" }));
scope.onmessage = async (event: MessageEvent<ScriptRunRequest>) => {
  const message = event.data;
  if (message?.type === "answer") {
    const call = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error !== undefined) call?.reject(new Error(message.error));
    else call?.resolve(message.result);
  } else if (message?.type === "run") await runScript(message.source, { ...(await modules), playground }, post);
};
