// `cafcharte territoire`: the territory store on PostgreSQL: its roles (init, once, by the
// database owner) and one login per person.
import { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { withExamples } from '../shared/help.js';

export function buildTerritoryCommand(ctx: Ctx): Command {
  const territory = new Command('territoire').description('le magasin partagé du territoire sur PostgreSQL : rôles et personnes (chacun son identifiant)');
  territory.addCommand(
    withExamples(
      new Command('init').description('créer ou mettre à jour les rôles coordination, animation et lecture et leurs droits (par le propriétaire de la base, une fois et après chaque mise à jour)'),
      ['cafcharte territoire init', 'cafcharte --db "postgresql://cafcharte@pg.territoire.re/cafcharte?sslmode=verify-full" territoire init'],
    ).action(async () => {
      ctx.exitCode = await (await import('./run.js')).runTerritoryInit(ctx);
    }),
  );
  const people = territory.command('personnes').description('les personnes qui se connectent au magasin du territoire');
  people.addCommand(
    withExamples(
      new Command('add')
        .description('créer l’identifiant d’une personne dans son rôle ; elle est aussi enregistrée comme agent (art. 12)')
        .requiredOption('--identifiant <login>', 'identifiant de connexion PostgreSQL (minuscules, chiffres, « _ »)')
        .requiredOption('--nom <nom>', 'prénom et nom de la personne')
        .requiredOption('--organisation <organisation>', 'caf ou commune')
        .option('--commune <commune>', 'commune de son espace numérique (nom ou code INSEE)')
        .requiredOption('--role <role>', 'animation, coordination ou lecture'),
      ['cafcharte territoire personnes add --identifiant mpayet --nom "Marie Payet" --organisation caf --commune Saint-Louis --role animation'],
    ).action(async (opts) => {
      ctx.exitCode = await (await import('./run.js')).runPersonAdd(opts, ctx);
    }),
  );
  people.addCommand(
    withExamples(
      new Command('list').description('les personnes du territoire, leur rôle et si elles peuvent se connecter').option('--json', 'sortie JSON'),
      ['cafcharte territoire personnes list', 'cafcharte territoire personnes list --json'],
    ).action(async (opts) => {
      ctx.exitCode = await (await import('./run.js')).runPeopleList(opts, ctx);
    }),
  );
  people.addCommand(
    withExamples(
      new Command('remove')
        .description('retirer l’identifiant et le rôle d’une personne ; ses entrées restent, à son nom')
        .requiredOption('--identifiant <login>', 'identifiant de connexion à retirer'),
      ['cafcharte territoire personnes remove --identifiant npayet'],
    ).action(async (opts) => {
      ctx.exitCode = await (await import('./run.js')).runPersonRemove(opts, ctx);
    }),
  );
  return territory;
}
