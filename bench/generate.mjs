#!/usr/bin/env node
// Builds the benchmark fixtures, deterministically (seeded PRNG), once per schema:
//   - empty.sqlite : a freshly migrated store (the target of `stats import`),
//   - large.sqlite : 10 communes, 50 places, 5 years (2021-07 .. 2026-06), 100,000 sessions,
//                    100,000 logbook entries, 1,000,000 CAF figure rows,
//   - caf-1m.csv   : 1,000,000 rows in the `stats import` format.
// They live in os.tmpdir()/cafcharte-bench-v<user_version>-<hash of the schema SQL> and are
// reused when present: a schema change (even an edited migration) gives a new folder.
//   node bench/generate.mjs            prints the folder (generating what is missing)
//   node bench/generate.mjs --force    regenerates
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'package.json'));

export const SIZES = {
  places: 50,
  sessions: 100_000,
  logbookEntries: 100_000,
  cafFigures: 1_000_000,
  csvRows: 1_000_000,
};
/** The 60 months of data; the last one is dense (5,000 sessions and entries) for the export figure. */
export const FIRST_MONTH = '2021-07';
export const DENSE_MONTH = '2026-06';
export const DENSE_MONTH_SIZE = 5_000;
const MONTH_COUNT = 60;
// Bump when the generated content changes, so cached fixtures are not reused.
const GENERATOR_VERSION = 3;

