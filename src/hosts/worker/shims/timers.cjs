// tarn (knex's pool, unused when knex only builds SQL) imports timers: the browser globals.
"use strict";
module.exports = {
  setTimeout: (...a) => globalThis.setTimeout(...a),
  clearTimeout: (id) => globalThis.clearTimeout(id),
  setInterval: (...a) => globalThis.setInterval(...a),
  clearInterval: (id) => globalThis.clearInterval(id),
  setImmediate: (fn, ...a) => globalThis.setTimeout(fn, 0, ...a),
  clearImmediate: (id) => globalThis.clearTimeout(id),
};
