// pdfkit, with packages it loads eagerly made lazy: crypto-js (every cipher, for encrypted PDFs,
// which cafcharte never writes; pdfkit only hashes the file ID with MD5), fontkit's brotli (a
// 750 kB dictionary, for WOFF2 fonts; DejaVu is TrueType), fontkit's unicode-properties (its
// tables are inflated on load; only fontkit's OpenType engine asks them, and a poster's plain
// words skip it: see poster/plainLayout.ts) and linebreak (for doc.text(), which the posters do
// not use; the report does, and loads it then). Each is put in
// Node's module cache as a stand-in that loads the real package on first use, so pdfkit behaves
// exactly as before; a PDF command no longer compiles a megabyte of code it does not run.
import Module, { createRequire } from 'node:module';

type PdfKit = typeof import('pdfkit');

let loading: Promise<PdfKit> | undefined;

/** The PDFDocument class (pdfkit's default export). */
export async function loadPdfKit(): Promise<PdfKit> {
  loading ??= (async () => {
    const fromPdfkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'));
    const fromFontkit = createRequire(fromPdfkit.resolve('fontkit'));
    standIn(fromFontkit, 'brotli/decompress.js', (load) => (...args: unknown[]) => (load() as (...a: unknown[]) => unknown)(...args));
    // fontkit reads its functions off the module object at each call, never at load.
    standIn(fromFontkit, 'unicode-properties', (load) => new Proxy({}, { get: (_, key) => (load() as Record<string | symbol, unknown>)[key] }));
    // pdfkit only ever does `new LineBreaker(text)`.
    standIn(fromPdfkit, 'linebreak', (load) =>
      function LineBreaker(this: unknown, ...args: unknown[]) {
        return new (load() as new (...a: unknown[]) => unknown)(...args);
      },
    );
    standIn(fromPdfkit, 'crypto-js', (load) => {
      const md5 = () => fromPdfkit('crypto-js/md5') as unknown;
      return new Proxy({}, { get: (_, key) => (key === 'MD5' ? md5() : (load() as Record<string | symbol, unknown>)[key]) });
    });
    return (await import('pdfkit')).default as unknown as PdfKit;
  })();
  return loading;
}

/**
 * Puts `make(load)` in the module cache under the resolved path of `id`, unless the package is
 * already loaded; `load()` drops the stand-in and loads the real package (once).
 */
function standIn(require: NodeJS.Require, id: string, make: (load: () => unknown) => unknown): void {
  const path = require.resolve(id);
  if (require.cache[path]) return;
  let real: unknown;
  const load = () => {
    if (real === undefined) {
      if (require.cache[path] === stand) delete require.cache[path];
      real = require(id);
    }
    return real;
  };
  const stand = new Module(path);
  stand.filename = path;
  stand.exports = make(load);
  stand.loaded = true;
  require.cache[path] = stand;
}
