// The comité's and the charter's documents, read back: DOCX (word/document.xml), ODT
// (content.xml), PDF (pdfjs), the calendar invitation (ical.js). Dates are checked against the
// charter calendar as charter-status prints it, names and addresses against data/charte.json.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { runCli, tempDb, tempDir } from '../harness.js';
import { docxParagraphs, odtParagraphs, pdfAttachments, pdfText, zipEntry } from '../fixtures/documents/readBack.js';
import { normalizeSpaces } from '../fixtures/report/readBack.js';
import { formatDateFr } from '../../src/domain/dates.js';

async function ok(argv: string[], db: string, cwd?: string) {
  const r = await runCli(argv, { db, cwd });
  expect(r.stderr + r.stdout).not.toMatch(/Erreur/);
  expect(r.code).toBe(0);
  return r;
}

/** A signed charter, two members and one upcoming meeting. */
async function committee(): Promise<{ db: string; dir: string }> {
  const db = tempDb();
  const dir = tempDir();
  await ok(['charter', 'sign', '--date', '2026-03-15'], db);
  await ok(['charter', 'copil', 'members', 'add', '--organisation', 'caf', '--role', 'Référent CAF', '--nom', 'Jean Dupont'], db);
  await ok(['charter', 'copil', 'members', 'add', '--organisation', 'commune', '--role', 'Coordonnatrice des MPT', '--nom', 'Marie Hoarau'], db);
  await ok(['charter', 'copil', 'meeting', 'add', '--date', '2026-12-10', '--heure', '09:30', '--fin', '12:00', '--lieu', 'Antenne CAF de Saint-Pierre'], db);
  return { db, dir };
}

const joined = (paragraphs: string[]) => paragraphs.join('\n');

