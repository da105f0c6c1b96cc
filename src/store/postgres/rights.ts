// A refusal by PostgreSQL (a GRANT missing, a row-level security policy) said as the user needs
// it: which role, what it tried, who may do it. The store is unchanged: the transaction that
// hit the refusal was rolled back.
import { RightsError } from '../../errors.js';
import type { Store } from '../engine.js';
import { whoAmI, type Group } from './territory.js';

const GROUP_LABELS: Record<Group, string> = { coordination: 'coordination', animation: 'animation', lecture: 'lecture' };

/** What a write to a table is, for the person refused, and who may do it. */
const ACTIONS: Record<string, { action: string; who: string }> = {
  amendments: { action: 'enregistrer un avenant', who: 'seule la coordination peut enregistrer un avenant' },
  charter: { action: 'modifier la charte', who: 'seule la coordination peut modifier la charte' },
  signatures: { action: 'enregistrer une signature de la charte', who: 'seule la coordination le peut' },
  breaches: { action: 'constater un manquement', who: 'seule la coordination peut constater un manquement' },
  terminations: { action: 'résilier la charte', who: 'seule la coordination peut résilier la charte' },
  caf_imports: { action: 'importer des chiffres de la CAF', who: 'seule la coordination peut importer les chiffres de la CAF' },
  caf_figures: { action: 'importer des chiffres de la CAF', who: 'seule la coordination peut importer les chiffres de la CAF' },
  places: { action: 'modifier les espaces numériques', who: 'seule la coordination peut modifier les espaces numériques' },
  sessions: { action: 'planifier ou modifier une séance', who: 'seule la coordination peut planifier les séances' },
  bookings: { action: 'réserver ou annuler des places', who: 'l’animation et la coordination le peuvent' },
  session_history: { action: 'réserver ou annuler des places', who: 'l’animation et la coordination le peuvent' },
  logbook_entries: { action: 'écrire dans le carnet de bord', who: 'l’animation et la coordination le peuvent' },
  logbook_history: { action: 'écrire dans le carnet de bord', who: 'l’animation et la coordination le peuvent' },
  purge_journal: { action: 'purger les textes anciens', who: 'seule la coordination peut purger' },
  purge_in_progress: { action: 'purger les textes anciens', who: 'seule la coordination peut purger' },
  copil_members: { action: 'modifier le comité de pilotage', who: 'seule la coordination le peut' },
  copil_meetings: { action: 'modifier le comité de pilotage', who: 'seule la coordination le peut' },
  copil_decisions: { action: 'enregistrer une décision du comité', who: 'seule la coordination le peut' },
  copil_attendance: { action: 'enregistrer les présences au comité', who: 'seule la coordination le peut' },
  staff: { action: 'modifier le registre du personnel', who: 'seule la coordination le peut' },
  confidentiality_commitments: { action: 'modifier le registre de confidentialité', who: 'seule la coordination le peut' },
};

const OTHERS_ENTRY = {
  action: 'modifier une entrée du carnet écrite par une autre personne',
  who: 'seuls son auteur et la coordination peuvent la modifier',
};

export async function explainRefusal(error: unknown, store: Store): Promise<unknown> {
  const message = (error as Error).message ?? '';
  const table = /(?:table|relation) "?([a-z_]+)"?/.exec(message)?.[1] ?? '';
  const rowLevel = message.includes('row-level security');
  const known = rowLevel && table === 'logbook_entries' ? OTHERS_ENTRY : ACTIONS[table];
  let who: Awaited<ReturnType<typeof whoAmI>>;
  try {
    who = await whoAmI(store);
  } catch {
    return error;
  }
  const role = `le rôle « ${who.role} »${who.group ? ` (${GROUP_LABELS[who.group]})` : ''}`;
  const what = known?.action ?? `écrire dans la table ${table || 'demandée'}`;
  const allowed = known?.who ?? 'seule la coordination le peut';
  return new RightsError(`droit refusé : ${role} ne peut pas ${what} ; ${allowed}. Rien n’a été modifié.`);
}
