// knex asserts argument shapes while building queries; a failed one is a programming error.
"use strict";
function assert(condition, message) {
  if (!condition) throw new Error(message || "assertion failed");
}
assert.ok = assert;
module.exports = assert;