describe('charter copil convocation', () => {
  let setup: { db: string; dir: string };
  beforeAll(async () => {
    setup = await committee();
    await ok(['charter', 'copil', 'convocation', '--reunion', '1', '--sortie', join(setup.dir, 'convocation.docx')], setup.db);
  });

  it('writes the convocation: date, hours, place, members with organisation and role, the art. 7 agenda', async () => {
    const text = joined(await docxParagraphs(readFileSync(join(setup.dir, 'convocation.docx'))));
    expect(text).toContain('Convocation au comité de pilotage');
    expect(text).toContain('jeudi 10 décembre 2026, de 9h30 à 12h, au lieu suivant : Antenne CAF de Saint-Pierre');
    expect(text).toMatch(/Jean Dupont\s*Référent CAF\s*CAF de la Réunion/);
    expect(text).toMatch(/Marie Hoarau\s*Coordonnatrice des MPT\s*Commune du Tampon/);
    expect(text).toContain('Évaluation du 1er semestre 2026 (janvier-juin) : chiffres de la CAF');
    expect(text).toContain('Validation de l’actualisation des supports');
    expect(text).toContain('Vie de la charte : fenêtre de renégociation à partir du 15 décembre 2026');
    expect(text).toContain('412 rue Fleur de Jade, CS61038, 97833 Sainte-Marie Cedex');
    expect(text).toContain('convocation-annexe-rapport-2026-S1.pdf');
  });

  it('attaches the semester report as a PDF annex', async () => {
    const text = await pdfText(readFileSync(join(setup.dir, 'convocation-annexe-rapport-2026-S1.pdf')));
    expect(text).toContain('1er semestre 2026');
  });

  it('lists the meeting with its hours', async () => {
    const meetings = JSON.parse((await ok(['charter', 'copil', 'meeting', 'list', '--json'], setup.db)).stdout);
    expect(meetings).toEqual([{ id: 1, date: '2026-12-10', heure: '09:30', fin: '12:00', lieu: 'Antenne CAF de Saint-Pierre', notes: null }]);
    const bad = await runCli(['charter', 'copil', 'meeting', 'add', '--date', '2026-12-11', '--heure', '14:00', '--fin', '13:00'], { db: setup.db });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--fin');
  });

  it('writes an .ics invitation with the members as attendees, by name only', async () => {
    const ics = readFileSync(join(setup.dir, 'convocation.ics'), 'utf8');
    const root = new ICAL.Component(ICAL.parse(ics));
    const event = root.getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('dtstart')!.toString()).toBe('2026-12-10T09:30:00');
    expect(event.getFirstPropertyValue('dtend')!.toString()).toBe('2026-12-10T12:00:00');
    expect(event.getFirstPropertyValue('location')).toBe('Antenne CAF de Saint-Pierre');
    const attendees = event.getAllProperties('attendee');
    expect(attendees.map((a) => a.getParameter('cn'))).toEqual(['Jean Dupont', 'Marie Hoarau']);
    expect(ics).not.toMatch(/mailto:/i);
  });

  it('writes ODT and PDF from the same template', async () => {
    await ok(['charter', 'copil', 'convocation', '--reunion', '1', '--format', 'odt', '--sortie', join(setup.dir, 'c.odt')], setup.db);
    expect(await zipEntry(readFileSync(join(setup.dir, 'c.odt')), 'mimetype')).toBe('application/vnd.oasis.opendocument.text');
    expect(joined(await odtParagraphs(readFileSync(join(setup.dir, 'c.odt'))))).toContain('jeudi 10 décembre 2026, de 9h30 à 12h');
    await ok(['charter', 'copil', 'convocation', '--reunion', '1', '--format', 'pdf', '--sortie', join(setup.dir, 'p.pdf')], setup.db);
    const pdf = await pdfText(readFileSync(join(setup.dir, 'p.pdf')));
    expect(pdf).toContain('jeudi 10 décembre 2026');
    expect(pdf).toContain('Marie Hoarau');
    // The PDF convocation also carries the annex inside it, byte for byte the file beside it.
    const attachments = await pdfAttachments(readFileSync(join(setup.dir, 'p.pdf')));
    expect(Object.keys(attachments)).toEqual(['p-annexe-rapport-2026-S1.pdf']);
    expect(Buffer.from(attachments['p-annexe-rapport-2026-S1.pdf']).equals(readFileSync(join(setup.dir, 'p-annexe-rapport-2026-S1.pdf')))).toBe(true);
  });

  it('refuses before writing anything when one target exists (exit 4), and replaces all with --ecraser', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'conv.ics'), 'ancien');
    const r = await runCli(['charter', 'copil', 'convocation', '--reunion', '1', '--sortie', join(dir, 'conv.docx')], { db: setup.db });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('conv.ics');
    expect(r.stderr).toContain('--ecraser');
    expect(existsSync(join(dir, 'conv.docx'))).toBe(false);
    expect(existsSync(join(dir, 'conv-annexe-rapport-2026-S1.pdf'))).toBe(false);
    await ok(['charter', 'copil', 'convocation', '--reunion', '1', '--sortie', join(dir, 'conv.docx'), '--ecraser'], setup.db);
    expect(readFileSync(join(dir, 'conv.ics'), 'utf8')).toContain('BEGIN:VCALENDAR');
  });

  it('names the flag of a bad input', async () => {
    const missing = await runCli(['charter', 'copil', 'convocation', '--reunion', '9', '--sortie', join(setup.dir, 'x.docx')], { db: setup.db });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('--reunion');
    const format = await runCli(['charter', 'copil', 'convocation', '--reunion', '1', '--format', 'rtf'], { db: setup.db });
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format');
    const db = tempDb();
    await ok(['charter', 'copil', 'members', 'add', '--organisation', 'caf', '--role', 'Référent CAF', '--nom', 'Jean Dupont'], db);
    await ok(['charter', 'copil', 'meeting', 'add', '--date', '2026-12-10'], db);
    const hours = await runCli(['charter', 'copil', 'convocation', '--reunion', '1', '--sortie', join(tempDir(), 'x.docx')], { db });
    expect(hours.code).toBe(2);
    expect(hours.stderr).toContain('--heure');
  });
});

