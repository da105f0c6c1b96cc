// Preloaded with `node --import` (bench/startup-modules.mjs, test/cli/startup-modules.test.ts):
// writes to the file named by $CAFCHARTE_TRACE_MODULES one line per ES module file Node loads,
// in load order. Node's own modules and packages loaded with require() are not listed. The
// loader hook appends each line itself, synchronously: a message to the main thread could still
// be in flight at exit for a module loaded late (a command's last lazy import).
import { register } from 'node:module';

if (process.env.CAFCHARTE_TRACE_MODULES) {
  register(
    `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function load(url, context, next) { if (url.startsWith('file:')) appendFileSync(file, url + '\\n'); return next(url, context); }`)}`,
    import.meta.url,
    { data: { file: process.env.CAFCHARTE_TRACE_MODULES } },
  );
}
