// The work of `cafcharte purge --avant DATE`.
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { formatDateFr, parseDate, timestampInReunion, todayInReunion } from '../../domain/dates.js';
import { purgeBefore, type RetentionCounts } from '../../store/purge.js';
import { MAX_LABEL, guardAuthor, guardFreeText } from '../shared/guard.js';
import { reportBackupsStillHolding } from '../shared/purge.js';
import { printLine, printSuccess } from '../../render/output.js';
import { countOf } from '../../domain/french.js';
import { withProgress, UNITS } from '../../render/progress.js';

function describe(c: RetentionCounts): string {
  return (
    `${countOf(c.entries, 'entrée', 'entrées')} du carnet de bord (${countOf(c.entryVersions, 'version', 'versions')} d’historique), ` +
    `${countOf(c.sessions, 'séance', 'séances')} (${countOf(c.sessionVersions, 'version', 'versions')} d’historique), ${countOf(c.bookings, 'note', 'notes')} de réservation`
  );
}

export async function runRetentionPurge(flags: { avant: string; dryRun?: boolean; auteur?: string; motif?: string }, ctx: Ctx): Promise<number> {
  const before = parseDate(flags.avant, '--avant');
  if (before > todayInReunion(ctx.now())) {
    throw new UsageError(`--avant : ${formatDateFr(before)} est dans l’avenir ; la conservation efface des textes passés (attendu une date d’aujourd’hui ou avant).`);
  }
  const reason = flags.motif?.trim() || `durée de conservation : textes libres antérieurs au ${formatDateFr(before)}`;
  const { '--motif': checkedReason } = await guardFreeText(ctx, { '--motif': reason }, { max: { '--motif': MAX_LABEL } });
  const author = await guardAuthor(ctx, flags.auteur);
  const store = await ctx.store();
  const stamp = { at: timestampInReunion(ctx.now()), author, reason: checkedReason! };
  if (flags.dryRun) {
    const counts = await purgeBefore(store, before, stamp, true);
    printLine(ctx, `Simulation (--dry-run) : rien n’a été modifié. Seraient effacés les textes libres de ${describe(counts)}, antérieurs au ${formatDateFr(before)} ; les chiffres restent.`);
    return 0;
  }
  // Two steps: blanking the texts (one transaction) and compacting the file (VACUUM), long on a
  // large store. Ctrl-C is honoured before the transaction starts; once it has, both steps run.
  const counts = await withProgress(
    ctx,
    { label: 'Purge', unit: UNITS.steps, total: 2, cancelMessage: 'purge interrompue (Ctrl-C) : rien n’a été effacé.' },
    async (progress) => {
      await progress.checkpoint();
      const result = await purgeBefore(store, before, stamp, false, (done) => progress.update(done));
      progress.finish(`Purge : textes effacés et magasin compacté en ${progress.duration()}.`);
      return result;
    },
  );
  const nothing = Object.values(counts).every((n) => n === 0);
  if (nothing) {
    printLine(ctx, `Aucun texte libre antérieur au ${formatDateFr(before)} : rien à effacer.`);
    return 0;
  }
  printSuccess(ctx, `Textes libres effacés : ${describe(counts)}, antérieurs au ${formatDateFr(before)} ; les chiffres restent. La purge est consignée au journal des purges.`);
  await reportBackupsStillHolding(ctx);
  return 0;
}
