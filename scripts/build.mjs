// Builds the one-file bundle that bin/cafcharte runs. esbuild, not tsc: a bundle with
// deep imports starts close to `node -e 0`, while tsc output loads hundreds of modules.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { writeFontSubsets } from './fontSubset.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// Packages that read files relative to their own folders stay in node_modules (pdfkit and
// friends read font and data files). better-sqlite3's JavaScript is bundled; its native addon is
// loaded by path from node_modules (src/store/driver.ts).
const external = [
  'pdfkit',
  'svg-to-pdfkit',
  '@resvg/resvg-js',
  'exceljs',
  'qrcode',
  'handlebars',
  'dejavu-fonts-ttf',
  'iconv-lite',
];

// Chunk names carry content hashes: start from an empty folder so no stale chunk lingers.
// Relative to the working directory, like `outdir` below (the benchmark builds a private copy).
rmSync('dist', { recursive: true, force: true });

const result = await build({
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
  metafile: true,
});
// Which source modules each chunk holds (bench/startup-modules.mjs lists what a command evaluates).
writeFileSync('dist/meta.json', JSON.stringify(result.metafile));

// The poster's font subsets (see scripts/fontSubset.mjs), beside the chunks.
await writeFontSubsets('dist/fonts');
