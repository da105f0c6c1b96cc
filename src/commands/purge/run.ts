// The work of `cafcharte purge --avant DATE`.
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { formatDateFr, parseDate, timestampInReunion, todayInReunion } from '../../domain/dates.js';
import { purgeBefore, type RetentionCounts } from '../../store/purge.js';
import { MAX_LABEL, guardAuthor, guardFreeText } from '../shared/guard.js';
import { reportBackupsStillHolding } from '../shared/purge.js';
import { printLine, printSuccess } from '../../render/output.js';

function describe(c: RetentionCounts): string {
  return (
    `${c.entries} entrée(s) du carnet de bord (${c.entryVersions} version(s) d’historique), ` +
    `${c.sessions} séance(s) (${c.sessionVersions} version(s) d’historique), ${c.bookings} note(s) de réservation`
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
  const db = await ctx.store();
  const counts = purgeBefore(db, before, { at: timestampInReunion(ctx.now()), author, reason: checkedReason! }, Boolean(flags.dryRun));
  const nothing = Object.values(counts).every((n) => n === 0);
  if (flags.dryRun) {
    printLine(ctx, `Simulation (--dry-run) : rien n’a été modifié. Seraient effacés les textes libres de ${describe(counts)}, antérieurs au ${formatDateFr(before)} ; les chiffres restent.`);
    return 0;
  }
  if (nothing) {
    printLine(ctx, `Aucun texte libre antérieur au ${formatDateFr(before)} : rien à effacer.`);
    return 0;
  }
  printSuccess(ctx, `Textes libres effacés : ${describe(counts)}, antérieurs au ${formatDateFr(before)} ; les chiffres restent. La purge est consignée au journal des purges.`);
  reportBackupsStillHolding(ctx);
  return 0;
}
