// The ten communes of the Territoire Sud (charter art. 1), from data/communes.json.
import territory from '../../data/communes.json' with { type: 'json' };

export interface Commune {
  insee: string;
  name: string;
  postalCodes: string[];
}

export const TERRITORY_NAME: string = territory.territoire;

export const COMMUNES: readonly Commune[] = territory.communes.map((c) => ({
  insee: c.insee,
  name: c.nom,
  postalCodes: c.codes_postaux,
}));

/** Lower case, no accents, hyphens/apostrophes/dots as spaces, "st" → "saint". */
export function normalizeName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[-'’.,_]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^ste\b/, 'sainte')
    .replace(/^st\b/, 'saint');
}

const byNormalizedName = new Map<string, Commune>();
for (const raw of territory.communes) {
  const commune = COMMUNES.find((c) => c.insee === raw.insee)!;
  for (const name of [raw.nom, ...raw.alias, raw.insee]) byNormalizedName.set(normalizeName(name), commune);
}

/** The commune a user means ("st pierre", "ST-PIERRE", "Saint Pierre", "97416"), or undefined. */
export function matchCommune(text: string): Commune | undefined {
  return byNormalizedName.get(normalizeName(text));
}

export function communeByInsee(insee: string): Commune | undefined {
  return COMMUNES.find((c) => c.insee === insee);
}

/** True when the text names the whole territory ("Territoire Sud", "territoire"). */
export function isWholeTerritory(text: string): boolean {
  const n = normalizeName(text);
  return n === 'territoire sud' || n === 'territoire' || n === 'sud';
}
