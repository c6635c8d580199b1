// THE RPC AS ONE TABLE. A method is one row of METHODS below:
//   name: { params: <valibot schema>, needs: <precondition>, result: returns<ResultType>() }
// - `params` checks the shape of what the page sends and produces the handler's typed params.
//   Wrap the fields in `params({...})` (it refuses non-objects); give every field a message that
//   names it and says how to fix it (`field(...)`, `text(...)`), never a bare "invalid".
// - `needs`: "none", "booted" (the engine must have booted), or { writable: "adding series" }
//   (booted, and the backend allows writes; the words finish "… is refused: this server is read-only").
// - `result`: the answer's type only (no runtime check: the service makes it).
// The service (src/service/service.ts) applies the schema and the precondition before calling the
// handler of the same name; EngineClient's `call` is typed from this table. So adding a method is:
// one row here, one handler in service.ts (TypeScript names what is missing), and nothing else.
// Deep query semantics (dates, paths, granularity) stay in src/service/queryJson.ts and the engine.
import * as v from "valibot";
import type {
  BootResult,
  DatabaseDump,
  DimensionCountDto,
  DimensionListDto,
  ExecuteResult,
  GraphqlRequest,
  GraphqlResult,
  ImportPlanDto,
  PasteDto,
  Plan,
  QueryJson,
  RawResultDto,
  SeriesCountDto,
  StagedImportDto,
  StoreSpec,
} from "./protocol.js";
import { MAX_DEMO_COUNT, MAX_IMPORT_CHUNK, MAX_IMPORT_TEXT, MAX_SEED, MAX_STAGED_BATCH } from "./limits.js";
import { DB_NAME, DB_NAME_RULE } from "./storeNames.js";

/** What must hold before a handler runs; refused with a "state" error otherwise. */
export type Needs = "none" | "booted" | { writable: string };

/** The answer's type, for the table (the value is never read). */
const returns = <T>(): T => undefined as T;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
/** What a refused value was, in a message: short, never the whole of a megabyte. */
const got = (x: unknown): string => {
  if (x === undefined) return "nothing";
  if (Array.isArray(x)) return "an array";
  const s = typeof x === "string" ? JSON.stringify(x.length > 80 ? `${x.slice(0, 80)}…` : x) : JSON.stringify(x);
  return s ?? String(x);
};

/** A field checked by `problem` (null when fine, else the message after "<field>: "). */
const field = <T>(problem: (x: unknown) => string | null) =>
  Object.assign(
    v.custom<T>(
      (x) => problem(x) === null,
      (issue) => problem(issue.input) ?? "",
    ),
    { problem },
  );

/** Postgres text cannot hold U+0000: the message for a string that has one, else null. */
export const nulProblem = (s: string): string | null =>
  s.includes("\u0000")
    ? `contains a NUL character (\\u0000 at ${s.indexOf("\u0000")}), which Postgres text cannot hold; remove it`
    : null;

/** A method's params: an object (anything else is refused before a handler destructures it). */
const params = <E extends v.ObjectEntries>(entries: E) =>
  v.pipe(
    field<Record<string, unknown>>((x) => (isObject(x) ? null : `expected an object of parameters, got ${got(x)}`)),
    // A missing key never reaches its field's schema: its message is the field's own for "nothing".
    v.object(entries, (issue) => {
      const key = issue.path?.at(-1)?.key;
      const entry = typeof key === "string" && Object.hasOwn(entries, key) ? entries[key] : undefined;
      return (
        (entry && "problem" in entry && (entry.problem as (x: unknown) => string | null)(undefined)) || "is missing"
      );
    }),
  );
const none = params({});

const text = (what: string) =>
  field<string>((x) =>
    typeof x === "string"
      ? null
      : `expected ${what}, got ${x === null ? "null" : x === undefined ? "nothing" : typeof x}`,
  );
const sql = params({ sql: text("SQL text") });
const format = field<"csv" | "json">((x) =>
  x === "csv" || x === "json" ? null : `expected "csv" or "json", got ${got(x)}`,
);
const importText = params({ format, text: text("text") });
/** A staged import's name, made at random by the page: its calls, and their replay after a restart, carry it. */
const STAGE_ID = /^[A-Za-z0-9_-]{8,64}$/;
const stageId = field<string>((x) =>
  typeof x === "string" && STAGE_ID.test(x)
    ? null
    : `a staged import's id is 8 to 64 letters, digits, "-" or "_" (the page makes a random one), got ${got(x)}`,
);
const en = (n: number) => n.toLocaleString("en-US");
const chunk = field<string>((x) =>
  typeof x !== "string"
    ? `expected a chunk of the file's text, got ${got(x)}`
    : x.length > MAX_IMPORT_CHUNK
      ? `a chunk holds at most ${en(MAX_IMPORT_CHUNK)} characters, got ${en(x.length)}: send the text in smaller chunks`
      : null,
);

