// Replaces knex/lib/dialects/index.js: the playground builds Postgres SQL only, and the other
// dialects drag in Node modules (crypto, stream) and tens of kB for nothing.
"use strict";
exports.getDialectByNameOrAlias = function getDialectByNameOrAlias(name) {
  if (name === "pg" || name === "postgres" || name === "postgresql")
    return require("knex/lib/dialects/postgres/index.js");
  throw new Error("Only the pg dialect is bundled in the playground, not " + name);
};
