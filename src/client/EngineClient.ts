import type { ErrorDto, Method, Methods, Request, WorkerEvent, WorkerMessage } from "../rpc/protocol.js";
import type { Transport } from "../rpc/transport.js";

/** A failed call: the worker's message plus where the problem is (query field or text position). */
export class RpcError extends Error {
  readonly kind: ErrorDto["kind"];
  readonly field?: string;
  readonly position?: number;
  /** Internal errors: the class thrown in the worker (`TypeError`…). */
  readonly errorClass?: string;
  constructor(error: ErrorDto) {
    super(error.message);
    this.name = "RpcError";
    this.kind = error.kind;
    this.field = error.field;
    this.position = error.position;
    this.errorClass = error.errorClass;
  }
}

type Listener<T extends WorkerEvent["type"]> = (event: Extract<WorkerEvent, { type: T }>) => void;

/** A call waiting for its answer. */
export type CallInfo = { id: number; method: Method; startedAt: number };
/** Whether the worker can answer: a dead one (error event, WASM trap) needs `restart()`. */
export type EngineHealth = { state: "alive" } | { state: "dead"; message: string };

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * A call that changed the database, as sent: what `replayWrites()` sends again. A staged import's
 * text and check are kept too: they change nothing, but the storeStaged calls after them need the
 * stage in the new engine, under the same id (the page chose it).
 */
type Write = { method: Method; params: unknown };
const STAGING = new Set<Method>(["stageText", "stageImport"]);
/** Calls after which the database holds nothing written before them. */
const STARTS_OVER = new Set<Method>(["reseed", "loadDatabase"]);

