// Builds the one-file bundle that bin/cafcharte runs. esbuild, not tsc: a bundle with
// deep imports starts close to `node -e 0`, while tsc output loads hundreds of modules.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// Native or file-reading packages stay in node_modules: better-sqlite3 is a native addon,
// pdfkit and friends read font and data files relative to their own folders.
const external = [
  'better-sqlite3',
  'pdfkit',
  'svg-to-pdfkit',
  '@resvg/resvg-js',
  'exceljs',
  'qrcode',
  'handlebars',
  'dejavu-fonts-ttf',
  'iconv-lite',
];

await build({
  entryPoints: { cafcharte: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true, // lazily imported modules become separate chunks, loaded only when used
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  define: { __CAFCHARTE_VERSION__: JSON.stringify(pkg.version) },
  // Bundled CommonJS packages (cli-table3) call require(); give them one.
  banner: {
    js: "import { createRequire as __cafcharteCreateRequire } from 'node:module'; const require = __cafcharteCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
