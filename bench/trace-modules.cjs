// Preloaded with `node --require` (bench/startup-modules.mjs, test/cli/startup-modules.test.ts):
// writes to the file named by $CAFCHARTE_TRACE_MODULES one line per CommonJS file Node loads
// (the bundle's files, packages left in node_modules), in load order. Node's own modules are not
// listed. Each line is appended synchronously, so a file loaded just before exit is not lost.
'use strict';
const Module = require('node:module');
const { appendFileSync } = require('node:fs');

const trace = process.env.CAFCHARTE_TRACE_MODULES;
if (trace) {
  const load = Module.prototype.load;
  Module.prototype.load = function tracedLoad(filename) {
    appendFileSync(trace, `${filename}\n`);
    return load.call(this, filename);
  };
}