const wholeNumber = (name: string, max: number, shown = String(max)) =>
  field<number>((x) =>
    Number.isInteger(x) && (x as number) >= 0 && (x as number) <= max
      ? null
      : `${name} must be a whole number from 0 to ${shown}, got ${String(x)}`,
  );
const demo = {
  count: wholeNumber("count", MAX_DEMO_COUNT, en(MAX_DEMO_COUNT)),
  seed: wholeNumber("seed", MAX_SEED),
};

const storeKind = field<StoreSpec["kind"]>((kind) =>
  kind === "memory" || kind === "idb" || kind === "idb-copy"
    ? null
    : `unknown store ${got(kind)}; use "memory", "idb" or "idb-copy"`,
);
/** Boot's `store`: absent is the in-memory demo; a name must be one the picker could make. */
const store = v.pipe(
  field<Record<string, unknown>>((x) =>
    isObject(x) ? null : 'expected { "kind": "memory" } or { "kind": "idb", "name": "…" }',
  ),
  v.object({ kind: storeKind, name: v.optional(v.unknown()) }),
  v.forward(
    v.check(
      (s) => s.kind === "memory" || (typeof s.name === "string" && DB_NAME.test(s.name)),
      (issue) => `${got((issue.input as { name: unknown }).name)} is not a database name: use ${DB_NAME_RULE}`,
    ),
    ["name"],
  ),
  v.transform((s): StoreSpec => (s.kind === "memory" ? { kind: s.kind } : { kind: s.kind, name: s.name as string })),
);

const boot = params({
  ...demo,
  store: v.optional(
    v.pipe(
      v.nullable(store),
      v.transform((x) => x ?? undefined),
    ),
  ),
  /** A restarted worker numbers its runs and log entries from here, after the old worker's: the UI's lists keep unique keys. */
  idBase: v.optional(
    field<number>((x) =>
      Number.isSafeInteger(x) && (x as number) >= 0 ? null : `expected a whole number, got ${got(x)}`,
    ),
  ),
});

const path = field<string>((x) =>
  typeof x === "string" ? nulProblem(x) : `expected a path string such as "atlas/legacy", got ${typeof x}`,
);

