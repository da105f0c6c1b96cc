// `cafcharte charter confidentialite`: the register of municipal staff informed of art. 12 who
// committed to confidentiality. Animators on sessions or logbook entries who are not in it show
// up as actions in `charter-status`.
import type { Ctx } from '../../context.js';
import { formatDateFr, parseDate, timestampInReunion } from '../../domain/dates.js';
import { addCommitment, listCommitments } from '../../store/confidentiality.js';
import { guardFreeText } from '../shared/guard.js';
import { printJson, printLine, printSuccess, printTable } from '../../render/output.js';
import { requireText } from '../shared/parse.js';
import { countOf } from '../../domain/french.js';


export async function runConfidentialityAdd(flags: { nom: string; fonction: string; date: string }, ctx: Ctx): Promise<number> {
  const committedOn = parseDate(flags.date, '--date');
  const name = requireText(flags.nom, '--nom');
  // The person is staff, not an allocataire: their own name is allowed in both fields.
  const texts = await guardFreeText(ctx, { '--nom': name, '--fonction': requireText(flags.fonction, '--fonction') }, { allowedNames: [name] });
  const db = await ctx.store();
  const id = addCommitment(db, { name: texts['--nom'], role: texts['--fonction'], committedOn }, timestampInReunion(ctx.now()));
  printSuccess(ctx, `Engagement de confidentialité n° ${id} enregistré : ${texts['--nom']} (${texts['--fonction']}), le ${formatDateFr(committedOn)}.`);
  return 0;
}

export async function runConfidentialityList(flags: { json?: boolean }, ctx: Ctx): Promise<number> {
  const commitments = listCommitments(await ctx.store());
  if (flags.json) {
    printJson(ctx, commitments.map((c) => ({ id: c.id, nom: c.name, fonction: c.role, date: c.committedOn })));
    return 0;
  }
  printTable(ctx, ['N°', 'Nom', 'Fonction', 'Engagé le'], commitments.map((c) => [c.id, c.name, c.role, formatDateFr(c.committedOn)]), { alignRight: [0] });
  printLine(ctx, `${countOf(commitments.length, 'engagement', 'engagements')} de confidentialité (art. 12).`);
  return 0;
}
