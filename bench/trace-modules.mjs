// Preloaded with `node --import` (bench/startup-modules.mjs, test/cli/startup-modules.test.ts):
// writes to the file named by $CAFCHARTE_TRACE_MODULES, at exit, one line per ES module file
// Node loaded, in load order. Node's own modules and packages loaded with require() are not listed.
import { register } from 'node:module';
import { writeFileSync } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';

const { port1, port2 } = new MessageChannel();
const loaded = [];
port1.on('message', (url) => loaded.push(url));
port1.unref();
register(
  `data:text/javascript,${encodeURIComponent(`
let port;
export function initialize(data) { port = data.port; }
export async function load(url, context, next) { if (url.startsWith('file:')) port.postMessage(url); return next(url, context); }`)}`,
  import.meta.url,
  { data: { port: port2 }, transferList: [port2] },
);
process.on('exit', () => {
  if (process.env.CAFCHARTE_TRACE_MODULES) writeFileSync(process.env.CAFCHARTE_TRACE_MODULES, loaded.join('\n') + '\n');
});
