// The built app is for the browser: the Node-only parts (node-postgres, its pool, the `ws`
// server, `npm run serve`) must not be bundled into it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { ensureBuilt, ROOT } from "./harness.js";

/** A string each Node-only module carries (checked against the module itself below). */
const MARKERS = [
  { module: "node_modules/pg/lib/client.js", text: "Client has already been connected" },
  { module: "node_modules/pg-pool/index.js", text: "Cannot use a pool after calling end on the pool" },
  { module: "node_modules/ws/lib/websocket-server.js", text: 'The server is operating in "noServer" mode' },
  { module: "src/hosts/server/readOnly.ts", text: "analytics_playground_reader" },
];

beforeAll(ensureBuilt);

it("the markers are really in the Node-only modules", () => {
  for (const m of MARKERS) expect(readFileSync(join(ROOT, m.module), "utf8")).toContain(m.text);
});

it("no bundled script carries node-postgres, its pool, the ws server or the serve code", () => {
  const dir = join(ROOT, "dist", "assets");
  const scripts = readdirSync(dir).filter((f) => f.endsWith(".js"));
  expect(scripts.length).toBeGreaterThan(3);
  const found = scripts.flatMap((f) => {
    const text = readFileSync(join(dir, f), "utf8");
    return MARKERS.filter((m) => text.includes(m.text)).map((m) => `${f}: ${m.module}`);
  });
  expect(found).toEqual([]);
});
