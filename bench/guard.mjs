// The personal-data guard's cost (`node bench/guard.mjs`): what `logbook add` pays for it.
// Each measure runs in a fresh Node process, as a command does: loading the guard's module
// (word lists included), the first check (the lists become sets), then a remark checked again.
// Prints a table; no target is enforced here (the `logbook-add` measure of bench/run.mjs holds
// the command's target), this says how much of it is the guard.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 15;
const dir = mkdtempSync(join(tmpdir(), 'cafcharte-guard-bench-'));
try {
  await build({
    entryPoints: ['src/domain/personalData.ts'],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: join(dir, 'guard.mjs'),
    logLevel: 'error',
  });
  const probe = join(dir, 'probe.mjs');
  writeFileSync(
    probe,
    `const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const c0 = cpu();
const t0 = performance.now();
const { findPersonalData } = await import('./guard.mjs');
const t1 = performance.now();
const c1 = cpu();
const remark = 'Atelier télédéclaration à 14h30 avec Sophie, 8 personnes dont 3 nouvelles, connexion lente, 2 comptes caf.fr créés ; la dame voulait des infos sur la prime d’activité.';
findPersonalData(remark);
const t2 = performance.now();
const c2 = cpu();
for (let i = 0; i < 200; i++) findPersonalData(remark);
const t3 = performance.now();
const tainted = 'Mme Grondin habite 12 chemin Bras Creux 97430, sa fille Kelly 4 ans, son RSA suspendu, tel 0692 12 34 56';
findPersonalData(tainted);
const t4 = performance.now();
const c4 = cpu();
process.stdout.write(JSON.stringify({ load: t1 - t0, first: t2 - t1, again: (t3 - t2) / 200, tainted: t4 - t3, loadCpu: c1 - c0, firstCpu: c2 - c1 }));`,
  );
  const samples = [];
  for (let i = 0; i < runs + 1; i++) samples.push(JSON.parse(execFileSync(process.execPath, [probe], { encoding: 'utf8' })));
  samples.shift(); // warm-up (file cache)
  const median = (key) => {
    const v = samples.map((s) => s[key]).sort((a, b) => a - b);
    return v[Math.floor(v.length / 2)];
  };
  const rows = [
    ['chargement du module (listes de noms comprises)', median('load')],
    ['premier contrôle d’une remarque (listes en ensembles)', median('first')],
    ['contrôle suivant d’une remarque propre', median('again')],
    ['contrôle d’une remarque chargée (6 trouvailles)', median('tainted')],
  ];
  console.log(`Filtre de données personnelles, médiane de ${runs} processus (temps écoulé) :`);
  for (const [label, ms] of rows) console.log(`  ${label.padEnd(56)} ${ms.toFixed(2).padStart(7)} ms`);
  console.log(`  ${'total payé par une commande (chargement + premier contrôle)'.padEnd(56)} ${(median('load') + median('first')).toFixed(2).padStart(7)} ms`);
  // CPU time is what the guard costs whatever else the machine runs.
  console.log(`  ${'temps CPU : chargement / premier contrôle'.padEnd(56)} ${median('loadCpu').toFixed(1)} / ${median('firstCpu').toFixed(1)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
