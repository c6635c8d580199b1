// Node modules that only unreachable paths use (fs for connection files, streams for query
// streaming): present and empty so the bundle resolves.
"use strict";
module.exports = {};
