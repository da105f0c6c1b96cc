// `cafcharte store copy`: the whole store moved to the other engine (a desk's SQLite file to
// the territory's PostgreSQL, or a PostgreSQL snapshot taken home as a file).
import { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { withExamples } from '../shared/help.js';

export function buildStoreCommand(ctx: Ctx): Command {
  const copy = withExamples(
    new Command('copy')
      .description('copier tout le magasin (--db) vers un autre, SQLite ou PostgreSQL : identifiants, historiques et imports compris, copie vérifiée table par table')
      .requiredOption('--vers <fichier-ou-url>', 'la cible : un fichier SQLite qui n’existe pas encore, ou l’URL d’une base PostgreSQL vide (postgresql://utilisateur@hote/base)'),
    [
      'cafcharte store copy --vers "postgresql://coordination@pg.territoire.re/cafcharte?sslmode=verify-full"',
      'cafcharte --db "postgresql://coordination@pg.territoire.re/cafcharte" store copy --vers instantane-2026-11-26.sqlite',
    ],
  ).action(async (opts) => {
    ctx.exitCode = await (await import('./run.js')).runStoreCopy(opts, ctx);
  });
  return new Command('store').description('le magasin entier : copie d’un moteur à l’autre (SQLite, PostgreSQL)').addCommand(copy);
}
