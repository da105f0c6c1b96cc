// The signed charter's own words, for the messages that apply them: a rule the tool applies
// is quoted as the parties signed it (data/charte-texte.json, copied from the charter).
import text from '../../data/charte-texte.json' with { type: 'json' };

/** The three sentences of art. 10 (résiliation), in the charter's order. */
export const ARTICLE_10 = {
  /** "Chaque partie pourra librement résilier..." */
  freeTermination: text.articles['10'][0]!,
  /** "En cas de manquement ... pourra faire valoir, de plein droit, la résiliation..." */
  breachTermination: text.articles['10'][1]!,
  /** "La résiliation prend effet à l'issue du délai de trente (30) jours..." */
  effect: text.articles['10'][2]!,
} as const;

/** Art. 12 (confidentialité): it binds the Commune's staff. */
export const ARTICLE_12: string = text.articles['12'][0]!;

/** « … » around a quoted sentence, with French no-break spaces. */
export function quoteFr(sentence: string): string {
  return `«\u00a0${sentence}\u00a0»`;
}
