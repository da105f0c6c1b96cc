// The national data standard for places of digital mediation (LaMednum « standard-mediation-num »,
// a Frictionless table schema, v1.0.2), and a validator driven by such a schema. The schema is
// vendored in data/standards/; the tests check that the columns and values below are exactly its own.

export const STANDARD_NAME = 'standard-mediation-num';
export const STANDARD_VERSION = 'v1.0.2';

/** Every column of the schema, in its order. */
export const STANDARD_COLUMNS = [
  'id',
  'pivot',
  'nom',
  'commune',
  'code_postal',
  'code_insee',
  'adresse',
  'complement_adresse',
  'latitude',
  'longitude',
  'typologie',
  'telephone',
  'courriels',
  'site_web',
  'horaires',
  'presentation_resume',
  'presentation_detail',
  'source',
  'itinerance',
  'structure_parente',
  'date_maj',
  'services',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'autres_formations_labels',
  'modalites_acces',
  'modalites_accompagnement',
  'fiche_acces_libre',
  'prise_rdv',
] as const;

export type StandardColumn = (typeof STANDARD_COLUMNS)[number];
/** One place in the standard: every column, '' when we have nothing to say. */
export type StandardRow = Record<StandardColumn, string>;

/** The schema's separator for several values in one cell. */
export const MULTI_VALUE_SEPARATOR = '|';

// What the charter's espaces numériques offer, in the schema's own words (its value lists).
/** Preamble: help with online procedures, free access to caf.fr, workshops on everyday tools. */
export const SERVICES = ['Aide aux démarches administratives', 'Maîtrise des outils numériques du quotidien', 'Accès internet et matériel informatique'];
/** Art. 5: free access with or without an animator, individual help, collective workshops. */
export const SUPPORT_MODES = ['En autonomie', 'Accompagnement individuel', 'Dans un atelier collectif'];
/** The CAF partnership is the national « Point d'accès numérique CAF » scheme. */
export const NATIONAL_SCHEMES = ["Point d'accès numérique CAF"];
export const FIXED_PLACE = 'Fixe';
/** Preamble and art. 5: free access « sous réserve d'inscription » at the médiathèques. */
export const FEES = { registrationRequired: 'Gratuit sous condition', free: 'Gratuit' } as const;
export const ACCESS = { walkIn: 'Se présenter', phone: 'Téléphoner', email: 'Contacter par mail' } as const;

/** data.inclusion's structure types (the schema's typologie vocabulary). */
const TYPOLOGY: Record<string, string> = { mediatheque: 'BIB', mpt: 'MQ' };

/** What the standard needs to know about a place; the store's Place fits it. */
export interface StandardPlace {
  id: number;
  name: string;
  kind: string;
  communeName: string;
  communeInsee: string;
  address: string;
  postalCode: string;
  /** E.164 */
  phone: string;
  email: string | null;
  siret: string | null;
  /** OSM opening_hours, '' when unknown. */
  openingHoursOsm: string;
  /** "mercredi 14h-17h, samedi 9h-12h", '' when none. */
  reservedSlotsFr: string;
  /** ISO timestamp of the last change. */
  updatedAt: string;
}

export interface StandardOptions {
  /** Who collected the data (column source). */
  source: string;
}

/** The local id: stable across exports, unique within this tool's data. */
export function standardId(placeId: number): string {
  return `cafcharte-lieu-${placeId}`;
}

const RESUME_MAX = 280;

function summary(place: StandardPlace): string {
  const base = 'Espace numérique partenaire de la CAF de la Réunion : accès libre à caf.fr, aide aux démarches en ligne et télédéclaration, ateliers.';
  const text = place.reservedSlotsFr ? `${base} Créneaux réservés aux allocataires : ${place.reservedSlotsFr}.` : base;
  return text.length <= RESUME_MAX ? text : `${text.slice(0, RESUME_MAX - 1)}…`;
}

/** The required fields a place lacks, in French (« SIRET »), for the « incomplete » message. */
export function missingRequired(place: StandardPlace): string[] {
  const missing: string[] = [];
  if (!place.siret) missing.push('SIRET');
  if (!place.address.trim()) missing.push('adresse');
  if (!place.postalCode.trim()) missing.push('code postal');
  return missing;
}

export function toStandardRow(place: StandardPlace, options: StandardOptions): StandardRow {
  const row = Object.fromEntries(STANDARD_COLUMNS.map((c) => [c, ''])) as StandardRow;
  const access: string[] = [ACCESS.walkIn, ACCESS.phone, ...(place.email ? [ACCESS.email] : [])];
  Object.assign(row, {
    id: standardId(place.id),
    pivot: place.siret ?? '',
    nom: place.name,
    commune: place.communeName,
    code_postal: place.postalCode,
    code_insee: place.communeInsee,
    adresse: place.address,
    typologie: TYPOLOGY[place.kind] ?? '',
    telephone: place.phone,
    courriels: place.email ?? '',
    horaires: place.openingHoursOsm,
    presentation_resume: summary(place),
    source: options.source,
    itinerance: FIXED_PLACE,
    date_maj: place.updatedAt.slice(0, 10),
    services: SERVICES.join(MULTI_VALUE_SEPARATOR),
    frais_a_charge: place.kind === 'mediatheque' ? FEES.registrationRequired : FEES.free,
    dispositif_programmes_nationaux: NATIONAL_SCHEMES.join(MULTI_VALUE_SEPARATOR),
    modalites_acces: access.join(MULTI_VALUE_SEPARATOR),
    modalites_accompagnement: SUPPORT_MODES.join(MULTI_VALUE_SEPARATOR),
  } satisfies Partial<StandardRow>);
  return row;
}