describe('charter copil decision, presence and compte-rendu', () => {
  it('records decisions (guarded) and attendance, and writes them in the minutes', async () => {
    const { db, dir } = await committee();
    const refused = await runCli(['charter', 'copil', 'decision', 'add', '--reunion', '1', '--texte', 'Rappeler Mme Payet au 0692 12 34 56'], { db });
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('--texte');
    await ok(['charter', 'copil', 'decision', 'add', '--reunion', '1', '--texte', 'Marie Hoarau présentera les supports actualisés'], db);
    await ok(['charter', 'copil', 'decision', 'add', '--reunion', '1', '--texte', '# Mise en service de la MPT de Bois-Court | en janvier **2027**'], db);
    await ok(['charter', 'copil', 'presence', '--reunion', '1', '--membre', '1', '--present'], db);
    await ok(['charter', 'copil', 'presence', '--reunion', '1', '--membre', '2', '--absent'], db);
    await ok(['charter', 'copil', 'presence', '--reunion', '1', '--membre', '2', '--excuse'], db); // replaces
    const two = await runCli(['charter', 'copil', 'presence', '--reunion', '1', '--membre', '2', '--present', '--absent'], { db });
    expect(two.code).toBe(2);
    expect((await runCli(['charter', 'copil', 'presence', '--reunion', '1', '--membre', '7', '--present'], { db })).code).toBe(3);

    await ok(['charter', 'copil', 'compte-rendu', '--reunion', '1', '--format', 'odt', '--sortie', join(dir, 'cr.odt')], db);
    const paragraphs = await odtParagraphs(readFileSync(join(dir, 'cr.odt')));
    const text = joined(paragraphs);
    expect(text).toMatch(/Jean Dupont\s*Référent CAF\s*CAF de la Réunion\s*présent\(e\)/);
    expect(text).toMatch(/Marie Hoarau\s*Coordonnatrice des MPT\s*Commune du Tampon\s*excusé\(e\)/);
    // The user's markup characters stay text: one paragraph, no table, no heading, no bold.
    expect(paragraphs).toContain('Décision 1 : Marie Hoarau présentera les supports actualisés');
    expect(paragraphs).toContain('Décision 2 : # Mise en service de la MPT de Bois-Court | en janvier **2027**');
    expect(text).toContain('Chiffres clés du 1er semestre 2026');
    expect(text).toMatch(/Personnes reçues\s*0/);
    expect(text).toContain('Pour la commune du Tampon');
  });
});

