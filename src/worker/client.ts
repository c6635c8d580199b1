import type { ErrorDto, Method, Methods, Request, WorkerEvent, WorkerMessage } from "./protocol.js";

/** A failed call: the worker's message plus where the problem is (query field or text position). */
export class RpcError extends Error {
  readonly kind: ErrorDto["kind"];
  readonly field?: string;
  readonly position?: number;
  constructor(error: ErrorDto) {
    super(error.message);
    this.name = "RpcError";
    this.kind = error.kind;
    this.field = error.field;
    this.position = error.position;
  }
}

type Listener<T extends WorkerEvent["type"]> = (event: Extract<WorkerEvent, { type: T }>) => void;

/** The smallest surface a worker needs to offer; a MessagePort or a fake in tests will do. */
export type WorkerLike = Pick<Worker, "postMessage" | "terminate"> & {
  addEventListener(type: "message", listener: (event: MessageEvent<WorkerMessage>) => void): void;
  addEventListener(type: "error", listener: (event: ErrorEvent) => void): void;
};

/** Promise-based client for the engine worker. Framework-free: React wraps it in a context. */
export class EngineClient {
  private nextId = 1;
  private readonly calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Map<WorkerEvent["type"], Set<(event: WorkerEvent) => void>>();

  constructor(private readonly worker: WorkerLike) {
    worker.addEventListener("message", (event) => this.receive(event.data));
    // A worker that fails to load (bad bundle, WASM refused) fails every pending call instead of hanging.
    worker.addEventListener("error", (event) => {
      const error = new RpcError({ kind: "internal", message: `engine worker failed: ${event.message || "could not load"}` });
      for (const call of this.calls.values()) call.reject(error);
      this.calls.clear();
    });
  }

  call<M extends Method>(method: M, params: Methods[M]["params"]): Promise<Methods[M]["result"]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ type: "request", id, method, params } as Request);
    });
  }

  boot = (params: Methods["boot"]["params"]) => this.call("boot", params);
  execute = (query: string | Methods["execute"]["params"]["query"]) => this.call("execute", { query });
  raw = (sql: string) => this.call("raw", { sql });
  getDimensions = () => this.call("getDimensions", {});
  getMetrics = () => this.call("getMetrics", {});
  getCurrencies = () => this.call("getCurrencies", {});

  /** Subscribes to pushed events; returns the unsubscribe function. */
  on<T extends WorkerEvent["type"]>(type: T, listener: Listener<T>): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    const l = listener as (event: WorkerEvent) => void;
    set.add(l);
    return () => set.delete(l);
  }

  terminate(): void {
    this.worker.terminate();
    const error = new RpcError({ kind: "state", message: "the engine worker was stopped" });
    for (const call of this.calls.values()) call.reject(error);
    this.calls.clear();
  }

  private receive(message: WorkerMessage): void {
    if (message.type === "response") {
      const call = this.calls.get(message.id);
      if (!call) return;
      this.calls.delete(message.id);
      if (message.ok) call.resolve(message.result);
      else call.reject(new RpcError(message.error));
      return;
    }
    for (const l of this.listeners.get(message.type) ?? []) l(message);
  }
}
