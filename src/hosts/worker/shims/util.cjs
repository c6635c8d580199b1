// The parts of Node's util that knex's query builder and postgres dialect use. CommonJS, because
// knex require()s it and expects the functions on module.exports.
"use strict";
function inspect(value) {
  try {
    return typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}
module.exports = {
  promisify:
    (fn) =>
    (...args) =>
      new Promise((resolve, reject) => fn(...args, (err, value) => (err ? reject(err) : resolve(value)))),
  callbackify:
    (fn) =>
    (...args) => {
      const cb = args.pop();
      fn(...args).then(
        (v) => cb(null, v),
        (e) => cb(e || new Error("rejected")),
      );
    },
  inspect,
  format: (...args) => args.map((a) => (typeof a === "string" ? a : inspect(a))).join(" "),
  deprecate: (fn) => fn,
  inherits: (ctor, superCtor) => Object.setPrototypeOf(ctor.prototype, superCtor.prototype),
};
