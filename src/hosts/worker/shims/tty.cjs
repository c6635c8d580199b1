// colorette (knex's logger colours) asks whether stdout is a terminal: never, here.
"use strict";
module.exports = { isatty: () => false };