export const METHODS = {
  boot: { params: boot, needs: "none", result: returns<BootResult>() },
  /** A string is parsed as JSON by the service, so syntax errors come back with their position; the query's shape is checked there. */
  execute: {
    params: params({ query: v.custom<string | QueryJson>(() => true) }),
    needs: "booted",
    result: returns<ExecuteResult>(),
  },
  raw: { params: sql, needs: "booted", result: returns<RawResultDto>() },
  getDimensions: { params: none, needs: "booted", result: returns<DimensionListDto>() },
  getMetrics: { params: none, needs: "booted", result: returns<string[]>() },
  getCurrencies: { params: none, needs: "booted", result: returns<string[]>() },
  getDimensionCounts: { params: none, needs: "booted", result: returns<DimensionCountDto[]>() },
  seriesCounts: { params: none, needs: "booted", result: returns<SeriesCountDto[]>() },
  /**
   * All or nothing. A string is parsed as JSON (syntax errors keep their position); an array is
   * passed as is, so a form's NaN survives structured cloning and is reported as NaN.
   */
  addSeries: {
    params: params({
      inputs: field<string | unknown[]>((x) =>
        typeof x === "string" || Array.isArray(x) ? null : "expected an array of series",
      ),
    }),
    needs: { writable: "adding series" },
    result: returns<{ added: number }>(),
  },
  /** Deletes the series whose source is `path` or under it (and the dimension rows left unused). */
  clearSource: {
    params: params({ path }),
    needs: { writable: "clearing a source" },
    result: returns<{ deleted: number }>(),
  },
  /** Empties the tables and seeds a new demo, as boot does. */
  reseed: {
    params: params(demo),
    needs: { writable: "reseeding" },
    result: returns<{ seriesCount: number; seed: number; elapsedMs: number }>(),
  },
  /** What a paste is (AnalyticsFilter, { filter }, GraphQL request, serialized query, SQL), converted to the editor's query. */
  detectPaste: { params: params({ text: text("text") }), needs: "none", result: returns<PasteDto>() },
  /**
   * EXPLAIN (ANALYZE, BUFFERS) of one statement, in a transaction that is always rolled back, and
   * once without EXPLAIN for its real duration. `timing: false` skips per-node timing (its overhead).
   */
  explain: {
    params: params({
      sql: text("SQL text"),
      timing: v.optional(
        field<boolean>((x) => (typeof x === "boolean" ? null : `expected true or false, got ${got(x)}`)),
      ),
      /** The log entry of `sql`: a statement the store ran prepared is explained as it ran (Plan.prepared). */
      logId: v.optional(
        field<number>((x) =>
          Number.isSafeInteger(x) ? null : `expected the log entry's id (a whole number), got ${got(x)}`,
        ),
      ),
    }),
    needs: "booted",
    result: returns<Plan>(),
  },
  /** Series rows from CSV or JSON, each checked on its own: the accepted ones go to addSeries in batches. */
  planImport: {
    params: importText,
    needs: "none",
    result: returns<ImportPlanDto>(),
  },
  /**
   * One chunk of a file's text for an import staged under `id`, at `offset` (the characters sent
   * before it). Offset 0 starts a stage, replacing the one before (one per connection); the others
   * must follow in order. At most MAX_IMPORT_CHUNK characters a chunk, MAX_IMPORT_TEXT in all.
   */
  stageText: {
    params: params({ id: stageId, offset: wholeNumber("offset", MAX_IMPORT_TEXT, en(MAX_IMPORT_TEXT)), text: chunk }),
    needs: "none",
    result: returns<{ received: number }>(),
  },
  /**
   * planImport of the text stageText gathered under `id`, keeping the accepted rows in the engine:
   * the page then stores them with storeStaged, batch by batch, without the rows crossing to it and back.
   */
  stageImport: {
    params: params({ id: stageId, format }),
    needs: "none",
    result: returns<StagedImportDto>(),
  },
  /** Stores `limit` staged rows from `offset` in one transaction (all or none). */
  storeStaged: {
    params: params({
      id: stageId,
      offset: wholeNumber("offset", Number.MAX_SAFE_INTEGER, "2^53"),
      limit: wholeNumber("limit", MAX_STAGED_BATCH, en(MAX_STAGED_BATCH)),
    }),
    needs: { writable: "importing series" },
    result: returns<{ added: number }>(),
  },
  /** A SQL dump of the three tables (INSERTs only), in one transaction. */
  importDump: {
    params: sql,
    needs: { writable: "importing a dump" },
    result: returns<{ inserted: Record<string, number> }>(),
  },
  /** The whole database as PGlite's gzipped data directory. */
  exportDatabase: { params: none, needs: "booted", result: returns<DatabaseDump>() },
  /** Replaces the worker's database with a dump from exportDatabase; the old one is closed. */
  loadDatabase: {
    params: params({
      bytes: field<Uint8Array>((x) =>
        x instanceof Uint8Array
          ? null
          : `expected the bytes of a database dump (from "Export database"), got ${got(x)}`,
      ),
    }),
    needs: { writable: "loading a database" },
    result: returns<{ seriesCount: number; elapsedMs: number }>(),
  }, // GraphQL (issue 14): the analytics subgraph's schema, answered by graphql-js against this store.
  /** One GraphQL request; `variables` as text is parsed as JSON (syntax errors keep their position). */
  graphql: {
    params: params({
      query: text("a GraphQL document"),
      variables: v.optional(v.custom<GraphqlRequest["variables"]>(() => true)),
      operationName: v.optional(v.custom<GraphqlRequest["operationName"]>(() => true)),
    }),
    needs: "booted",
    result: returns<GraphqlResult>(),
  },
  /** The subgraph's schema (SDL), for the GraphQL pane's completion and docs. */
  graphqlSchema: { params: none, needs: "none", result: returns<{ sdl: string }>() },
} satisfies Record<string, { params: v.GenericSchema; needs: Needs; result: unknown }>;

type Table = typeof METHODS;
export type Method = keyof Table;
/** Method name → params (as the handler gets them) and result. */
export type Methods = { [M in Method]: { params: v.InferOutput<Table[M]["params"]>; result: Table[M]["result"] } };
