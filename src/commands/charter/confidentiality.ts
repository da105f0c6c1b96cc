// `cafcharte charter confidentialite`: the register of municipal staff informed of art. 12 who
// committed to confidentiality. Animators on sessions or logbook entries who are not in it show
// up as actions in `charter-status`.
import type { Ctx } from '../../context.js';
import { formatDateFr, parseDate, timestampInReunion } from '../../domain/dates.js';
import { addCommitment, listCommitments, listStaff, recordStaff, type Organisation } from '../../store/confidentiality.js';
import { communeByInsee, COMMUNES, matchCommune, ofCommune } from '../../domain/territory.js';
import { UsageError } from '../../errors.js';
import { guardFreeText } from '../shared/guard.js';
import { printJson, printLine, printNote, printSuccess, printTable } from '../../render/output.js';
import { parseChoice, requireText } from '../shared/parse.js';
import { countOf } from '../../domain/french.js';


/** --commune: one of the ten communes; Le Tampon, the signatory, when not given. */
function parseCommune(text: string | undefined): string {
  if (text === undefined) return SIGNATORY_COMMUNE;
  const commune = matchCommune(text);
  if (!commune) {
    throw new UsageError(`--commune : « ${text} » n’est pas une commune du Territoire Sud ; attendu l’une de : ${COMMUNES.map((c) => c.name).join(', ')}.`);
  }
  return commune.insee;
}

const SIGNATORY_COMMUNE = '97422';
const organisationLabel = (s: { organisation: Organisation; communeInsee: string | null }) =>
  s.organisation === 'caf' ? 'CAF de la Réunion' : `commune ${ofCommuneInsee(s.communeInsee)}`;
function ofCommuneInsee(insee: string | null): string {
  const commune = insee === null ? undefined : communeByInsee(insee);
  return commune ? ofCommune(commune) : (insee ?? '');
}

export async function runConfidentialityAdd(flags: { nom: string; fonction: string; date: string; commune?: string }, ctx: Ctx): Promise<number> {
  const committedOn = parseDate(flags.date, '--date');
  const name = requireText(flags.nom, '--nom');
  const communeInsee = parseCommune(flags.commune);
  // The person is staff, not an allocataire: their own name is allowed in both fields.
  const texts = await guardFreeText(ctx, { '--nom': name, '--fonction': requireText(flags.fonction, '--fonction') }, { allowedNames: [name] });
  const id = await addCommitment(await ctx.store(), { name: texts['--nom'], role: texts['--fonction'], committedOn, communeInsee }, timestampInReunion(ctx.now()));
  printSuccess(
    ctx,
    `Engagement de confidentialité n° ${id} enregistré : ${texts['--nom']} (${texts['--fonction']}, ${organisationLabel({ organisation: 'commune', communeInsee })}), le ${formatDateFr(committedOn)}.`,
  );
  return 0;
}

export async function runConfidentialityList(flags: { json?: boolean }, ctx: Ctx): Promise<number> {
  const commitments = await listCommitments(await ctx.store());
  if (flags.json) {
    printJson(ctx, commitments.map((c) => ({ id: c.id, nom: c.name, fonction: c.role, date: c.committedOn, commune: c.communeInsee || null })));
    return 0;
  }
  printTable(
    ctx,
    ['N°', 'Nom', 'Fonction', 'Commune', 'Engagé le'],
    commitments.map((c) => [c.id, c.name, c.role, communeByInsee(c.communeInsee)?.name ?? c.communeInsee, formatDateFr(c.committedOn)]),
    { alignRight: [0] },
  );
  printLine(ctx, `${countOf(commitments.length, 'engagement', 'engagements')} de confidentialité (art. 12).`);
  return 0;
}

/** `charter personnel add`: whose staff a person is (the CAF's are not bound by art. 12). */
export async function runStaffAdd(flags: { nom: string; organisation: string; commune?: string; fonction?: string }, ctx: Ctx): Promise<number> {
  const name = requireText(flags.nom, '--nom');
  const organisation = parseChoice(flags.organisation, '--organisation', ['commune', 'caf'] as const);
  if (organisation === 'caf' && flags.commune !== undefined) throw new UsageError('--commune : ne s’emploie qu’avec --organisation commune (un agent de la CAF n’a pas de commune).');
  const communeInsee = organisation === 'commune' ? parseCommune(flags.commune) : null;
  const role = flags.fonction?.trim() || null;
  const texts = await guardFreeText(ctx, { '--nom': name, '--fonction': role ?? undefined }, { allowedNames: [name] });
  const { id, created } = await recordStaff(await ctx.store(), { name: texts['--nom'], organisation, communeInsee, role: texts['--fonction'] ?? null }, timestampInReunion(ctx.now()));
  const who = `${texts['--nom']} (${organisationLabel({ organisation, communeInsee })})`;
  if (!created) {
    printNote(ctx, `${who} est déjà enregistré (n° ${id}) ; rien de nouveau.`);
    return 0;
  }
  printSuccess(ctx, `Agent n° ${id} enregistré : ${who}.`);
  if (organisation === 'caf') printLine(ctx, 'L’article 12 engage les intervenants de la Commune : cet agent de la CAF n’a pas d’engagement de confidentialité à signer dans ce registre.');
  else printLine(ctx, `L’article 12 l’engage : enregistrez son engagement avec « cafcharte charter confidentialite add --nom "${texts['--nom']}" ».`);
  return 0;
}

export async function runStaffList(flags: { json?: boolean }, ctx: Ctx): Promise<number> {
  const staff = await listStaff(await ctx.store());
  if (flags.json) {
    printJson(ctx, staff.map((s) => ({ id: s.id, nom: s.name, organisation: s.organisation, commune: s.communeInsee, fonction: s.role })));
    return 0;
  }
  printTable(ctx, ['N°', 'Nom', 'Organisation', 'Fonction'], staff.map((s) => [s.id, s.name, organisationLabel(s), s.role]), { alignRight: [0] });
  printLine(ctx, `${countOf(staff.length, 'agent', 'agents')}.`);
  return 0;
}
