// Perimeter names both ways: a file's cell to a perimeter (Territoire Sud, a commune, or a
// registered place), and a stored key back to the French name users read.
import type { Db } from '../../store/open.js';
import { listPlaces } from '../../store/places.js';
import { communeByInsee, isWholeTerritory, matchCommune, normalizeName, TERRITORY_NAME } from '../../domain/territory.js';
import { perimeterFromKey, type PerimeterResolver } from '../../domain/cafFigures/index.js';

/** Resolves territory first, then communes, then places (a place may not shadow a commune). */
export function perimeterResolver(db: Db): PerimeterResolver {
  // Two places whose names differ only by case or accents cannot be told apart: neither is
  // matched (the row is refused as unknown) rather than one picked at random.
  const places = new Map<string, number | null>();
  for (const place of listPlaces(db)) {
    const name = normalizeName(place.name);
    places.set(name, places.has(name) ? null : place.id);
  }
  return (text) => {
    if (isWholeTerritory(text)) return { kind: 'territoire' };
    const commune = matchCommune(text);
    if (commune) return { kind: 'commune', insee: commune.insee };
    const placeId = places.get(normalizeName(text));
    return placeId === undefined || placeId === null ? null : { kind: 'lieu', placeId };
  };
}

/** The French name of a stored perimeter key: "Territoire Sud", "Le Tampon", a place's name. */
export function perimeterLabeller(db: Db): (key: string) => string {
  const places = new Map(listPlaces(db).map((place) => [place.id, place.name]));
  return (key) => {
    const perimeter = perimeterFromKey(key);
    if (perimeter === null) return key;
    if (perimeter.kind === 'territoire') return TERRITORY_NAME;
    if (perimeter.kind === 'commune') return communeByInsee(perimeter.insee)?.name ?? perimeter.insee;
    return places.get(perimeter.placeId) ?? `lieu n° ${perimeter.placeId} (supprimé)`;
  };
}
