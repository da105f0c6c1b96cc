// Where a figure applies: the whole Territoire Sud (art. 1), one of its ten communes, or
// one place (espace numérique). Resolving a name needs the store (places), so the parser
// takes a resolver as a parameter and stays pure.
import { normalizeName } from '../territory.js';

export type Perimeter = { kind: 'territoire' } | { kind: 'commune'; insee: string } | { kind: 'lieu'; placeId: number };

/** Looks a perimeter cell up; null when the name is unknown. */
export type PerimeterResolver = (text: string) => Perimeter | null;

/** One stable string per perimeter, used as a key in the store and in maps. */
export function perimeterKey(perimeter: Perimeter): string {
  switch (perimeter.kind) {
    case 'territoire':
      return 'territoire';
    case 'commune':
      return `commune:${perimeter.insee}`;
    case 'lieu':
      return `lieu:${perimeter.placeId}`;
  }
}

/** Inverse of perimeterKey; null for a malformed key. */
export function perimeterFromKey(key: string): Perimeter | null {
  if (key === 'territoire') return { kind: 'territoire' };
  if (key.startsWith('commune:') && key.length > 8) return { kind: 'commune', insee: key.slice(8) };
  if (key.startsWith('lieu:')) {
    const id = Number(key.slice(5));
    return Number.isInteger(id) && id > 0 ? { kind: 'lieu', placeId: id } : null;
  }
  return null;
}

// The fourteen communes of La Réunion outside the charter's territory (art. 1), so that
// "Saint-Denis" gets "hors du territoire" rather than a puzzling "inconnu".
const OUTSIDE_COMMUNES = new Set(
  [
    'Saint-Denis', 'Sainte-Marie', 'Sainte-Suzanne', 'Saint-André', 'Bras-Panon', 'Saint-Benoît',
    'La Plaine-des-Palmistes', 'Plaine-des-Palmistes', 'Sainte-Rose', 'Salazie', 'Le Port',
    'La Possession', 'Saint-Paul', 'Les Trois-Bassins', 'Trois-Bassins', 'Saint-Leu',
  ].map(normalizeName),
);

/** True for a commune of La Réunion that the charter does not cover. */
export function isOutsideTerritory(text: string): boolean {
  return OUTSIDE_COMMUNES.has(normalizeName(text));
}
