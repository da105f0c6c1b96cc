// node-postgres asks, as it loads, whether it runs in a Cloudflare Worker: on Node 20 (no
// `navigator`) its test reads the global `Response`, and that first read makes Node load its
// whole fetch implementation (undici), about a sixth of what a PostgreSQL command evaluates at
// start-up, for nothing. Imported just before `pg` (./store.ts), this module takes the lazy
// globals out of sight while pg loads; restoreFetchGlobals() puts the very same properties back,
// still unread, so a later `fetch` works as before.

/** The lazy getters Node defines for its fetch classes, as they were. */
const hidden = new Map<string, PropertyDescriptor>();

for (const name of ['Response']) {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
  if (descriptor?.configurable && typeof (globalThis as { navigator?: unknown }).navigator === 'undefined') {
    hidden.set(name, descriptor);
    delete (globalThis as Record<string, unknown>)[name];
  }
}

/** Puts the fetch globals back (called once pg is loaded). */
export function restoreFetchGlobals(): void {
  for (const [name, descriptor] of hidden) Object.defineProperty(globalThis, name, descriptor);
  hidden.clear();
}
