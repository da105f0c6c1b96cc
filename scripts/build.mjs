// Builds the bundle that bin/cafcharte runs: CommonJS files in dist/, made by rolldown from
// src/main.ts, then a V8 code cache for them (scripts/codeCache.mjs).
//
// Why CommonJS: on Node 20, loading ES modules starts the ES-module loader (about a quarter of
// `node -e 0` again, before any of our code runs) and compiles each module from source at every
// start. CommonJS files go through the loader Node has already started, and their compiled code
// can be cached (bin/codeCache.js). Why rolldown: esbuild splits code into lazily loaded chunks
// only for ES modules; rolldown does it for CommonJS, so `cafcharte logbook add` still loads the
// code of one command and not of the other fifteen.
import { rolldown } from 'rolldown';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { writeFontSubsets } from './fontSubset.mjs';
import { writeCodeCache } from './codeCache.mjs';

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
  /^node:/,
];

/**
 * Modules gathered into two files (see codeSplitting below): what every command evaluates at
 * start-up, and what every command that opens a SQLite store adds to it.
 */
const GROUPS = {
  startup: [
    /node_modules[\\/](commander|chalk)[\\/]/,
    /src[\\/](context|errors|version)\.ts$/,
    /src[\\/]domain[\\/](controlCharacters|french|dates)\.ts$/,
    /src[\\/]commands[\\/]shared[\\/](parse|help)\.ts$/,
    /src[\\/](io[\\/]files|prompts[\\/]prompter|render[\\/]output)\.ts$/,
  ],
  store: [
    /node_modules[\\/](better-sqlite3|bindings|file-uri-to-path)[\\/]/,
    /src[\\/]store[\\/](migrate|backupFile|sql|engine|open|sqliteStore|driver|migrations[\\/]latest)\.ts$/,
  ],
};

// Chunk names carry content hashes: start from an empty folder so no stale chunk lingers.
// Relative to the working directory, like `dir` below (the benchmark builds a private copy).
rmSync('dist', { recursive: true, force: true });

/**
 * commander requires node:child_process at load, for executable subcommands cafcharte has none
 * of; that module brings Node's network layer with it, a few milliseconds of every start-up.
 * Its one use (spawn) now loads it on the first call. The build fails if commander changes there.
 */
const lazyChildProcessInCommander = {
  name: 'lazy-child-process-in-commander',
  transform(code, id) {
    if (!/[\\/]commander[\\/]lib[\\/]command\.js$/.test(id)) return null;
    const eager = "const childProcess = require('node:child_process');";
    if (!code.includes(eager)) throw new Error(`${id} : « ${eager} » introuvable (commander a changé : revoir scripts/build.mjs)`);
    return code.replace(eager, "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };");
  },
};

const bundle = await rolldown({
  input: { cafcharte: 'src/main.ts' },
  platform: 'node',
  external,
  plugins: [lazyChildProcessInCommander],
  transform: { define: { __CAFCHARTE_VERSION__: JSON.stringify(pkg.version) } },
  logLevel: 'warn',
});
const { output } = await bundle.write({
  dir: 'dist',
  format: 'cjs',
  entryFileNames: '[name].cjs',
  chunkFileNames: 'chunks/[name]-[hash].cjs',
  // Packages left in node_modules are loaded with require() too: an import() would start the
  // ES-module loader, and bin/codeCache.js compiles the bundle without one.
  dynamicImportInCjs: false,
  // Two files rather than twenty for what every command loads at start-up (each file is a path
  // resolved, read and compiled on its own). What one command alone uses stays in its own lazily
  // loaded chunk.
  codeSplitting: {
    groups: Object.entries(GROUPS).map(([name, paths]) => ({ name, test: (id) => paths.some((re) => re.test(id)) })),
  },
  // The sources' comments are for their readers; V8 would only scan past them at every start.
  comments: { legal: true, annotation: false, jsdoc: false },
});
await bundle.close();

// bin/codeCache.js compiles the bundle without an ES-module loader: an import() left in it would
// fail when called. Fail here instead.
for (const chunk of output.filter((o) => o.type === 'chunk')) {
  if (/[^\w.$]import\(/.test(chunk.code)) throw new Error(`dist/${chunk.fileName} contient un import() : la construction doit le changer en require()`);
}

// Which source modules each file holds, in the shape of esbuild's metafile (bench/startup-modules.mjs
// lists what a command evaluates from it).
const outputs = {};
for (const chunk of output.filter((o) => o.type === 'chunk')) {
  outputs[`dist/${chunk.fileName}`] = {
    inputs: Object.fromEntries(
      Object.entries(chunk.modules)
        .filter(([id]) => !id.startsWith('\0'))
        .map(([id, m]) => [relative(process.cwd(), resolve(id)), { bytesInOutput: m.renderedLength }]),
    ),
  };
}
writeFileSync('dist/meta.json', JSON.stringify({ outputs }));

// The poster's font subsets (see scripts/fontSubset.mjs), beside the chunks.
await writeFontSubsets('dist/fonts');

// Last: the cache is made by running the finished dist/.
writeCodeCache('dist');
