import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { slugify } from '../../src/commands/poster/fileNames.js';
import { defaultTemplatePath } from '../../src/render/poster/template.js';
import { addTestPlaces, runCli, tempDb, tempDir } from '../harness.js';
import { pngSize, readPdf, slotTexts } from '../fixtures/poster/read-back.js';

const squash = (s: string): string => s.replace(/\s+/g, ' ');

let db: string;
beforeAll(async () => {
  db = tempDb();
  await addTestPlaces(db);
});

describe('cafcharte poster', () => {
  it('writes the poster of one place in the current folder and prints its path', async () => {
    const cwd = tempDir();
    const r = await runCli(['poster', '--lieu', 'Médiathèque du Tampon'], { db, cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('affiche-mediatheque-du-tampon.pdf\n');
    const { pages, title } = await readPdf(readFileSync(join(cwd, 'affiche-mediatheque-du-tampon.pdf')));
    expect(pages[0]!.view).toEqual([0, 0, 595, 842]);
    expect(pages[0]!.lines).toEqual(
      expect.arrayContaining(['Médiathèque du Tampon', '16 rue Victor Le Vigoureux', '97430 Le Tampon', 'Tél. 0262 57 86 86']),
    );
    expect(squash(pages[0]!.text)).toContain('Créneaux réservés aux allocataires : mercredi 14h-17h, samedi 9h-12h — sur réservation');
    expect(title).toBe('Affiche – Médiathèque du Tampon');
    // No temp file left behind by the atomic write.
    expect(readdirSync(cwd)).toEqual(['affiche-mediatheque-du-tampon.pdf']);
  });

  it('writes one file per place with --tous, in the --sortie folder, with safe ASCII names', async () => {
    const out = tempDir();
    const r = await runCli(['poster', '--tous', '--sortie', out], { db });
    expect(r.code).toBe(0);
    const names = ['affiche-mediatheque-de-saint-pierre.pdf', 'affiche-mediatheque-du-tampon.pdf', 'affiche-mpt-de-bois-court.pdf'];
    expect(readdirSync(out).sort()).toEqual(names);
    expect(r.stdout.trim().split('\n').sort()).toEqual(names.map((n) => join(out, n)).sort());
    const bois = await readPdf(readFileSync(join(out, 'affiche-mpt-de-bois-court.pdf')));
    expect(bois.pages[0]!.lines).toContain('MPT de Bois-Court');
    // That place has no reserved slot: the sentence is left out.
    expect(bois.pages[0]!.text).not.toContain('Créneaux réservés');
  });

  it('puts every place in one PDF, a page each, with --tous --un-fichier', async () => {
    const out = tempDir();
    const r = await runCli(['poster', '--tous', '--un-fichier', '--sortie', join(out, 'toutes.pdf')], { db });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${join(out, 'toutes.pdf')}\n`);
    const { pages } = await readPdf(readFileSync(join(out, 'toutes.pdf')));
    expect(pages).toHaveLength(3);
    const names = pages.map((p) => ['Médiathèque du Tampon', 'MPT de Bois-Court', 'Médiathèque de Saint-Pierre'].find((n) => p.lines.includes(n)));
    expect(names.sort()).toEqual(['MPT de Bois-Court', 'Médiathèque de Saint-Pierre', 'Médiathèque du Tampon']);
  });

  it('prints in A3 (842×1191 pt) with --taille A3', async () => {
    const cwd = tempDir();
    const r = await runCli(['poster', '--lieu', '3', '--taille', 'a3', '--sortie', 'a3.pdf'], { db, cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('a3.pdf\n');
    const { pages } = await readPdf(readFileSync(join(cwd, 'a3.pdf')));
    expect(pages[0]!.view).toEqual([0, 0, 842, 1191]);
    expect(pages[0]!.lines).toContain('Médiathèque de Saint-Pierre');
    expect(squash(pages[0]!.text)).toContain('vendredi 13h30-16h30');
  });

  it('renders PNG at 150 dpi and SVG, the format taken from --format or from the --sortie extension', async () => {
    const cwd = tempDir();
    const png = await runCli(['poster', '--lieu', 'Bois-Court', '--format', 'png'], { db, cwd });
    expect(png.code).toBe(0);
    expect(png.stdout).toBe('affiche-mpt-de-bois-court.png\n');
    const size = pngSize(readFileSync(join(cwd, 'affiche-mpt-de-bois-court.png')));
    expect(size.width).toBe(1240);
    expect(Math.abs(size.height - 1754)).toBeLessThanOrEqual(1);

    const svg = await runCli(['poster', '--lieu', 'Bois-Court', '--sortie', 'bois.svg'], { db, cwd });
    expect(svg.code).toBe(0);
    expect(slotTexts(readFileSync(join(cwd, 'bois.svg'), 'utf8'))[0]).toBe('MPT de Bois-Court');
  });

  it('leaves the slot empty with --vierge, no place needed', async () => {
    const cwd = tempDir();
    const r = await runCli(['poster', '--vierge'], { db, cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('affiche-vierge.pdf\n');
    const { pages } = await readPdf(readFileSync(join(cwd, 'affiche-vierge.pdf')));
    expect(pages[0]!.lines).toContain('Votre espace numérique');
    expect(pages[0]!.text).not.toMatch(/Médiathèque|Tél\./);
  });

  it('refuses to overwrite an existing file without --ecraser (exit 4), then replaces it with --ecraser', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'affiche-mediatheque-du-tampon.pdf'), 'ancien');
    const refused = await runCli(['poster', '--lieu', 'Médiathèque du Tampon'], { db, cwd });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('existe déjà ; ajoutez --ecraser pour le remplacer');
    expect(readFileSync(join(cwd, 'affiche-mediatheque-du-tampon.pdf'), 'utf8')).toBe('ancien');

    const replaced = await runCli(['poster', '--lieu', 'Médiathèque du Tampon', '--ecraser'], { db, cwd });
    expect(replaced.code).toBe(0);
    expect(readFileSync(join(cwd, 'affiche-mediatheque-du-tampon.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('writes nothing with --tous when one of the files is in the way', async () => {
    const out = tempDir();
    writeFileSync(join(out, 'affiche-mpt-de-bois-court.pdf'), 'ancien');
    const r = await runCli(['poster', '--tous', '--sortie', out], { db });
    expect(r.code).toBe(4);
    expect(readdirSync(out)).toEqual(['affiche-mpt-de-bois-court.pdf']);
  });

  it('answers exit 3 for an unknown place', async () => {
    const r = await runCli(['poster', '--lieu', 'Bibliothèque de Cilaos'], { db, cwd: tempDir() });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('aucun espace numérique « Bibliothèque de Cilaos »');
  });

  it('uses a user model with the slot rectangle moved, and refuses one without it (exit 2)', async () => {
    const cwd = tempDir();
    const shipped = readFileSync(defaultTemplatePath(), 'utf8');
    writeFileSync(join(cwd, 'deplace.svg'), shipped.replace('x="40" y="432" width="515" height="196"', 'x="300" y="220" width="260" height="200"'));
    const moved = await runCli(['poster', '--lieu', 'Bois-Court', '--modele', 'deplace.svg', '--format', 'svg'], { db, cwd });
    expect(moved.code).toBe(0);
    const svg = readFileSync(join(cwd, 'affiche-mpt-de-bois-court.svg'), 'utf8');
    const xs = [...svg.matchAll(/<g id="emplacement-texte"[\s\S]*?<\/g>/g)][0]![0].match(/ x="([\d.]+)"/g)!.map((m) => Number(m.slice(4, -1)));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(300);

    writeFileSync(join(cwd, 'sans-cadre.svg'), shipped.replace(/<rect id="emplacement-vierge"[\s\S]*?\/>/, ''));
    const refused = await runCli(['poster', '--lieu', 'Bois-Court', '--modele', 'sans-cadre.svg', '--ecraser'], { db, cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('n’a pas d’emplacement vierge');
    expect(refused.stderr).toContain('« emplacement-vierge »');
    expect(readdirSync(cwd)).not.toContain('affiche-mpt-de-bois-court.pdf');
  });

  it('refuses with exit 2 and a French message when the text cannot fit the frame', async () => {
    const cwd = tempDir();
    const shipped = readFileSync(defaultTemplatePath(), 'utf8');
    writeFileSync(join(cwd, 'petit.svg'), shipped.replace('x="40" y="432" width="515" height="196"', 'x="40" y="432" width="150" height="40"'));
    const r = await runCli(['poster', '--lieu', 'Médiathèque du Tampon', '--modele', 'petit.svg'], { db, cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ne tient pas dans le cadre, même en 9 pt');
    expect(readdirSync(cwd)).toEqual(['petit.svg']);
  });

  it.each([
    [['poster'], 'indiquez --lieu <lieu> ou --tous'],
    [['poster', '--lieu', '1', '--tous'], '--lieu et --tous s’excluent'],
    [['poster', '--vierge', '--lieu', '1'], '--vierge'],
    [['poster', '--lieu', '1', '--un-fichier'], '--un-fichier : ne sert qu’avec --tous'],
    [['poster', '--tous', '--un-fichier', '--format', 'png'], 'n’existe qu’en PDF'],
    [['poster', '--lieu', '1', '--format', 'jpeg'], '--format : « jpeg » n’est pas un format admis'],
    [['poster', '--lieu', '1', '--taille', 'A5'], '--taille : « A5 » n’est pas une taille admise'],
    [['poster', '--lieu', '1', '--format', 'png', '--sortie', 'a.pdf'], 'ne correspond pas à --format png'],
    [['poster', '--tous', '--sortie', 'fichier.pdf'], 'avec --tous, indiquez un dossier existant'],
  ])('refuses %j with exit 2', async (argv, message) => {
    const r = await runCli(argv, { db, cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('has French help with examples', async () => {
    const r = await runCli(['poster', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Utilisation :');
    expect(r.stdout).toContain('--un-fichier');
    expect(r.stdout).toContain('Exemples :');
    expect(r.stdout).toContain('cafcharte poster --tous --sortie affiches/');
  });
});

describe('poster file names', () => {
  it('are plain ASCII', () => {
    expect(slugify('Médiathèque du Tampon')).toBe('mediatheque-du-tampon');
    expect(slugify('MPT « Œuvre » de l’Étang-Salé & Cie')).toBe('mpt-oeuvre-de-l-etang-sale-cie');
    expect(slugify('<script>')).toBe('script');
    expect(slugify('« »')).toBe('');
  });

  it('do not collide when two places share a name', async () => {
    const out = tempDir();
    mkdirSync(join(out, 'x'));
    const twins = tempDb();
    for (const [nom, tel] of [['Espace numérique', '0262 11 11 11'], ['Espace Numérique!', '0262 22 22 22']]) {
      const r = await runCli(['places', 'add', '--nom', nom!, '--type', 'autre', '--commune', 'Le Tampon', '--adresse', '1 rue A', '--code-postal', '97430', '--telephone', tel!], { db: twins });
      expect(r.code).toBe(0);
    }
    const r = await runCli(['poster', '--tous', '--format', 'svg', '--sortie', join(out, 'x')], { db: twins });
    expect(r.code).toBe(0);
    expect(readdirSync(join(out, 'x')).sort()).toEqual(['affiche-espace-numerique-2.svg', 'affiche-espace-numerique.svg']);
  });
});
