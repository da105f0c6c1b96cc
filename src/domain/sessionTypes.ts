// The kinds of session the charter names (art. 4-6). The codes are the values users type
// (`--type decouverte-caf-fr`) and the ones stored.

export const SESSION_TYPES = [
  'decouverte-caf-fr',
  'consultation-dossier',
  'courriel',
  'teledeclaration',
  'information-animateurs',
  'creneau-reserve',
  'evenement',
] as const;

export type SessionType = (typeof SESSION_TYPES)[number];

export const SESSION_TYPE_LABELS: Record<SessionType, string> = {
  'decouverte-caf-fr': 'Découverte du site caf.fr',
  'consultation-dossier': 'Consultation de son dossier',
  courriel: 'Échanges par courriel avec la CAF',
  teledeclaration: 'Télédéclaration',
  'information-animateurs': 'Information des animateurs (art. 4)',
  'creneau-reserve': 'Créneau réservé aux allocataires (art. 5)',
  evenement: 'Événement, co-animation (art. 6)',
};

export function isSessionType(text: string): text is SessionType {
  return (SESSION_TYPES as readonly string[]).includes(text);
}
