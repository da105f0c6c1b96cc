// `cafcharte poster`: the charter's poster (art. 3) with its blank slot filled for each
// espace numérique. Declaration only: run.ts (and the PDF/PNG libraries) load when it runs.
import { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { withExamples } from '../shared/help.js';

export function buildPosterCommand(ctx: Ctx): Command {
  const poster = new Command('poster')
    .description(
      'imprimer l’affiche « Vos démarches CAF en ligne » avec l’emplacement vierge rempli : lieu, adresse, téléphone et créneaux réservés aux allocataires (charte, article 3)',
    )
    .option('--lieu <lieu>', 'numéro ou nom de l’espace numérique')
    .option('--tous', 'une affiche par espace numérique enregistré')
    .option('--format <format>', 'pdf, svg ou png (150 dpi) ; sinon déduit de l’extension de --sortie, sinon pdf')
    .option('--taille <taille>', 'A4 ou A3', 'A4')
    .option('--sortie <chemin>', 'fichier, ou dossier où écrire (par défaut : le dossier courant)')
    .option('--modele <fichier>', 'modèle SVG à utiliser à la place de templates/affiche.svg ; il doit contenir le rectangle « emplacement-vierge »')
    .option('--vierge', 'laisser l’emplacement vierge (la maquette annexée à la charte) ; sans --lieu ni --tous')
    .option('--un-fichier', 'avec --tous : un seul PDF, une page par espace numérique')
    .option('--ecraser', 'remplacer les fichiers qui existent déjà');

  withExamples(poster, [
    'cafcharte poster --lieu "Médiathèque du Tampon"',
    'cafcharte poster --lieu 3 --taille A3 --sortie affiche-a3.pdf',
    'cafcharte poster --tous --sortie affiches/',
    'cafcharte poster --tous --un-fichier --sortie toutes-les-affiches.pdf',
    'cafcharte poster --lieu "MPT de Bois-Court" --format png',
    'cafcharte poster --vierge --format svg --sortie maquette.svg',
    'cafcharte poster --tous --modele mon-affiche.svg --ecraser',
  ]).addHelpText(
    'after',
    `
Les fichiers écrits sont affichés, un par ligne. Noms par défaut : « affiche-<lieu>.pdf »
(par exemple affiche-mediatheque-du-tampon.pdf), « affiche-vierge.pdf », « affiches.pdf ».
Un fichier existant n’est remplacé qu’avec --ecraser (sinon code de sortie 4).
`,
  );

  poster.action(async (opts) => {
    ctx.exitCode = await (await import('./run.js')).runPoster(opts, ctx);
  });
  return poster;
}
