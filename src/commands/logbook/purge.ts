// `logbook purger`: personal data slipped into an entry is removed from the entry and from every
// version of its history, the one operation allowed to change the history (charter art. 12, GDPR
// art. 17). The purge journal keeps who, when, why and which fields, never the removed text.
import { countOf } from '../../domain/french.js';
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { timestampInReunion } from '../../domain/dates.js';
import { findPersonalData, maskPersonalData } from '../../domain/personalData.js';
import { entryHistory, requireEntry } from '../../store/logbook.js';
import { loadGuardAllowances } from '../../store/guardAllowances.js';
import { purgeEntry } from '../../store/purge.js';
import { parseInteger } from '../shared/parse.js';
import { MAX_LABEL, guardAuthor, guardFreeText } from '../shared/guard.js';
import { reportBackupsStillHolding } from '../shared/purge.js';
import { printSuccess } from '../../render/output.js';

const FIELD_LABELS: Record<string, string> = {
  remarques: 'remarques',
  resultats: 'résultats',
  motif_suppression: 'motif de suppression',
  auteur: 'auteur',
  animateurs: 'animateurs',
};

export async function runPurge(idText: string, flags: { motif?: string; auteur?: string; effacer?: boolean }, ctx: Ctx): Promise<number> {
  const id = parseInteger(idText, 'numéro d’entrée', { min: 1, max: Number.MAX_SAFE_INTEGER });
  const reason = flags.motif?.trim();
  if (!reason) throw new UsageError('--motif : motif de la purge manquant ; par exemple --motif "numéro de téléphone saisi par erreur".');
  // The journal keeps the reason and the author for ever: they are checked like any text.
  const { '--motif': checkedReason } = await guardFreeText(ctx, { '--motif': reason }, { max: { '--motif': MAX_LABEL } });
  const author = await guardAuthor(ctx, flags.auteur);
  const store = await ctx.store();
  const entry = await requireEntry(store, id);
  const allowances = await loadGuardAllowances(store);
  // The entry's own authors are staff too: their names stay, a number typed as author does not.
  const names = [...allowances.names, entry.author, ...(await entryHistory(store, id)).map((h) => h.author)];
  const mask = (text: string) =>
    maskPersonalData(text, findPersonalData(text, { allowedNames: names, allowedPhones: allowances.phones, allowedEmails: allowances.emails, allowedAddresses: allowances.addresses }));
  const stamp = { at: timestampInReunion(ctx.now()), author, reason: checkedReason! };
  // --effacer: what the guard cannot see is removed whole (remarks, results, removal reason).
  const result = flags.effacer
    ? await purgeEntry(store, id, (text) => (text.trim() === '' ? text : '[texte effacé]'), stamp, ['remarques', 'resultats', 'motif_suppression'])
    : await purgeEntry(store, id, mask, stamp);
  if (result.fields.length === 0) {
    throw new UsageError(
      `entrée n° ${id} : aucune donnée personnelle reconnue dans ses textes ni dans son historique ; rien n’a été modifié. Ajoutez --effacer pour effacer en entier ses remarques, résultats et motif de suppression.`,
    );
  }
  printSuccess(
    ctx,
    `Entrée n° ${id} purgée : ${result.fields.map((f) => FIELD_LABELS[f] ?? f).join(', ')} ; ${countOf(result.historyVersions, 'version de l’historique réécrite', 'versions de l’historique réécrites')}. La purge est consignée au journal des purges.`,
  );
  await reportBackupsStillHolding(ctx);
  return 0;
}