/** Promise-based client for the engine (a worker or a server, behind a Transport). Framework-free: React wraps it in a context. */
export class EngineClient {
  private nextId = 1;
  private readonly calls = new Map<
    number,
    CallInfo & { params: unknown; wrote?: true; resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  private readonly listeners = new Map<WorkerEvent["type"], Set<(event: WorkerEvent) => void>>();
  private readonly watchers = new Set<() => void>();
  private transport!: Transport;
  /** Bumped per transport, so a replaced one's late messages and closes are ignored. */
  private generation = 0;
  private healthState: EngineHealth = { state: "alive" };
  /** The highest run or log id any worker has sent: a restarted worker numbers on from here. */
  private highestId = 0;
  /** The calls that changed the database since its boot, oldest first, while `keepWrites(true)`. */
  private writes: Write[] | null = null;

  /** `spawn` makes a fresh transport for `restart()` (cancel, or after the engine died); `name` is how errors call it. */
  constructor(
    transport: Transport,
    private readonly spawn?: () => Transport,
    private readonly name = "engine worker",
  ) {
    this.attach(transport);
  }

  private attach(transport: Transport): void {
    const generation = ++this.generation;
    this.transport = transport;
    transport.onMessage((message) => generation === this.generation && this.receive(message));
    // A worker that fails to load or throws outside any call, or a dropped socket, is a dead
    // engine: every pending call fails instead of hanging, and later calls fail at once until a restart.
    transport.onClose((reason) => generation === this.generation && this.die(`${this.name} failed: ${reason}`));
  }

  call<M extends Method>(method: M, params: Methods[M]["params"]): Promise<Methods[M]["result"]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.healthState.state === "dead")
        return reject(new RpcError({ kind: "crashed", message: `${this.healthState.message}; restart the engine` }));
      this.calls.set(id, {
        id,
        method,
        params,
        startedAt: Date.now(),
        resolve: resolve as (v: unknown) => void,
        reject,
      });
      this.transport.send({ type: "request", id, method, params } as Request);
      this.notify();
    });
  }

  /** Calls still waiting, oldest first. */
  inflight(): CallInfo[] {
    return [...this.calls.values()].map(({ id, method, startedAt }) => ({ id, method, startedAt }));
  }

  get health(): EngineHealth {
    return this.healthState;
  }

  /** Called when a call starts or ends and when the worker dies or restarts; returns the unsubscribe function. */
  watch(fn: () => void): () => void {
    this.watchers.add(fn);
    return () => this.watchers.delete(fn);
  }

  /**
   * Stops the worker and starts a fresh one (call `boot` on it next). Pending calls fail with
   * `cancelled after N s`. A PGlite query cannot be interrupted inside its worker, so this is how
   * a runaway query is cancelled; it is also how a dead worker is replaced.
   */
  restart(): void {
    if (!this.spawn) throw new Error("this EngineClient was made without a transport factory: it cannot restart");
    this.transport.close();
    this.rejectAll((call) => ({
      kind: "cancelled",
      message: `cancelled after ${seconds(Date.now() - call.startedAt)}`,
    }));
    this.healthState = { state: "alive" };
    this.attach(this.spawn());
    this.notify();
  }

  /** The first run/log id for a restarted worker (BootParams.idBase), past every id seen so far. */
  nextIdBase(): number {
    return this.highestId + 1;
  }

  private saw(...ids: unknown[]): void {
    for (const id of ids) if (typeof id === "number" && id > this.highestId) this.highestId = id;
  }

  /**
   * Keeps (or stops keeping, and forgets) the calls that change the database, for a database that
   * starts over when the worker is replaced (the in-memory demo, a copy): `replayWrites()` then
   * makes them again on the new one, so a cancel loses none of the user's changes.
   */
  keepWrites(on: boolean): void {
    this.writes = on ? (this.writes ?? []) : null;
  }

  /** How many kept changes `replayWrites()` would make again. */
  get keptWrites(): number {
    return this.writes?.filter((w) => !STAGING.has(w.method)).length ?? 0;
  }

  /**
   * Sends the kept calls again, in order, to the freshly booted engine (each keeps itself again
   * once done). A call that fails now is reported and dropped; if the engine is replaced meanwhile
   * the ones not yet made stay kept, for the next replay.
   */
  async replayWrites(): Promise<{ replayed: number; failed: { method: Method; message: string }[] }> {
    const pending = this.writes?.splice(0) ?? [];
    const failed: { method: Method; message: string }[] = [];
    for (let i = 0; i < pending.length; i++) {
      const { method, params } = pending[i];
      try {
        await this.call(method, params as never);
      } catch (e) {
        if (e instanceof RpcError && (e.kind === "cancelled" || e.kind === "crashed")) {
          this.writes?.push(...pending.slice(i));
          throw e;
        }
        failed.push({ method, message: e instanceof Error ? e.message : String(e) });
      }
    }
    const changes = pending.filter((w) => !STAGING.has(w.method)).length;
    return { replayed: changes - failed.filter((f) => !STAGING.has(f.method)).length, failed };
  }

  /** Delivers an event to this client's listeners as if the worker had sent it (e.g. "everything changed" after a restart). */
  announce(event: WorkerEvent): void {
    for (const l of this.listeners.get(event.type) ?? []) l(event);
  }

  private die(message: string): void {
    if (this.healthState.state === "dead") return;
    this.healthState = { state: "dead", message };
    this.transport.close();
    this.rejectAll(() => ({ kind: "crashed", message }));
    this.notify();
  }

  private rejectAll(error: (call: CallInfo) => ErrorDto): void {
    const calls = [...this.calls.values()];
    this.calls.clear();
    for (const call of calls) call.reject(new RpcError(error(call)));
  }

  private notify(): void {
    for (const fn of this.watchers) fn();
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
    this.transport.close();
    const error = new RpcError({ kind: "state", message: `the ${this.name} was stopped` });
    for (const call of this.calls.values()) call.reject(error);
    this.calls.clear();
  }

  private receive(message: WorkerMessage): void {
    if (message.type === "log") this.saw(message.entry.id, message.entry.runId);
    if (message.type === "changed") this.saw(message.runId);
    if (message.type === "response" && message.ok) this.saw((message.result as { runId?: unknown } | null)?.runId);
    if (message.type === "response") {
      // An answer with id null refuses a request this client never sends (its id was not a safe integer).
      const call = message.id === null ? undefined : this.calls.get(message.id);
      if (!call) return;
      this.calls.delete(call.id);
      if (message.ok && (call.wrote || STAGING.has(call.method)) && this.writes) {
        if (STARTS_OVER.has(call.method)) this.writes.length = 0;
        this.writes.push({ method: call.method, params: call.params });
      }
      if (message.ok) call.resolve(message.result);
      else call.reject(new RpcError(message.error));
      this.notify();
      return;
    }
    // Calls run one at a time, in the order sent: a change is the oldest waiting call's of its method.
    if (message.type === "changed" && message.runId >= 0) {
      const call = [...this.calls.values()].find((c) => c.method === message.method);
      if (call) call.wrote = true;
    }
    if (message.type === "fatal") this.die(`the engine's database stopped: ${message.message}`);
    for (const l of this.listeners.get(message.type) ?? []) l(message);
  }
}