/** mulberry32: tiny, fast, good enough for spreading test data; same seed, same store. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n, width = 2) => String(n).padStart(width, '0');

function monthList() {
  const months = [];
  let [y, m] = FIRST_MONTH.split('-').map(Number);
  for (let i = 0; i < MONTH_COUNT; i++) {
    months.push(`${y}-${pad(m)}`);
    m++;
    if (m === 13) {
      m = 1;
      y++;
    }
  }
  return months;
}

function daysOf(month) {
  const [y, m] = month.split('-').map(Number);
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${pad(i + 1)}`);
}

/** Creates a fresh store through the tool itself and returns its schema version and hash. */
function probeSchema(bin, path) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  try {
    execFileSync(process.execPath, [bin, '--db', path, 'charter-status'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  } catch (err) {
    // A non-zero exit is fine (nothing signed yet) as long as the store was created.
    if (!existsSync(path)) throw new Error(`charter-status n'a pas créé le magasin : ${err.stderr || err.message}`);
  }
  const Database = require('better-sqlite3');
  // Read-write on purpose: closing the last connection checkpoints the WAL and deletes it, so
  // the single file copied as empty.sqlite is complete and nothing is left behind.
  const db = new Database(path);
  const version = db.pragma('user_version', { simple: true });
  const sql = db.prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name").all().map((r) => `${r.type} ${r.name} ${r.sql}`).join('\n');
  db.close();
  const hash = createHash('sha256').update(`${GENERATOR_VERSION}\n${sql}`).digest('hex').slice(0, 8);
  return { version, hash };
}

/**
 * Returns the fixture paths, generating what is missing. `bin` is the tool that creates the
 * schema (the project's bin/cafcharte by default); `log` receives progress lines.
 */
export function ensureFixtures({ force = false, bin = join(ROOT, 'bin', 'cafcharte'), log = (line) => process.stderr.write(line + '\n') } = {}) {
  const probe = join(tmpdir(), `cafcharte-bench-probe-${process.pid}.sqlite`);
  const { version, hash } = probeSchema(bin, probe);
  const dir = join(tmpdir(), `cafcharte-bench-v${version}-${hash}`);
  const paths = {
    dir,
    schemaVersion: version,
    schemaHash: hash,
    emptyStore: join(dir, 'empty.sqlite'),
    largeStore: join(dir, 'large.sqlite'),
    csv: join(dir, 'caf-1m.csv'),
    manifest: join(dir, 'manifest.json'),
  };
  if (force) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  removeStaleFixtures(dir, log);

  if (!existsSync(paths.emptyStore)) copyFileSync(probe, paths.emptyStore);
  for (const suffix of ['', '-wal', '-shm']) rmSync(probe + suffix, { force: true });

  let manifest = existsSync(paths.manifest) ? JSON.parse(readFileSync(paths.manifest, 'utf8')) : {};
  if (!existsSync(paths.largeStore)) {
    const started = Date.now();
    log(`génération du grand magasin dans ${dir} ...`);
    const partial = `${paths.largeStore}.partiel-${process.pid}`; // two benchmarks may start at once
    rmSync(partial, { force: true });
    copyFileSync(paths.emptyStore, partial);
    let counts;
    try {
      counts = populateLargeStore(partial, log);
    } catch (err) {
      rmSync(partial, { force: true });
      throw err;
    }
    renameSync(partial, paths.largeStore);
    manifest = { ...manifest, largeStore: { counts, seconds: (Date.now() - started) / 1000 } };
    writeFileSync(paths.manifest, JSON.stringify(manifest, null, 2));
    log(`  grand magasin prêt en ${manifest.largeStore.seconds.toFixed(1)} s`);
  }
  if (!existsSync(paths.csv)) {
    const started = Date.now();
    log(`génération du CSV de ${SIZES.csvRows} lignes ...`);
    writeCsv(`${paths.csv}.partiel-${process.pid}`, SIZES.csvRows);
    renameSync(`${paths.csv}.partiel-${process.pid}`, paths.csv);
    manifest = { ...manifest, csv: { rows: SIZES.csvRows, seconds: (Date.now() - started) / 1000 } };
    writeFileSync(paths.manifest, JSON.stringify(manifest, null, 2));
    log(`  CSV prêt en ${manifest.csv.seconds.toFixed(1)} s`);
  }
  return { ...paths, manifest };
}

/** Fixtures of older schemas (100 MB each), once untouched for an hour: no run can still use them. */
function removeStaleFixtures(current, log) {
  const hourAgo = Date.now() - 3600_000;
  for (const name of readdirSync(tmpdir())) {
    const dir = join(tmpdir(), name);
    if (!/^cafcharte-bench-v\d+-[0-9a-f]{8}$/.test(name) || dir === current) continue;
    try {
      if (statSync(dir).mtimeMs < hourAgo) {
        rmSync(dir, { recursive: true, force: true });
        log(`anciennes données de test supprimées : ${dir}`);
      }
    } catch {
      // removed meanwhile by another run
    }
  }
}

/** The CSV comes from the stats engineer's generator, so the benchmark imports the rows their tests know. */
function writeCsv(path, rows) {
  const script = join(ROOT, 'bench', 'gen-caf-csv.mjs');
  if (!existsSync(script)) throw new Error('bench/gen-caf-csv.mjs (générateur du CSV de la CAF) est introuvable.');
  execFileSync(process.execPath, [script, String(rows), '--out', path], { stdio: ['ignore', 'ignore', 'inherit'] });
}

const COMMUNE_PLACE_WORDS = ['Médiathèque', 'Maison Pour Tous', 'Espace numérique', 'Maison Pour Tous', 'Point numérique'];
const KIND_OF_WORD = { 'Médiathèque': 'mediatheque', 'Maison Pour Tous': 'mpt', 'Espace numérique': 'autre', 'Point numérique': 'autre' };
const DISTRICTS = ['centre', 'Bois-Court', 'Trois-Mares', 'la Plaine', 'les Hauts', 'Bérive', 'Pont-d’Yves', 'la Rivière', 'Ravine', 'Bras-Creux'];
const STREETS = ['rue Victor Le Vigoureux', 'rue Hubert Delisle', 'chemin Général de Gaulle', 'rue de la République', 'avenue des Indes', 'rue du Père Favron'];
const ANIMATORS = ['Marie Hoarau', 'Jean-Luc Payet', 'Sophie Grondin', 'Patrice Técher', 'Nadia Boyer', 'Olivier Fontaine', 'Céline Rivière', 'Thierry Maillot'];
const REMARKS = [
  'Atelier calme, bonne participation.',
  'Plusieurs personnes ont découvert leur espace Mon Compte.',
  'Connexion internet lente en début de séance, rétablie à 14h30.',
  'Beaucoup de questions sur la déclaration trimestrielle.',
  'Public nombreux, prévoir un deuxième animateur.',
  'Séance écourtée : coupure de courant dans le quartier.',
  'Les participants repartent avec leur attestation téléchargée.',
  'Aide à la création de comptes caf.fr, deux imprimantes en panne.',
];
const SECTION_BASE = ['Mon Compte', 'Mes démarches', 'Aides et démarches', 'Mes paiements', 'Mon attestation', 'Déclarer mes ressources', 'Simulateurs', 'Contacter ma Caf', 'Actualités', 'Logement'];
const START_TIMES = [['08:30', '10:00'], ['10:15', '11:45'], ['13:30', '15:00'], ['15:15', '16:45']];

/**
 * A scheme that has run for five years has its places in service and its animators committed
 * to confidentiality (art. 7 and 12): charter-status then measures the cost of its checks,
 * not of printing 60 reminders. Skipped when those tables do not exist (older schemas).
 */
function putInService(db, placeIds, at) {
  const hasTable = (name) => db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined;
  if (hasTable('commissioning_visits')) {
    // The checklist items are those of src/domain/commissioning.ts, read from the source.
    const source = readFileSync(join(ROOT, 'src', 'domain', 'commissioning.ts'), 'utf8');
    const block = /REQUIRED_ITEMS[^=]*=\s*\[([\s\S]*?)\];/.exec(source)?.[1] ?? '';
    const items = [...block.matchAll(/code:\s*'([^']+)',\s*label:\s*'([^']+)'/g)].map(([, code, label]) => ({
      code, label, required: true, checked: true, checkedOn: '2021-06-28', how: 'coche',
    }));
    const visit = db.prepare(
      `INSERT INTO commissioning_visits (place_id, checked_on, checked_by, checklist, state, author, recorded_at)
       VALUES (?, '2021-06-28', 'Chef d’antenne Sud', ?, 'en_service', 'Banc d’essai', ?)`,
    );
    for (const id of placeIds) visit.run(id, JSON.stringify(items), at);
  }
  if (hasTable('confidentiality_commitments')) {
    const commit = db.prepare(`INSERT INTO confidentiality_commitments (name, role, committed_on, recorded_at) VALUES (?, 'animateur', '2021-06-28', ?)`);
    for (const name of ANIMATORS) commit.run(name, at);
  }
}

/** Fills a migrated store with the large data set; returns the row counts. */
function populateLargeStore(path, log) {
  const Database = require('better-sqlite3');
  const db = new Database(path);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -200000');
  const random = mulberry32(20260701);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const between = (min, max) => min + Math.floor(random() * (max - min + 1));
  const at = '2026-07-01T09:00:00+04:00';
  const months = monthList();
  const types = ['decouverte-caf-fr', 'consultation-dossier', 'courriel', 'teledeclaration', 'information-animateurs', 'creneau-reserve', 'evenement'];
  const typeWeights = [0.25, 0.2, 0.15, 0.2, 0.03, 0.15, 0.02];
  const pickType = () => {
    let r = random();
    for (let i = 0; i < types.length; i++) if ((r -= typeWeights[i]) < 0) return types[i];
    return types[0];
  };

  const communes = db.prepare('SELECT insee, name, postal_codes FROM communes ORDER BY insee').all();
  const placeIds = [];
  db.transaction(() => {
    // Charter signed in June 2021, one comité meeting a semester.
    db.prepare("INSERT OR IGNORE INTO signatures (party, signed_on, recorded_at) VALUES ('commune', '2021-06-14', ?), ('caf', '2021-06-21', ?)").run(at, at);
    const meeting = db.prepare('INSERT INTO copil_meetings (held_on, place, notes, recorded_at) VALUES (?, ?, ?, ?)');
    for (const month of months) if (month.endsWith('-06') || month.endsWith('-12')) meeting.run(`${month}-15`, 'Hôtel de ville du Tampon', 'Bilan du semestre.', at);

    const insertPlace = db.prepare(
      `INSERT INTO places (name, kind, commune_insee, address, postal_code, phone, email, reserved_slots, opening_hours, siret, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (let i = 0; i < SIZES.places; i++) {
      const commune = communes[i % communes.length];
      const word = COMMUNE_PLACE_WORDS[Math.floor(i / communes.length) % COMMUNE_PLACE_WORDS.length];
      const district = DISTRICTS[Math.floor(i / communes.length) * 2 % DISTRICTS.length];
      const codes = JSON.parse(commune.postal_codes);
      const slots = i % 3 === 0 ? [] : [{ day: 'we', start: '14:00', end: '17:00' }, { day: 'sa', start: '09:00', end: '12:00' }];
      const info = insertPlace.run(
        `${word} ${district} de ${commune.name}`,
        KIND_OF_WORD[word],
        commune.insee,
        `${between(1, 250)} ${pick(STREETS)}`,
        codes[i % codes.length],
        `+262262${pad(between(0, 999999), 6)}`,
        i % 2 === 0 ? `espace${i + 1}@exemple.re` : null,
        JSON.stringify(slots),
        JSON.stringify([{ day: 'mo', start: '08:00', end: '17:00' }, { day: 'we', start: '08:00', end: '17:00' }, { day: 'sa', start: '08:00', end: '12:00' }]),
        `2174000${pad(i + 1, 7)}`,
        at,
        at,
      );
      placeIds.push(Number(info.lastInsertRowid));
    }
  })();
  log(`  ${placeIds.length} lieux`);
  putInService(db, placeIds, at);

  // Sessions: every (day, place, slot) of a month is a distinct candidate, so nothing overlaps;
  // each session gets exactly one logbook entry (linked, or a drop-in when it was cancelled).
  const insertSession = db.prepare(
    `INSERT INTO sessions (place_id, date, start_time, end_time, type, capacity, animators, title, notes, status, cancel_reason, cancelled_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertBooking = db.prepare(`INSERT INTO bookings (session_id, seats, status, note, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, ?)`);
  const insertEntry = db.prepare(
    `INSERT INTO logbook_entries (date, start_time, place_id, session_id, type, received, first_timers, duration_minutes, animators, remarks,
       online_declarations, accounts_created, emails_sent, certificates, completed_procedures, results_text, author, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const regularMonths = months.filter((m) => m !== DENSE_MONTH);
  const regularTotal = SIZES.sessions - DENSE_MONTH_SIZE;
  let sessions = 0;
  let entries = 0;
  let bookings = 0;
  db.transaction(() => {
    for (const month of months) {
      const index = regularMonths.indexOf(month);
      const quota =
        month === DENSE_MONTH
          ? DENSE_MONTH_SIZE
          : Math.floor(((index + 1) * regularTotal) / regularMonths.length) - Math.floor((index * regularTotal) / regularMonths.length);
      const candidates = [];
      for (const day of daysOf(month)) {
        if (new Date(`${day}T00:00:00Z`).getUTCDay() === 0) continue; // no Sunday workshops
        for (const placeId of placeIds) for (let slot = 0; slot < START_TIMES.length; slot++) candidates.push([day, placeId, slot]);
      }
      // Partial Fisher-Yates: the first `quota` candidates, in random order.
      for (let i = 0; i < quota; i++) {
        const j = i + Math.floor(random() * (candidates.length - i));
        [candidates[i], candidates[j]] = [candidates[j], candidates[i]];
      }
      const chosen = candidates.slice(0, quota).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[2] - b[2] || a[1] - b[1]));
      for (const [day, placeId, slot] of chosen) {
        const type = pickType();
        const [start, end] = START_TIMES[slot];
        const capacity = type === 'creneau-reserve' ? null : between(6, 14);
        const cancelled = random() < 0.02;
        const animators = JSON.stringify([pick(ANIMATORS)]);
        const info = insertSession.run(
          placeId, day, start, end, type, capacity, animators,
          type === 'evenement' ? 'Journée portes ouvertes caf.fr' : null,
          null,
          cancelled ? 'annulee' : 'prevue',
          cancelled ? 'Animateur absent' : null,
          cancelled ? at : null,
          at, at,
        );
        const sessionId = Number(info.lastInsertRowid);
        sessions++;
        if (capacity !== null && random() < 0.7) {
          insertBooking.run(sessionId, between(1, capacity), 'confirmee', at, at);
          bookings++;
        }
        const received = between(0, 14);
        const firstTimers = random() < 0.8 ? between(0, received) : null;
        insertEntry.run(
          day,
          cancelled ? '17:00' : start,
          placeId,
          cancelled ? null : sessionId,
          cancelled ? 'consultation-dossier' : type,
          received,
          firstTimers,
          90,
          animators,
          random() < 0.3 ? pick(REMARKS) : null,
          between(0, 4), between(0, 3), between(0, 3), between(0, 5), between(0, 6),
          random() < 0.1 ? 'Deux dossiers complets transmis.' : null,
          pick(ANIMATORS),
          at, at,
        );
        entries++;
      }
    }
  })();
  log(`  ${sessions} séances, ${bookings} réservations, ${entries} entrées du carnet de bord`);

  // CAF figures: 61 perimeters (territory, 10 communes, 50 places) x 60 months, each with
  // consultations, télédéclarations and enough caf.fr sections to reach exactly 1,000,000 rows.
  const perimeters = ['territoire', ...communes.map((c) => `commune:${c.insee}`), ...placeIds.map((id) => `lieu:${id}`)];
  const slotsTotal = perimeters.length * months.length;
  const base = Math.floor(SIZES.cafFigures / slotsTotal);
  const extra = SIZES.cafFigures - base * slotsTotal;
  const sections = Array.from({ length: base }, (_, i) => SECTION_BASE[i] ?? `Rubrique ${pad(i, 3)}`);
  let figures = 0;
  db.transaction(() => {
    const importId = Number(
      db.prepare('INSERT INTO caf_imports (file_name, sha256, imported_at, row_count, replaced_count) VALUES (?, ?, ?, ?, 0)')
        .run('chiffres-caf-2021-2026.csv', createHash('sha256').update('bench').digest('hex'), at, SIZES.cafFigures).lastInsertRowid,
    );
    const insertFigure = db.prepare('INSERT INTO caf_figures (import_id, month, perimeter, indicator, site_section, value) VALUES (?, ?, ?, ?, ?, ?)');
    let slotIndex = 0;
    for (const month of months) {
      for (const perimeter of perimeters) {
        const scale = perimeter === 'territoire' ? 50 : perimeter.startsWith('commune:') ? 8 : 1;
        insertFigure.run(importId, month, perimeter, 'consultations', '', scale * between(500, 3000));
        insertFigure.run(importId, month, perimeter, 'teledeclarations', '', scale * between(50, 400));
        const count = base - 2 + (slotIndex < extra ? 1 : 0);
        for (let s = 0; s < count; s++) insertFigure.run(importId, month, perimeter, 'rubrique', sections[s] ?? `Rubrique ${pad(s, 3)}`, scale * between(0, 200));
        figures += count + 2;
        slotIndex++;
      }
    }
  })();
  log(`  ${figures} chiffres CAF`);

  db.pragma('foreign_keys = ON');
  const problems = db.pragma('foreign_key_check');
  if (problems.length > 0) throw new Error(`clés étrangères invalides dans le grand magasin : ${JSON.stringify(problems.slice(0, 3))}`);
  db.exec('ANALYZE');
  db.pragma('journal_mode = WAL'); // what the tool itself uses
  db.close();
  return { places: placeIds.length, sessions, bookings, logbookEntries: entries, cafFigures: figures };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const fixtures = ensureFixtures({ force: process.argv.includes('--force') });
    process.stdout.write(`${fixtures.dir}\n`);
  } catch (err) {
    process.stderr.write(`impossible de préparer les données du banc : ${err.message}\n(lancez d’abord « npm run build »)\n`);
    process.exitCode = 2;
  }
}
