// How the report's numbers and dates read in French, shared by every format (and offered to
// templates as Handlebars helpers). A null is a figure nobody sent: "n.d." (non disponible).
import { format } from 'date-fns/format';
import { fr } from 'date-fns/locale/fr';
import { formatDateFr, formatMonthFr, toDate } from '../../domain/dates.js';
import { formatDecimalFr, formatIntFr, formatPercentFr } from '../../domain/numbers.js';
import { CAF_INDICATOR_LABELS, type CafIndicator } from '../../domain/report.js';
import { PARTY_LABELS, type Party } from '../../domain/charter.js';
import { SESSION_TYPE_LABELS, isSessionType } from '../../domain/sessionTypes.js';

export const NOT_AVAILABLE = 'n.d.';

/** "1 520", or "n.d." */
export function count(value: number | null | undefined): string {
  return value === null || value === undefined ? NOT_AVAILABLE : formatIntFr(value);
}

/** "5,5", or "n.d." */
export function decimal(value: number | null | undefined): string {
  return value === null || value === undefined ? NOT_AVAILABLE : formatDecimalFr(value, 1);
}

/** "12,5 %", or "n.d." */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? NOT_AVAILABLE : formatPercentFr(value);
}

/** "+8,7 %", "-3,0 %", "0,0 %", or "n.d." */
export function change(value: number | null | undefined): string {
  return value === null || value === undefined ? NOT_AVAILABLE : formatPercentFr(value, { sign: true });
}

/** "juillet 2026" */
export function month(value: string): string {
  return formatMonthFr(value);
}

/** "juil." — for chart axes, where a full name does not fit under a bar. */
export function monthShort(value: string): string {
  return format(toDate(`${value}-01`), 'MMM', { locale: fr });
}

/** "14 janvier 2026", or "—" when there is no date. */
export function date(value: string | null | undefined): string {
  return value ? formatDateFr(value) : '—';
}

export function indicator(value: string): string {
  return CAF_INDICATOR_LABELS[value as CafIndicator] ?? value;
}

export function party(value: string): string {
  return PARTY_LABELS[value as Party] ?? value;
}

export function sessionType(value: string): string {
  return isSessionType(value) ? SESSION_TYPE_LABELS[value] : value;
}

/** Helpers by the names templates call them ({{nombre total}}, {{evolution x}}...). */
export const TEMPLATE_HELPERS: Record<string, (value: never) => string> = {
  nombre: count,
  decimal,
  pourcent: percent,
  evolution: change,
  mois: month,
  mois_court: monthShort,
  date,
  indicateur: indicator,
  partie: party,
  type_seance: sessionType,
};
