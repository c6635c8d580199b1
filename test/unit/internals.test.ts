// Guards for the places the playground relies on a library's internals: each fails with the
// name of what moved, so an upgrade that breaks them is caught here, not in a user's tab.
import { readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const root = (pkg: string) => dirname(require.resolve(`${pkg}/package.json`));

describe("library internals the playground relies on", () => {
  it("knex still picks its dialect by `require('../../dialects')` in knex-builder/internal (vite.config.ts intercepts it)", () => {
    const knex = root("knex");
    const resolver = join(knex, "lib/knex-builder/internal/config-resolver.js");
    const source = existsSync(resolver) ? readFileSync(resolver, "utf8") : "";
    expect(
      source.includes("require('../../dialects')"),
      `knex moved its dialect require (knex/lib/knex-builder/internal/config-resolver.js no longer has require('../../dialects')): update knexPostgresOnly in vite.config.ts and src/hosts/worker/shims/knex-dialects.cjs`,
    ).toBe(true);
    expect(
      readFileSync(join(knex, "lib/dialects/index.js"), "utf8"),
      "knex's lib/dialects/index.js no longer exports getDialectByNameOrAlias, which the shim replaces",
    ).toContain("exports.getDialectByNameOrAlias");
    expect(
      existsSync(join(knex, "lib/dialects/postgres/index.js")),
      "the shim requires knex/lib/dialects/postgres/index.js",
    ).toBe(true);
  });
});
