// A reliability worker: runs many cafcharte commands in ONE process, through the built bundle's
// real command path (the real store, the real transactions), so two workers really race.
//   node worker.mjs logbook-add <db> <count> <tag>
//   node worker.mjs book <db> <sessionId> <count>
//   node worker.mjs logbook-acked <db> <count> <tag>   (last line: {"codes":..., "acked":["date time", ...]})
//   node worker.mjs run <db> -- <args...>
import { createRequire } from 'node:module';

const { runArgs } = createRequire(import.meta.url)('../../dist/cafcharte.cjs');
const [mode, db, ...rest] = process.argv.slice(2);
const codes = {};
const count = (code) => (codes[code] = (codes[code] ?? 0) + 1);

if (mode === 'logbook-add') {
  const [n, tag] = rest;
  for (let i = 0; i < Number(n); i++) {
    // Distinct start times so the duplicate guard never refuses: the test is about losing nothing.
    const minutes = i % 600;
    const time = `${String(8 + Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    const day = String(1 + (Math.floor(i / 600) % 28)).padStart(2, '0');
    count(
      await runArgs(['--db', db, 'logbook', 'add', '--date', `2026-${tag === 'a' ? '10' : '11'}-${day}`, '--debut', time, '--lieu', '1', '--type', 'teledeclaration', '--recus', '3', '--doublon-ok', '--auteur', `worker-${tag}`]),
    );
  }
} else if (mode === 'logbook-acked') {
  // Each entry has its own day and time; an entry acknowledged (exit 0) must never vanish.
  const [n, tag] = rest;
  const acked = [];
  for (let i = 0; i < Number(n); i++) {
    const time = `${String(8 + Math.floor(i / 60) % 10).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
    const date = `2026-${tag === 'a' ? '10' : '11'}-${String(1 + (Math.floor(i / 600) % 28)).padStart(2, '0')}`;
    const code = await runArgs(['--db', db, 'logbook', 'add', '--date', date, '--debut', time, '--lieu', '1', '--type', 'teledeclaration', '--recus', '3', '--doublon-ok', '--auteur', `worker-${tag}`]);
    count(code);
    if (code === 0) acked.push(`${date} ${time}`);
  }
  process.stdout.write(`${JSON.stringify({ codes, acked })}\n`);
  process.exit(0);
} else if (mode === 'book') {
  const [sessionId, n] = rest;
  for (let i = 0; i < Number(n); i++) count(await runArgs(['--db', db, 'sessions', 'book', sessionId]));
} else if (mode === 'run') {
  count(await runArgs(['--db', db, ...rest.slice(rest[0] === '--' ? 1 : 0)]));
}
process.stdout.write(`${JSON.stringify(codes)}\n`);
process.exitCode = 0;
