#!/usr/bin/env node
// What the built tool evaluates to run one command line: the bundle's files Node loads (traced by
// bench/trace-modules.cjs), their bytes, and the source modules inside them (dist/meta.json,
// written by scripts/build.mjs), grouped by package. Exit 1 when a SQLite command loads
// PostgreSQL code (node-postgres, Kysely's PostgreSQL dialect): those load only for a URL store.
//   node bench/startup-modules.mjs [--json] -- --db /tmp/x.sqlite charter-status
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const json = argv.slice(0, dash < 0 ? argv.length : dash).includes('--json');
const args = dash < 0 ? argv.filter((a) => a !== '--json') : argv.slice(dash + 1);

/** The modules a command line loads from the built tool in `root` (its bin/ and dist/). */
export function startupModules(commandArgs, root = ROOT) {
  const folder = mkdtempSync(join(tmpdir(), 'cafcharte-modules-'));
  const trace = join(folder, 'trace.txt');
  writeFileSync(trace, ''); // the tracer appends each module it sees
  try {
    const run = spawnSync(process.execPath, ['--require', join(ROOT, 'bench', 'trace-modules.cjs'), join(root, 'bin', 'cafcharte'), ...commandArgs], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', CAFCHARTE_TRACE_MODULES: trace },
    });
    const meta = JSON.parse(readFileSync(join(root, 'dist', 'meta.json'), 'utf8'));
    const files = readFileSync(trace, 'utf8').split('\n').filter(Boolean);
    const chunks = files
      .filter((file) => file.startsWith(join(root, 'dist')))
      .map((file) => {
        const output = meta.outputs[relative(root, file)] ?? { inputs: {} };
        return { file: relative(root, file), bytes: statSync(file).size, inputs: Object.entries(output.inputs).map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput })) };
      });
    const inputs = chunks.flatMap((chunk) => chunk.inputs);
    const byPackage = new Map();
    for (const { path, bytes } of inputs) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? 'cafcharte (src)';
      const entry = byPackage.get(name) ?? { modules: 0, bytes: 0 };
      byPackage.set(name, { modules: entry.modules + 1, bytes: entry.bytes + bytes });
    }
    const postgres = inputs.map((i) => i.path).filter((path) => /node_modules\/(pg|pg-[a-z-]+|pgpass)\/|kysely\/dist\/esm\/dialect\/postgres|src\/store\/postgres\//.test(path));
    return {
      status: run.status,
      files: chunks.length,
      bytes: chunks.reduce((sum, chunk) => sum + chunk.bytes, 0),
      sourceModules: inputs.length,
      packages: [...byPackage].map(([name, v]) => ({ name, ...v })).sort((a, b) => b.bytes - a.bytes),
      chunks,
      postgres,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err; // `| head` is fine
  });
  const result = startupModules(args);
  if (json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else {
    const kb = (n) => `${(n / 1024).toFixed(1)} Ko`;
    process.stdout.write(`cafcharte ${args.join(' ')} (code ${result.status}) : ${result.files} fichiers du paquet, ${kb(result.bytes)}, ${result.sourceModules} modules sources\n`);
    for (const p of result.packages) process.stdout.write(`  ${p.name.padEnd(24)} ${String(p.modules).padStart(4)} modules  ${kb(p.bytes).padStart(10)}\n`);
    if (result.postgres.length) process.stdout.write(`Code PostgreSQL chargé pour cette commande :\n${result.postgres.map((p) => `  ${p}`).join('\n')}\n`);
  }
  process.exitCode = result.postgres.length && !args.some((a) => /^postgres(ql)?:/i.test(a)) ? 1 : 0;
}