// ---- A validator for Frictionless table schemas (the subset the standard uses) ----

export interface SchemaField {
  name: string;
  type?: string;
  format?: string;
  constraints?: { required?: boolean; unique?: boolean; pattern?: string; enum?: string[]; maxLength?: number; minLength?: number };
}

export interface TableSchema {
  fields: SchemaField[];
}

/** One problem: the data row (1 = first row after the header; 0 = the header), the column, why. */
export interface SchemaProblem {
  row: number;
  field: string;
  message: string;
}

/**
 * The values a field allows: its `enum`, or the alternatives of the standard's list pattern
 * `(?:(?:^|\|)(A|B|C))+$` (a `|`-separated list of values taken from A, B, C).
 */
export function allowedValues(field: SchemaField): string[] | undefined {
  if (field.constraints?.enum) return field.constraints.enum;
  const match = /^\(\?:\(\?:\^\|\\\|\)\((.*)\)\)\+\$$/.exec(field.constraints?.pattern ?? '');
  if (!match) return undefined;
  // Split on top-level « | » only (the values contain escaped parentheses, never a bare « | »).
  return match[1].split('|').map((v) => v.replace(/\\(.)/g, '$1'));
}

function isValidDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCFullYear() === Number(m[1]) && date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3]);
}

const TYPE_CHECKS: Record<string, (v: string) => boolean> = {
  string: () => true,
  any: () => true,
  number: (v) => /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v) || ['NaN', 'INF', '-INF'].includes(v),
  integer: (v) => /^[+-]?\d+$/.test(v),
  boolean: (v) => ['true', 'True', 'TRUE', '1', 'false', 'False', 'FALSE', '0'].includes(v),
  date: isValidDate,
};

/** The value of one cell against one field; undefined when it is fine. Empty means missing. */
function checkValue(field: SchemaField, value: string, pattern: RegExp | undefined): string | undefined {
  const c = field.constraints ?? {};
  if (value === '') return c.required ? 'valeur obligatoire manquante' : undefined;
  const type = field.type ?? 'string';
  const typeCheck = TYPE_CHECKS[type];
  if (!typeCheck) return `type « ${type} » non pris en charge par le validateur`;
  if (!typeCheck(value)) return `« ${value} » n’est pas du type ${type}${type === 'date' ? ' (AAAA-MM-JJ)' : ''}`;
  if (pattern && !pattern.test(value)) return `« ${value} » ne respecte pas le motif ${c.pattern}`;
  if (c.enum) {
    const parts = value.split(MULTI_VALUE_SEPARATOR);
    const bad = c.enum.includes(value) ? [] : parts.filter((p) => !c.enum!.includes(p));
    if (bad.length > 0) return `« ${bad.join(MULTI_VALUE_SEPARATOR)} » n’est pas dans la liste : ${c.enum.join(', ')}`;
  }
  if (c.maxLength !== undefined && [...value].length > c.maxLength) return `${[...value].length} caractères, ${c.maxLength} au plus`;
  if (c.minLength !== undefined && [...value].length < c.minLength) return `${[...value].length} caractères, ${c.minLength} au moins`;
  return undefined;
}

/**
 * Checks a table (header + rows of text, as read from a CSV) against a schema: the columns and
 * their order, then each cell's required flag, type, pattern, enum (possibly `|`-separated),
 * length, and the unique constraint. Returns every problem found, [] when the table is valid.
 */
export function validateTable(schema: TableSchema, header: readonly string[], rows: readonly (readonly string[])[]): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const expected = schema.fields.map((f) => f.name);
  expected.forEach((name, i) => {
    if (header[i] !== name) problems.push({ row: 0, field: name, message: `colonne ${i + 1} attendue « ${name} », trouvée « ${header[i] ?? '(absente)'} »` });
  });
  for (let i = expected.length; i < header.length; i++) problems.push({ row: 0, field: header[i], message: 'colonne absente du schéma' });
  if (problems.length > 0) return problems;

  // Frictionless patterns must match the whole value.
  const patterns = schema.fields.map((f) => (f.constraints?.pattern ? new RegExp(`^(?:${f.constraints.pattern})$`, 'u') : undefined));
  const seen = schema.fields.map(() => new Set<string>());
  rows.forEach((cells, r) => {
    if (cells.length !== expected.length) {
      problems.push({ row: r + 1, field: '*', message: `${cells.length} valeurs pour ${expected.length} colonnes` });
      return;
    }
    schema.fields.forEach((field, i) => {
      const value = cells[i];
      const message = checkValue(field, value, patterns[i]);
      if (message) problems.push({ row: r + 1, field: field.name, message });
      if (field.constraints?.unique && value !== '') {
        if (seen[i].has(value)) problems.push({ row: r + 1, field: field.name, message: `« ${value} » déjà présent : la valeur doit être unique` });
        seen[i].add(value);
      }
    });
  });
  return problems;
}