describe('charter lettre', () => {
  let db: string;
  let dir: string;
  beforeAll(async () => {
    ({ db, dir } = await committee());
    await ok(['charter', 'breach', '--par', 'commune', '--recu', '2026-10-02', '--motif', 'Créneaux réservés non assurés | depuis **septembre**'], db);
  });

  it('notifies a breach: parties and addresses, the breach, art. 10 quoted, the cure deadline', async () => {
    await ok(['charter', 'lettre', 'manquement', '--manquement', '1', '--date', '2026-09-28', '--format', 'pdf', '--sortie', join(dir, 'm.pdf')], db);
    // pdfjs puts a space between two runs of one line (bold then regular): drop it before punctuation.
    const text = (await pdfText(readFileSync(join(dir, 'm.pdf')))).replace(/ ([,.;])/g, '$1');
    expect(text).toContain('Lettre recommandée avec accusé de réception');
    expect(text).toContain("Caisse d'Allocations Familiales de la Réunion (CAF) 412 rue Fleur de Jade, CS61038, 97833 Sainte-Marie Cedex");
    expect(text).toContain('À l’attention du Maire Commune du Tampon');
    expect(text).toContain('412 rue Fleur de Jade');
    expect(text).toContain('Commune du Tampon');
    expect(text).toContain('256 rue Hubert Delisle');
    expect(text).toContain('Créneaux réservés non assurés | depuis **septembre**');
    expect(text).toContain('non résolu dans un délai de trente (30) jours');
    expect(text).toContain(`soit jusqu’au ${formatDateFr('2026-11-01')}, pour remédier`);
    expect(text).toContain(`à compter du ${formatDateFr('2026-11-02')}`);
    expect(text).toContain(`Sainte-Marie, le ${formatDateFr('2026-09-28')}`);
  });

  it('terminates after the breach with the effect date charter-status gives', async () => {
    await ok(['charter', 'terminate', '--par', 'caf', '--recu', '2026-11-05', '--manquement', '1'], db);
    const status = JSON.parse((await ok(['charter-status', '--date', '2026-11-05', '--json'], db)).stdout);
    expect(status.resiliation_effective).toMatch(/^2026-1[12]-\d\d$/);
    await ok(['charter', 'lettre', 'resiliation', '--sortie', join(dir, 'r.docx')], db);
    const text = normalizeSpaces(joined(await docxParagraphs(readFileSync(join(dir, 'r.docx')))));
    expect(text).toContain('Résiliation de plein droit de la charte de partenariat après le manquement n° 1');
    expect(text).toContain(`la résiliation prendra effet le ${formatDateFr(status.resiliation_effective)}`);
    expect(text).toContain(`Cette lettre étant reçue le ${formatDateFr('2026-11-05')}`);
    expect(text).toContain(`délai de 30 jours qui expirait le ${formatDateFr('2026-11-01')}`);
    expect(text).toContain('À l’attention du Maire Commune du Tampon 256 rue Hubert Delisle, BP 49, 97430 Le Tampon');
    expect(text).toMatch(/Pour la CAF de la Réunion,\s*Le Directeur/);
    // The recorded termination is the letter's: contradicting flags are refused.
    expect((await runCli(['charter', 'lettre', 'resiliation', '--par', 'commune', '--sortie', join(dir, 'r2.docx')], { db })).code).toBe(4);
  });

  it('writes a free termination (no breach): effect after the notice, as charter-status says', async () => {
    const other = await committee();
    await ok(['charter', 'terminate', '--par', 'commune', '--recu', '2027-01-10'], other.db);
    const status = JSON.parse((await ok(['charter-status', '--date', '2027-01-10', '--json'], other.db)).stdout);
    expect(status.resiliation_effective).toBe('2027-02-09');
    await ok(['charter', 'lettre', 'resiliation', '--date', '2027-01-05', '--sortie', join(other.dir, 'libre.docx')], other.db);
    const text = normalizeSpaces(joined(await docxParagraphs(readFileSync(join(other.dir, 'libre.docx')))));
    expect(text).toContain('Résiliation de la charte de partenariat (article 10)');
    expect(text).toContain('Par la présente, la commune du Tampon résilie la charte de partenariat signée le');
    expect(text).toContain(`la résiliation prendra effet le ${formatDateFr('2027-02-09')}`);
    expect(text).toContain(`Le Tampon, le ${formatDateFr('2027-01-05')}`);
    expect(text).toMatch(/À l’attention du Directeur\s*Caisse d'Allocations Familiales de la Réunion \(CAF\)\s*412 rue Fleur de Jade/);
    expect(text).not.toContain('manquement suivant');
  });

  it('drafts a termination not yet recorded, refusing one before the cure deadline', async () => {
    const other = await committee();
    await ok(['charter', 'breach', '--par', 'caf', '--recu', '2026-10-02', '--motif', 'Chiffres mensuels non transmis'], other.db);
    const early = await runCli(['charter', 'lettre', 'resiliation', '--manquement', '1', '--recu', '2026-10-20', '--sortie', join(other.dir, 'x.docx')], { db: other.db });
    expect(early.code).toBe(4);
    expect(early.stderr).toContain('--recu');
    await ok(['charter', 'lettre', 'resiliation', '--manquement', '1', '--recu', '2026-11-10', '--format', 'odt', '--sortie', join(other.dir, 'r.odt')], other.db);
    const text = joined(await odtParagraphs(readFileSync(join(other.dir, 'r.odt'))));
    expect(text).toContain('Par lettre recommandée reçue le');
    expect(text).toContain('Commune du Tampon 256 rue Hubert Delisle');
    // Nothing was recorded by drafting the letter.
    expect(JSON.parse((await ok(['charter-status', '--date', '2026-11-20', '--json'], other.db)).stdout).resiliation_effective).toBeNull();
    expect((await runCli(['charter', 'lettre', 'manquement', '--manquement', '4'], { db: other.db })).code).toBe(3);
  });
});

describe('charter amend --document', () => {
  it('records the avenant and writes it: number, object, elements, changed terms and articles, both signature blocks', async () => {
    const { db, dir } = await committee();
    await ok(
      ['charter', 'amend', '--date', '2026-09-01', '--objet', 'Délai de préavis', '--elements', 'Article 10 : préavis porté à 60 jours', '--preavis-jours', '60', '--document', '--sortie', join(dir, 'a.docx')],
      db,
    );
    const paragraphs = await docxParagraphs(readFileSync(join(dir, 'a.docx')));
    const text = joined(paragraphs);
    expect(text).toContain('Avenant n° 1 à la charte de partenariat');
    expect(text).toContain('Délai de préavis');
    expect(text).toContain('Prise d’effet d’une résiliation (art. 10) : 60 jours après réception, au lieu de 30 jours');
    expect(text).toContain('Articles de la charte modifiés : article 10.');
    expect(text).toContain(`prend effet le ${formatDateFr('2026-09-01')}`);
    expect(text).toMatch(/Pour la commune du Tampon\s*Pour la CAF de la Réunion/);
    expect(text).toMatch(/Le Maire\s*Le Directeur/);

    // A refused --sortie leaves the store as it was: no avenant n° 2.
    const refused = await runCli(['charter', 'amend', '--date', '2026-10-01', '--objet', 'Autre', '--elements', 'Article 5', '--document', '--sortie', join(dir, 'a.docx')], { db });
    expect(refused.code).toBe(4);
    expect(JSON.parse((await ok(['charter', 'show', '--json'], db)).stdout).avenants).toHaveLength(1);

    // The document of a recorded avenant, again, in another format.
    await ok(['charter', 'amend', '--document', '--numero', '1', '--format', 'pdf', '--sortie', join(dir, 'a.pdf')], db);
    expect(await pdfText(readFileSync(join(dir, 'a.pdf')))).toContain('Avenant n° 1');
    expect((await runCli(['charter', 'amend', '--numero', '1'], { db })).code).toBe(2);
    expect((await runCli(['charter', 'amend', '--document', '--numero', '5'], { db })).code).toBe(3);
  });

  it('--modele replaces the template; user text stays text', async () => {
    const { db, dir } = await committee();
    const model = join(dir, 'avenant.md.hbs');
    writeFileSync(model, '# Mon avenant {{numero}}\n\n{{objet}}\n\n| Objet | {{objet}} |\n');
    await ok(['charter', 'amend', '--date', '2026-09-01', '--objet', '# Titre | colonne', '--elements', 'Article 5', '--document', '--modele', model, '--sortie', join(dir, 'a.docx')], db);
    const xml = await zipEntry(readFileSync(join(dir, 'a.docx')), 'word/document.xml');
    const paragraphs = await docxParagraphs(readFileSync(join(dir, 'a.docx')));
    expect(paragraphs.slice(0, 4)).toEqual(['Mon avenant 1', '# Titre | colonne', 'Objet', '# Titre | colonne']);
    expect((xml.match(/<w:pStyle w:val="Title"\/>/g) ?? []).length).toBe(1); // only the template's own title
    expect((xml.match(/<w:tc>/g) ?? []).length).toBe(2); // one row, two cells: the pipe did not add a column
    const broken = join(dir, 'casse.md.hbs');
    writeFileSync(broken, '{{#each}}');
    const r = await runCli(['charter', 'amend', '--document', '--numero', '1', '--modele', broken, '--sortie', join(dir, 'b.docx')], { db });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--modele');
  });
});
