// The ten communes of the Territoire Sud (charter art. 1), from data/communes.json.
import territory from '../../data/communes.json' with { type: 'json' };

/** The article a commune's official name takes: "le" Tampon, "les" Avirons, "l’" Étang-Salé, or none. */
export type CommuneArticle = '' | 'le' | 'la' | 'les' | "l'";

export interface Commune {
  insee: string;
  name: string;
  article: CommuneArticle;
  postalCodes: string[];
}

export const TERRITORY_NAME: string = territory.territoire;

export const COMMUNES: readonly Commune[] = territory.communes.map((c) => ({
  insee: c.insee,
  name: c.nom,
  article: c.article as CommuneArticle,
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

const ELIDED = /^[aeiouyhâàéèêëîïôöûüœ]/i;

/** The name without its article: "Tampon", "Avirons", "Étang-Salé", "Saint-Pierre". */
function bareName(commune: Commune): string {
  const article = commune.article === "l'" ? '' : commune.article;
  return article && commune.name.toLowerCase().startsWith(`${article} `) ? commune.name.slice(article.length + 1) : commune.name;
}

/** The official name with its article as written alone: "Le Tampon", "Les Avirons", "L’Étang-Salé". */
export function communeFullName(commune: Commune): string {
  return commune.article === "l'" ? `L’${bareName(commune)}` : commune.name;
}

/**
 * "de" + the commune's name with French contraction: "du Tampon", "des Avirons",
 * "de L’Étang-Salé" (elision keeps the article), "de Saint-Pierre", "d’Entre-Deux".
 */
export function ofCommune(commune: Commune): string {
  const bare = bareName(commune);
  switch (commune.article) {
    case 'le':
      return `du ${bare}`;
    case 'les':
      return `des ${bare}`;
    case 'la':
      return `de la ${bare}`;
    case "l'":
      return `de L’${bare}`;
    default:
      return ELIDED.test(bare) ? `d’${bare}` : `de ${bare}`;
  }
}

/** "à" + the commune's name with contraction: "au Tampon", "aux Avirons", "à L’Étang-Salé", "à Saint-Pierre". */
export function inCommune(commune: Commune): string {
  const bare = bareName(commune);
  switch (commune.article) {
    case 'le':
      return `au ${bare}`;
    case 'les':
      return `aux ${bare}`;
    case 'la':
      return `à la ${bare}`;
    case "l'":
      return `à L’${bare}`;
    default:
      return `à ${bare}`;
  }
}

/** "du Territoire Sud", for a text that covers every commune. */
export const OF_TERRITORY = `du ${TERRITORY_NAME}`;

/**
 * Whether `text` can name something: a reference that normalizes to nothing (« », « _ », « - »,
 * « . ») would be contained in every name and pick the only place or campaign there is.
 */
export function isUsableReference(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(normalizeName(text));
}
