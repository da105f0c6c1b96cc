// Perimeter names both ways: a file's cell to a perimeter (Territoire Sud, a commune, or a
// registered place), and a stored key back to the French name users read.
import { communeByInsee, isWholeTerritory, matchCommune, normalizeName, TERRITORY_NAME } from '../../domain/territory.js';
import { perimeterFromKey, type PerimeterResolver } from '../../domain/cafFigures/index.js';

/** A registered place, as perimeters name it. */
export interface NamedPlace {
  id: number;
  name: string;
}

/** Resolves territory first, then communes, then places (a place may not shadow a commune). */
export function perimeterResolver(places: readonly NamedPlace[]): PerimeterResolver {
  // Two places whose names differ only by case or accents cannot be told apart: neither is
  // matched (the row is refused as unknown) rather than one picked at random.
  const byName = new Map<string, number | null>();
  for (const place of places) {
    const name = normalizeName(place.name);
    byName.set(name, byName.has(name) ? null : place.id);
  }
  return (text) => {
    if (isWholeTerritory(text)) return { kind: 'territoire' };
    const commune = matchCommune(text);
    if (commune) return { kind: 'commune', insee: commune.insee };
    const placeId = byName.get(normalizeName(text));
    return placeId === undefined || placeId === null ? null : { kind: 'lieu', placeId };
  };
}

/** The French name of a stored perimeter key: "Territoire Sud", "Le Tampon", a place's name. */
export function perimeterLabeller(places: readonly NamedPlace[]): (key: string) => string {
  const names = new Map(places.map((place) => [place.id, place.name]));
  return (key) => {
    const perimeter = perimeterFromKey(key);
    if (perimeter === null) return key;
    if (perimeter.kind === 'territoire') return TERRITORY_NAME;
    if (perimeter.kind === 'commune') return communeByInsee(perimeter.insee)?.name ?? perimeter.insee;
    return names.get(perimeter.placeId) ?? `lieu n° ${perimeter.placeId} (supprimé)`;
  };
}
