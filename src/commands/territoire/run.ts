// The territory's roles and people. Only on a PostgreSQL store: a SQLite file has one user.
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { COMMUNES, matchCommune } from '../../domain/territory.js';
import { timestampInReunion } from '../../domain/dates.js';
import { countOf } from '../../domain/french.js';
import { printJson, printLine, printNote, printSuccess, printTable } from '../../render/output.js';
import { recordStaff } from '../../store/confidentiality.js';
import type { Store } from '../../store/engine.js';
import { addPerson, checkLogin, GROUPS, initTerritory, listPeople, removePerson, whoAmI, type Group } from '../../store/postgres/territory.js';
import { guardFreeText } from '../shared/guard.js';
import { parseChoice, requireText } from '../shared/parse.js';

const GROUP_RIGHTS: Record<Group, string> = {
  coordination: 'tout : charte, comité, espaces, séances, chiffres de la CAF, rapports, campagnes, purge',
  animation: 'lire espaces et séances, écrire ses entrées du carnet, réserver et annuler des places, lire le rapport',
  lecture: 'lire, produire rapports et exports ; ne rien écrire',
};

async function territoryStore(ctx: Ctx): Promise<Store> {
  const store = await ctx.store();
  if (store.engine !== 'postgres') {
    throw new UsageError('--db : les rôles du territoire n’existent que sur un magasin PostgreSQL (--db postgresql://…) ; un magasin SQLite n’a qu’un utilisateur.');
  }
  return store;
}

export async function runTerritoryInit(ctx: Ctx): Promise<number> {
  const store = await territoryStore(ctx);
  const me = await whoAmI(store);
  if (!me.owner) {
    throw new UsageError(`droit : « territoire init » se lance avec le rôle propriétaire de la base ; le rôle « ${me.role} » ne l’est pas.`);
  }
  await initTerritory(store);
  printSuccess(ctx, 'Rôles du territoire prêts :');
  for (const group of GROUPS) printLine(ctx, `  cafcharte_${group} : ${GROUP_RIGHTS[group]}.`);
  printLine(ctx, 'Créez ensuite un identifiant par personne : « cafcharte territoire personnes add --identifiant … --role animation ».');
  return 0;
}

export async function runPersonAdd(flags: { identifiant: string; nom: string; organisation: string; commune?: string; role: string }, ctx: Ctx): Promise<number> {
  const login = checkLogin(flags.identifiant.trim());
  const name = requireText(flags.nom, '--nom');
  const organisation = parseChoice(flags.organisation, '--organisation', ['caf', 'commune'] as const);
  const group = parseChoice(flags.role, '--role', GROUPS);
  const commune = flags.commune === undefined ? undefined : matchCommune(flags.commune);
  if (flags.commune !== undefined && !commune) {
    throw new UsageError(`--commune : « ${flags.commune} » n’est pas une commune du Territoire Sud ; attendu l’une de : ${COMMUNES.map((c) => c.name).join(', ')}.`);
  }
  if (organisation === 'commune' && !commune) throw new UsageError('--commune : attendue pour un agent d’une commune (nom ou code INSEE).');
  const texts = await guardFreeText(ctx, { '--nom': name }, { allowedNames: [name] });
  const store = await territoryStore(ctx);
  // Asked before anything is created; on a terminal only, never echoed, never on the command line.
  let password: string | undefined;
  if (ctx.io.interactive) {
    password = await ctx.prompter.password({ message: `Mot de passe de ${login} (laisser vide pour le définir plus tard)` });
    if (password === '') password = undefined;
    else if (password !== (await ctx.prompter.password({ message: 'Le même mot de passe, pour vérifier' }))) {
      throw new UsageError('mot de passe : les deux saisies diffèrent ; rien n’a été créé.');
    }
  }
  await addPerson(store, { login, name: texts['--nom'], group, password });
  const staff = await recordStaff(store, { name: texts['--nom'], organisation, communeInsee: organisation === 'commune' ? commune!.insee : null, role: group === 'animation' ? 'animation' : group }, timestampInReunion(ctx.now()));
  printSuccess(ctx, `Identifiant « ${login} » créé pour ${texts['--nom']} (rôle ${group}) ; agent n° ${staff.id}.`);
  if (password === undefined) printLine(ctx, `Mot de passe : la personne le définit dans psql avec « \\password ${login} », ou relancez cette commande depuis un terminal.`);
  if (organisation === 'commune') printLine(ctx, `L’article 12 l’engage : enregistrez son engagement avec « cafcharte charter confidentialite add --nom "${texts['--nom']}" ».`);
  return 0;
}

export async function runPeopleList(flags: { json?: boolean }, ctx: Ctx): Promise<number> {
  const people = await listPeople(await territoryStore(ctx));
  if (flags.json) {
    printJson(ctx, people.map((p) => ({ identifiant: p.login, nom: p.name, role: p.group, connexion: p.canLogin })));
    return 0;
  }
  printTable(ctx, ['Identifiant', 'Nom', 'Rôle', 'Connexion'], people.map((p) => [p.login, p.name, p.group ?? '(retiré)', p.canLogin ? 'oui' : 'non']));
  printLine(ctx, `${countOf(people.length, 'personne', 'personnes')}.`);
  return 0;
}

export async function runPersonRemove(flags: { identifiant: string }, ctx: Ctx): Promise<number> {
  const person = await removePerson(await territoryStore(ctx), flags.identifiant.trim());
  printSuccess(ctx, `Identifiant « ${person.login} » retiré (${person.name}) : il ne peut plus se connecter ; ses entrées restent à son nom.`);
  printNote(ctx, 'Une connexion déjà ouverte le reste jusqu’à sa fin.');
  return 0;
}

