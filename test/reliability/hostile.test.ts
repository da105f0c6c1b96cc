// 5. The hostile-input table: every case gets a French message, its documented exit code, and
// leaves the store byte-for-byte the same (compared as a logical dump of every table).
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { addTestPlaces, runCli, tempDir } from '../harness.js';
import { execSql, logicalDump } from './support.js';

let folder: string;
let template: string;
const file = (name: string) => join(folder, name);

/** A zip with one entry: a tiny compressed blob that inflates to `size` bytes (a zip bomb when large). */
function zipWith(name: string, size: number): Buffer {
  const data = deflateRawSync(Buffer.alloc(size, 0x41), { level: 9 });
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(0, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + nameBytes.length, 12);
  end.writeUInt32LE(30 + nameBytes.length + data.length, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}

beforeAll(async () => {
  folder = tempDir('cafcharte-hostile-');
  template = file('modele.sqlite');
  await addTestPlaces(template);
  const setup = [
    ['charter', 'sign', '--date', '2026-03-15'],
    ['charter', 'copil', 'meeting', 'add', '--date', '2026-09-10'],
    ['sessions', 'add', '--lieu', '1', '--date', '2026-12-02', '--debut', '14:00', '--fin', '16:00', '--type', 'teledeclaration', '--capacite', '8'],
    ['logbook', 'add', '--date', '2026-11-18', '--debut', '14:00', '--lieu', '1', '--type', 'teledeclaration', '--recus', '6', '--duree', '120'],
    ['campagnes', 'add', '--nom', 'Affiches 2026', '--debut', '2026-04-01', '--canal', 'affiche'],
  ];
  for (const args of setup) {
    const r = await runCli(args, { db: template });
    if (r.code !== 0) throw new Error(`préparation « ${args.join(' ')} » : ${r.stderr}`);
  }
  const header = 'mois;perimetre;indicateur;rubrique;valeur\n';
  writeFileSync(file('sans-entete.csv'), '2026-07;Le Tampon;consultations;;120\n');
  writeFileSync(file('utf16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${header}2026-07;Le Tampon;consultations;;120\n`, 'utf16le')]));
  writeFileSync(file('cellule-geante.csv'), `${header}2026-07;Le Tampon;rubrique;${'x'.repeat(10 * 1024 * 1024)};12\n`);
  writeFileSync(file('saint-denis.csv'), `${header}2026-07;Saint-Denis;consultations;;120\n`);
  writeFileSync(file('negatif.csv'), `${header}2026-07;Le Tampon;consultations;;-5\n`);
  writeFileSync(file('mois-faux.csv'), `${header}2026-13;Le Tampon;consultations;;5\n`);
  writeFileSync(file('guillemet.csv'), `${header}2026-07;"Le Tampon;consultations;;5\n`);
  writeFileSync(file('binaire.csv'), Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x10]));
  writeFileSync(file('pas-un-zip.xlsx'), 'ceci n’est pas un classeur');
  writeFileSync(file('bombe.xlsx'), zipWith('xl/worksheets/sheet1.xml', 512 * 1024 * 1024));
  writeFileSync(file('vide.csv'), '');
  writeFileSync(file('pas-sqlite.sqlite'), 'bonjour'.repeat(1000));
  writeFileSync(file('modele-casse.hbs'), '{{#each}}');
  mkdirSync(file('dossier'));
  // Special files as outputs and inputs: a character device (like /dev/null), a FIFO, a dangling link.
  if (process.getuid?.() === 0) spawnSync('mknod', [file('null'), 'c', '1', '3']);
  spawnSync('mkfifo', [file('fifo')]);
  symlinkSync('/nulle/part/cible.html', file('lien-casse.html'));
});

interface Case {
  name: string;
  args: string[];
  code: number;
  /** A fragment of the French message (the field, or what is wrong). */
  message: string | RegExp;
}

const place = ['--lieu', '1'];
const session = ['--date', '2026-12-09', '--debut', '14:00', '--fin', '16:00', '--type', 'teledeclaration'];
const entry = ['--date', '2026-11-19', '--debut', '09:00', '--lieu', '1', '--type', 'teledeclaration', '--recus', '4'];
const newPlace = ['--nom', 'MPT des Trois-Mares', '--type', 'mpt', '--commune', 'Le Tampon', '--adresse', '1 rue des Mares', '--code-postal', '97430', '--telephone', '0262 27 00 02'];
const withFlag = (args: string[], flag: string, value: string) => {
  const copy = [...args];
  const i = copy.indexOf(flag);
  if (i >= 0) copy[i + 1] = value;
  else copy.push(flag, value);
  return copy;
};

const cases: Case[] = [
  // Dates, months, semesters
  { name: 'date impossible (30 février)', args: ['charter', 'sign', '--date', '2026-02-30'], code: 2, message: '--date' },
  { name: 'mois 13', args: ['charter', 'sign', '--date', '2026-13-01'], code: 2, message: '--date' },
  { name: 'date en toutes lettres', args: ['charter-status', '--date', 'demain'], code: 2, message: '--date' },
  { name: '29 février d’une année non bissextile', args: ['charter', 'copil', 'meeting', 'add', '--date', '2027-02-29'], code: 2, message: '--date' },
  { name: 'semestre 2026-S3 (carnet)', args: ['logbook', 'list', '--semestre', '2026-S3'], code: 2, message: '--semestre' },
  { name: 'semestre 2026-S3 (rapport)', args: ['report', '--semestre', '2026-S3', '--format', 'json'], code: 2, message: '--semestre' },
  { name: 'semestre 2026-S3 (chiffres)', args: ['stats', 'list', '--semestre', '2026-S3'], code: 2, message: '--semestre' },
  { name: 'mois 2026-13 (séances)', args: ['sessions', 'list', '--mois', '2026-13'], code: 2, message: '--mois' },
  { name: 'mois 2026-13 (export)', args: ['export', '--mois', '2026-13'], code: 2, message: '--mois' },
  { name: 'heure 25:00', args: ['sessions', 'add', ...place, ...withFlag(session, '--debut', '25:00')], code: 2, message: '--debut' },
  { name: 'séance au 30 février', args: ['sessions', 'add', ...place, ...withFlag(session, '--date', '2026-02-30')], code: 2, message: '--date' },
  { name: 'entrée au 31 avril', args: ['logbook', 'add', ...withFlag(entry, '--date', '2026-04-31')], code: 2, message: '--date' },
  // Counts
  { name: 'personnes reçues négatives', args: ['logbook', 'add', ...withFlag(entry, '--recus', '-1')], code: 2, message: '--recus' },
  { name: 'personnes reçues énormes', args: ['logbook', 'add', ...withFlag(entry, '--recus', '99999999999')], code: 2, message: '--recus' },
  { name: 'personnes reçues non numériques', args: ['logbook', 'add', ...withFlag(entry, '--recus', 'douze')], code: 2, message: '--recus' },
  { name: 'personnes reçues décimales', args: ['logbook', 'add', ...withFlag(entry, '--recus', '4.5')], code: 2, message: '--recus' },
  { name: 'nouveaux plus nombreux que les reçus', args: ['logbook', 'add', ...entry, '--nouveaux', '9'], code: 2, message: '--nouveaux' },
  { name: 'capacité négative', args: ['sessions', 'add', ...place, ...session, '--capacite', '-3'], code: 2, message: '--capacite' },
  { name: 'capacité énorme', args: ['sessions', 'add', ...place, ...session, '--capacite', '1e12'], code: 2, message: '--capacite' },
  { name: 'réserver zéro place', args: ['sessions', 'book', '1', '--places', '0'], code: 2, message: '--places' },
  { name: 'quantité diffusée nulle', args: ['campagnes', 'diffusion', '1', '--lieu', '1', '--quantite', '0', '--date', '2026-04-10'], code: 2, message: '--quantite' },
  // Unknown things
  { name: 'lieu inconnu (séance)', args: ['sessions', 'add', '--lieu', 'Médiathèque de Paris', ...session], code: 3, message: '--lieu' },
  { name: 'lieu inconnu (carnet)', args: ['logbook', 'add', ...withFlag(entry, '--lieu', 'Nulle part')], code: 3, message: '--lieu' },
  { name: 'lieu inconnu (affiche)', args: ['poster', '--lieu', 'Nulle part'], code: 3, message: 'Nulle part' },
  { name: 'séance inconnue', args: ['sessions', 'book', '999'], code: 3, message: '999' },
  { name: 'entrée inconnue', args: ['logbook', 'show', '999'], code: 3, message: '999' },
  { name: 'manquement inconnu', args: ['charter', 'resolve', '999', '--date', '2026-10-10'], code: 3, message: '999' },
  { name: 'réunion du comité inconnue', args: ['supports', 'validate', '1', '--reunion', '999'], code: 3, message: /999|support/ },
  { name: 'commune hors du territoire', args: ['places', 'add', ...withFlag(newPlace, '--commune', 'Saint-Denis')], code: 2, message: '--commune' },
  { name: 'commune inventée', args: ['places', 'add', ...withFlag(newPlace, '--commune', 'Atlantis')], code: 2, message: '--commune' },
  { name: 'code postal d’une autre commune', args: ['places', 'add', ...withFlag(newPlace, '--code-postal', '97400')], code: 2, message: '--code-postal' },
  { name: 'téléphone impossible', args: ['places', 'add', ...withFlag(newPlace, '--telephone', '12')], code: 2, message: '--telephone' },
  { name: 'créneau à l’envers', args: ['places', 'add', ...newPlace, '--creneau', 'mer 17:00-14:00'], code: 2, message: '--creneau' },
  { name: 'jour inconnu', args: ['places', 'add', ...newPlace, '--creneau', 'octidi 14:00-17:00'], code: 2, message: '--creneau' },
  { name: 'SIRET faux', args: ['places', 'add', ...newPlace, '--siret', '12345678901234'], code: 2, message: '--siret' },
  { name: 'type d’atelier inconnu', args: ['sessions', 'add', ...place, ...withFlag(session, '--type', 'karaoke')], code: 2, message: '--type' },
  { name: 'partie inconnue', args: ['charter', 'breach', '--par', 'prefecture', '--recu', '2026-10-02', '--motif', 'x'], code: 2, message: '--par' },
  { name: 'option inconnue', args: ['logbook', 'list', '--tout-effacer'], code: 2, message: '--tout-effacer' },
  { name: 'format de rapport inconnu', args: ['report', '--semestre', '2026-S2', '--format', 'docx'], code: 2, message: '--format' },
  { name: 'format d’export inconnu', args: ['export', '--mois', '2026-11', '--format', 'ods'], code: 2, message: '--format' },
  { name: 'taille d’affiche inconnue', args: ['poster', '--lieu', '1', '--taille', 'A5'], code: 2, message: '--taille' },
  // Personal data in free text (art. 12)
  { name: 'NIR dans les remarques', args: ['logbook', 'add', ...entry, '--remarques', 'Aidé pour le dossier 1 85 05 78 006 084 36'], code: 5, message: '--remarques' },
  { name: 'nom et téléphone dans les remarques', args: ['logbook', 'add', ...entry, '--remarques', 'Rappeler M. Grondin au 0692 12 34 56'], code: 5, message: '--remarques' },
  { name: 'courriel dans les notes de séance', args: ['sessions', 'add', ...place, ...session, '--notes', 'Inscription de jean.payet@example.com'], code: 5, message: '--notes' },
  { name: 'IBAN dans les résultats', args: ['logbook', 'add', ...entry, '--resultats', 'RIB FR76 3000 6000 0112 3456 7890 189 saisi'], code: 5, message: '--resultats' },
  { name: 'numéro d’allocataire dans un motif', args: ['charter', 'breach', '--par', 'caf', '--recu', '2026-10-02', '--motif', 'Dossier 1234567 perdu'], code: 5, message: '--motif' },
  // Files to import
  { name: 'fichier absent', args: ['stats', 'import', '/nulle/part/chiffres.csv'], code: 3, message: 'chiffres.csv' },
  { name: 'fichier vide', args: ['stats', 'import', 'FILE:vide.csv'], code: 2, message: 'vide.csv' },
  { name: 'CSV sans en-tête', args: ['stats', 'import', 'FILE:sans-entete.csv'], code: 2, message: /en-tête|colonne/ },
  { name: 'CSV en UTF-16', args: ['stats', 'import', 'FILE:utf16.csv'], code: 2, message: 'utf16.csv' },
  { name: 'CSV binaire', args: ['stats', 'import', 'FILE:binaire.csv'], code: 2, message: 'binaire.csv' },
  { name: 'CSV avec 10 Mo dans une cellule', args: ['stats', 'import', 'FILE:cellule-geante.csv'], code: 2, message: /ligne 2|trop/ },
  { name: 'CSV avec un guillemet non fermé', args: ['stats', 'import', 'FILE:guillemet.csv'], code: 2, message: 'guillemet.csv' },
  { name: 'CSV hors du territoire', args: ['stats', 'import', 'FILE:saint-denis.csv'], code: 2, message: 'ligne 2' },
  { name: 'CSV valeur négative', args: ['stats', 'import', 'FILE:negatif.csv'], code: 2, message: 'ligne 2' },
  { name: 'CSV mois impossible', args: ['stats', 'import', 'FILE:mois-faux.csv'], code: 2, message: 'ligne 2' },
  { name: 'XLSX qui n’est pas un zip', args: ['stats', 'import', 'FILE:pas-un-zip.xlsx'], code: 2, message: 'pas-un-zip.xlsx' },
  { name: 'XLSX bombe zip', args: ['stats', 'import', 'FILE:bombe.xlsx'], code: 2, message: 'XLSX refusé' },
  { name: 'dossier à la place d’un fichier', args: ['stats', 'import', 'FILE:dossier'], code: 2, message: 'dossier' },
  // Output paths
  { name: 'affiche vers un dossier absent', args: ['poster', '--lieu', '1', '--sortie', '/nulle/part/affiche.pdf'], code: 2, message: '--sortie' },
  { name: 'affiche vers un dossier en lecture seule', args: ['poster', '--lieu', '1', '--sortie', '/sys/affiche.pdf'], code: 2, message: '--sortie' },
  { name: 'rapport vers un dossier en lecture seule', args: ['report', '--semestre', '2026-S2', '--format', 'html', '--sortie', '/sys/rapport.html'], code: 2, message: '--sortie' },
  { name: 'export vers un dossier absent', args: ['export', '--mois', '2026-11', '--sortie', '/nulle/part'], code: 2, message: '--sortie' },
  { name: 'ICS vers un dossier en lecture seule', args: ['sessions', 'export', '--ics', '/sys/seances.ics'], code: 2, message: /--ics|sys/ },
  { name: 'sauvegarde vers un dossier en lecture seule', args: ['backup', '--sortie', '/sys/sauvegarde.sqlite'], code: 2, message: '--sortie' },
  { name: 'modèle de rapport absent', args: ['report', '--semestre', '2026-S2', '--format', 'md', '--modele', '/nulle/part/modele.hbs'], code: 2, message: '--modele' },
  { name: 'modèle de rapport cassé', args: ['report', '--semestre', '2026-S2', '--format', 'md', '--modele', 'FILE:modele-casse.hbs'], code: 2, message: '--modele' },
  { name: 'restaurer un fichier qui n’est pas une sauvegarde', args: ['restore', 'FILE:pas-sqlite.sqlite'], code: 2, message: 'restauration refusée' },
  { name: 'restaurer un fichier absent', args: ['restore', '/nulle/part/sauvegarde.sqlite'], code: 3, message: 'sauvegarde.sqlite' },
  // Outputs that are not regular files (the device would become a file holding the report)
  ...(process.getuid?.() === 0
    ? [
        { name: 'rapport vers un périphérique avec --ecraser', args: ['report', '--semestre', '2026-S2', '--format', 'html', '--sortie', 'FILE:null', '--ecraser'], code: 2, message: 'périphérique' },
        { name: 'sauvegarde vers un périphérique avec --ecraser', args: ['backup', '--sortie', 'FILE:null', '--ecraser'], code: 2, message: 'périphérique' },
        { name: 'import depuis un périphérique', args: ['stats', 'import', 'FILE:null'], code: 2, message: 'périphérique' },
      ]
    : []),
  { name: 'affiche vers un tube nommé avec --ecraser', args: ['poster', '--lieu', '1', '--format', 'svg', '--sortie', 'FILE:fifo', '--ecraser'], code: 2, message: 'tube nommé' },
  { name: 'rapport vers un dossier', args: ['report', '--semestre', '2026-S2', '--format', 'html', '--sortie', 'FILE:dossier', '--ecraser'], code: 2, message: 'dossier' },
  { name: 'rapport vers un lien cassé sans --ecraser', args: ['report', '--semestre', '2026-S2', '--format', 'html', '--sortie', 'FILE:lien-casse.html'], code: 4, message: '--ecraser' },
  { name: 'places export vers un tube nommé', args: ['places', 'export', '--standard', '--ignorer-incomplets', '--sortie', 'FILE:fifo'], code: 2, message: 'tube nommé' },
  // Files to import that are not regular files
  { name: 'import depuis un tube nommé', args: ['stats', 'import', 'FILE:fifo'], code: 2, message: 'tube nommé' },
  { name: 'import depuis /dev/zero', args: ['stats', 'import', '/dev/zero'], code: 2, message: 'périphérique' },
  { name: 'rapport d’erreurs vers un tube nommé', args: ['stats', 'import', 'FILE:saint-denis.csv', '--rapport-erreurs', 'FILE:fifo'], code: 2, message: '--rapport-erreurs' },
  // Control characters: refused at input, naming the field
  { name: 'nom de lieu avec ESC', args: ['places', 'add', ...withFlag(newPlace, '--nom', 'MPT \u001b[2J')], code: 2, message: '--nom' },
  { name: 'remarques avec OSC 52 (presse-papiers)', args: ['logbook', 'add', ...entry, '--remarques', 'ok \u001b]52;c;Y3VybCBldmlsLnNo\u0007'], code: 2, message: '--remarques' },
  { name: 'remarques avec NUL', args: ['logbook', 'add', ...entry, '--remarques', 'avant\u0000après'], code: 2, message: '--remarques' },
  { name: 'animateur avec DEL', args: ['logbook', 'add', ...entry, '--animateur', 'Awa\u007f'], code: 2, message: '--animateur' },
  { name: 'nom de campagne avec C1 (CSI)', args: ['campagnes', 'add', '--nom', 'Affiches \u009b31m', '--debut', '2026-04-01', '--canal', 'affiche'], code: 2, message: '--nom' },
  { name: 'retour à la ligne dans un nom de lieu', args: ['places', 'add', ...withFlag(newPlace, '--nom', 'MPT\nfausse ligne')], code: 2, message: '--nom' },
  { name: 'ESC dans un argument (lieu)', args: ['places', 'show', '\u001b]0;titre\u0007'], code: 2, message: 'lieu' },
  // Empty or punctuation-only references match nothing (they used to match every place)
  ...['', '_', '-', '.', ' '].map((ref) => ({ name: `places remove « ${ref} »`, args: ['places', 'remove', ref], code: 2, message: 'ne désigne rien' })),
  { name: 'séance sur le lieu « _ »', args: ['sessions', 'add', '--lieu', '_', ...session], code: 2, message: '--lieu' },
  { name: 'entrée au lieu « - »', args: ['logbook', 'add', ...withFlag(entry, '--lieu', '-')], code: 2, message: '--lieu' },
  { name: 'affiche du lieu « . »', args: ['poster', '--lieu', '.'], code: 2, message: '--lieu' },
  { name: 'campagne « _ »', args: ['campagnes', 'show', '_'], code: 2, message: 'ne désigne rien' },
  { name: 'diffusion au lieu « » vide', args: ['campagnes', 'diffusion', '1', '--lieu', '', '--quantite', '3', '--date', '2026-04-10'], code: 2, message: '--lieu' },
  { name: 'séance « » vide', args: ['sessions', 'book', ''], code: 2, message: /séance|numéro/ },
];

describe('hostile inputs', () => {
  it('has at least 60 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const db = file(`cas-${cases.indexOf(c)}.sqlite`);
    copyFileSync(template, db);
    const before = logicalDump(db);
    const args = c.args.map((a) => (a.startsWith('FILE:') ? file(a.slice(5)) : a));
    const r = await runCli(args, { db, cwd: folder });
    expect(r.code, r.stderr).toBe(c.code);
    expect(r.stderr).toMatch(/^Erreur/);
    if (typeof c.message === 'string') expect(r.stderr).toContain(c.message);
    else expect(r.stderr).toMatch(c.message);
    expect(r.stderr).not.toMatch(/\n\s+at |TypeError|undefined/);
    expect(logicalDump(db)).toBe(before);
  });

  it.skipIf(process.getuid?.() !== 0)('the device given to --sortie is still a device afterwards', () => {
    expect(statSync(file('null')).isCharacterDevice()).toBe(true);
    expect(statSync(file('fifo')).isFIFO()).toBe(true);
  });

  it('refuses a store that is not SQLite, unchanged', async () => {
    const r = await runCli(['places', 'list'], { db: file('pas-sqlite.sqlite') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('n’est pas un magasin cafcharte');
  });

  it('refuses a store from a newer version, unchanged', async () => {
    const db = file('futur.sqlite');
    copyFileSync(template, db);
    execSql(db, 'PRAGMA user_version = 99');
    const before = logicalDump(db);
    const r = await runCli(['logbook', 'add', ...entry], { db });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('version plus récente');
    expect(logicalDump(db)).toBe(before);
  });

  it('stores SQL-looking text and HTML as plain text, the tables intact', async () => {
    const db = file('injection.sqlite');
    copyFileSync(template, db);
    const nasty = `'); DROP TABLE logbook_entries; -- <script>alert("x")</script> & "guillemets"`;
    const r = await runCli(['logbook', 'add', ...entry, '--remarques', nasty], { db });
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse((await runCli(['logbook', 'list', '--json'], { db })).stdout);
    expect(list.entrees.some((e: { remarques: string }) => e.remarques === nasty)).toBe(true);
  });
});
