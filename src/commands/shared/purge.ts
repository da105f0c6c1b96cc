// What erasure and retention tell the user after the store was purged: the backups made before
// still hold the removed text (art. 12: they must be deleted or replaced too).
import type { Ctx } from '../../context.js';
import { backupsBeside } from '../../store/purge.js';
import { printLine, printWarning } from '../../render/output.js';

export async function reportBackupsStillHolding(ctx: Ctx): Promise<void> {
  if ((await ctx.store()).engine === 'postgres') {
    // The server's own copies (pg_dump files, WAL archives, base backups, replicas) are the
    // administrator's: the tool cannot list them.
    // Said like the SQLite case with no stamped backup beside the file: a line, not a warning.
    printLine(ctx, 'Les sauvegardes du serveur PostgreSQL faites avant cette purge (pg_dump, archives WAL, sauvegardes de base, réplicas) et celles faites avec « cafcharte backup » contiennent encore le texte effacé : faites-les supprimer ou remplacer.');
    return;
  }
  const backups = backupsBeside(ctx.dbPath());
  if (backups.length === 0) {
    printLine(ctx, 'Aucune sauvegarde horodatée à côté du magasin. Une sauvegarde faite ailleurs (--sortie) avant cette purge contient encore le texte : supprimez-la ou remplacez-la.');
    return;
  }
  printWarning(ctx, `${backups.length === 1 ? 'Cette sauvegarde faite avant la purge contient' : `Ces ${backups.length} sauvegardes faites avant la purge contiennent`} encore le texte effacé : supprimez-les ou remplacez-les par une nouvelle sauvegarde (« cafcharte backup »).`);
  for (const b of backups) printLine(ctx, `  ${b}`);
  printLine(ctx, 'Une sauvegarde faite ailleurs (--sortie) avant cette purge le contient aussi.');
}
