// The partners open these documents in Word or LibreOffice: LibreOffice Writer must read each
// DOCX and ODT we write and convert it to PDF, whose text still carries the names and dates.
// Needs Debian's libreoffice-writer-nogui (installed by .ci/run); skipped, saying so, without it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempDb, tempDir } from '../harness.js';
import { pdfText } from '../fixtures/documents/readBack.js';
import { formatDateFr } from '../../src/domain/dates.js';

const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!soffice)('documents opened by LibreOffice Writer (skipped: soffice is not installed; apt-get install libreoffice-writer-nogui)', () => {
  it('converts every DOCX and ODT document to PDF without error', { timeout: 120_000 }, async () => {
    const db = tempDb();
    const dir = tempDir();
    const run = async (argv: string[]) => {
      const r = await runCli(argv, { db, cwd: dir });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    };
    await run(['charter', 'sign', '--date', '2026-03-15']);
    await run(['charter', 'copil', 'members', 'add', '--organisation', 'caf', '--role', 'Référent CAF', '--nom', 'Jean Dupont']);
    await run(['charter', 'copil', 'meeting', 'add', '--date', '2026-12-10', '--heure', '09:30', '--lieu', 'Antenne CAF de Saint-Pierre']);
    await run(['charter', 'copil', 'decision', 'add', '--reunion', '1', '--texte', 'Supports validés <b>sans</b> réserve & à diffuser']);
    await run(['charter', 'breach', '--par', 'commune', '--recu', '2026-10-02', '--motif', 'Créneaux réservés non assurés']);
    await run(['charter', 'amend', '--date', '2026-09-01', '--objet', 'Délai de préavis', '--elements', 'Article 10', '--preavis-jours', '60', '--document']);
    await run(['charter', 'copil', 'convocation', '--reunion', '1']);
    await run(['charter', 'copil', 'compte-rendu', '--reunion', '1', '--format', 'odt']);
    await run(['charter', 'lettre', 'manquement', '--manquement', '1']);
    await run(['charter', 'lettre', 'resiliation', '--manquement', '1', '--recu', '2026-11-10', '--format', 'odt']);
    const files = ['convocation-copil-2026-12-10.docx', 'compte-rendu-copil-2026-12-10.odt', 'lettre-manquement-1.docx', 'lettre-resiliation.odt', 'avenant-1.docx'];
    const out = join(dir, 'pdf');
    // A private profile: parallel runs (and a user's open LibreOffice) do not share a lock.
    execFileSync(
      'soffice',
      [`-env:UserInstallation=${pathToFileURL(join(dir, 'profil')).href}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', out, ...files.map((f) => join(dir, f))],
      { stdio: 'pipe', timeout: 110_000 },
    );
    const text = async (file: string) => {
      const pdf = join(out, file.replace(/\.(docx|odt)$/, '.pdf'));
      expect(existsSync(pdf), `${file} converti`).toBe(true);
      return pdfText(readFileSync(pdf));
    };
    expect(await text(files[0])).toContain('jeudi 10 décembre 2026');
    expect(await text(files[1])).toContain('Supports validés <b>sans</b> réserve & à diffuser');
    expect(await text(files[2])).toContain(formatDateFr('2026-11-01'));
    expect(await text(files[3])).toContain('Commune du Tampon');
    expect(await text(files[4])).toContain('60 jours après réception, au lieu de 30 jours');
  });
});
