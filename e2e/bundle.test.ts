// The built app: the page's own scripts carry no engine (knex, PGlite, luxon run in the worker
// or on the server), its entry chunk stays small, and nothing Node-only is bundled at all.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, ROOT } from "./harness.js";

const DIST = join(ROOT, "dist");
const ENTRY_LIMIT = 600_000;

/** A string each module carries in its built form too (checked against the module itself below). */
const NODE_ONLY = [
  { module: "node_modules/pg/lib/client.js", text: "Client has already been connected" },
  { module: "node_modules/pg-pool/index.js", text: "Cannot use a pool after calling end on the pool" },
  { module: "node_modules/ws/lib/websocket-server.js", text: 'The server is operating in "noServer" mode' },
  { module: "src/hosts/server/readOnly.ts", text: "analytics_playground_reader" },
];
const ENGINE = [
  { module: "node_modules/knex/lib/raw.js", text: "Undefined binding(s) detected" },
  { module: "node_modules/@electric-sql/pglite/dist/chunk-CTPU3OXM.js", text: "PGlite is closed" },
  { module: "node_modules/luxon/src/datetime.js", text: "Invalid DateTime" },
];

const read = (file: string) => readFileSync(join(DIST, file), "utf8");

/**
 * Every script the page runs on its main thread: the entry, its module preloads, and what they
 * import, statically or lazily. Workers are started by URL (`new Worker(new URL(…))`), not
 * imported, so their chunks are not followed.
 */
function pageScripts(): { entry: string; scripts: string[] } {
  const html = read("index.html");
  const entry = /<script type="module"[^>]*src="\/([^"]+)"/.exec(html)?.[1];
  if (!entry) throw new Error("dist/index.html has no module entry script");
  const preloads = [...html.matchAll(/<link rel="modulepreload"[^>]*href="\/([^"]+)"/g)].map((m) => m[1]);
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const dir = file.slice(0, file.lastIndexOf("/") + 1);
    const text = read(file);
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'`]\.\/([^"'`]+\.js)["'`]/g)) visit(dir + m[1]);
    // A lazy import's own dependencies, preloaded with it (Vite's __vite__mapDeps list).
    for (const list of text.matchAll(/__vite__mapDeps=[^\n]*?\[([^\]]*)\]/g))
      for (const m of list[1].matchAll(/"(assets\/[^"]+\.js)"/g)) visit(m[1]);
  };
  [entry, ...preloads].forEach(visit);
  return { entry, scripts: [...seen].sort() };
}

beforeAll(ensureBuilt);

it("the markers are really in the modules they stand for", () => {
  for (const m of [...NODE_ONLY, ...ENGINE]) expect(readFileSync(join(ROOT, m.module), "utf8")).toContain(m.text);
});

describe("the page's main thread", () => {
  it("loads no knex, PGlite or luxon: the engine runs in the worker, which does carry them", () => {
    const { scripts } = pageScripts();
    expect(scripts.length).toBeGreaterThan(3);
    const found = scripts.flatMap((f) =>
      ENGINE.filter((m) => read(f).includes(m.text)).map((m) => `${f}: ${m.module}`),
    );
    expect(found).toEqual([]);
    // The worker's chunks hold every marker, so the markers survive bundling and the test can fail.
    const all = readdirSync(join(DIST, "assets"))
      .filter((f) => f.endsWith(".js") && !scripts.includes(`assets/${f}`))
      .map((f) => read(`assets/${f}`))
      .join("\n");
    for (const m of ENGINE) expect(all, m.module).toContain(m.text);
  });

  it(`has an entry chunk under ${ENTRY_LIMIT / 1000} kB`, () => {
    const { entry } = pageScripts();
    expect(statSync(join(DIST, entry)).size).toBeLessThan(ENTRY_LIMIT);
  });
});

it("no bundled script carries node-postgres, its pool, the ws server or the serve code", () => {
  const dir = join(DIST, "assets");
  const scripts = readdirSync(dir).filter((f) => f.endsWith(".js"));
  const found = scripts.flatMap((f) => {
    const text = readFileSync(join(dir, f), "utf8");
    return NODE_ONLY.filter((m) => text.includes(m.text)).map((m) => `${f}: ${m.module}`);
  });
  expect(found).toEqual([]);
});

/** Raw and gzip sizes of the page's scripts, for docs/BENCHMARKS.md (`npx vitest run e2e/bundle.test.ts`). */
it("reports the page's chunk sizes", () => {
  const { scripts } = pageScripts();
  const rows = scripts.map((f) => {
    const bytes = readFileSync(join(DIST, f));
    return {
      chunk: f.replace(/^assets\//, "").replace(/-[\w-]{8}\.js$/, ".js"),
      raw: bytes.length,
      gzip: gzipSync(bytes).length,
    };
  });
  console.table(rows.sort((a, b) => b.raw - a.raw));
  expect(rows.reduce((n, r) => n + r.raw, 0)).toBeGreaterThan(0);
});
