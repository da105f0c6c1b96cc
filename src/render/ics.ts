/**
 * iCalendar (RFC 5545) writer for sessions, so that Thunderbird, Outlook or a
 * phone can import the calendar. Times are floating Réunion local times tied
 * to an embedded VTIMEZONE (UTC+4 all year, no DST since 1911).
 */

/** One calendar event, in Réunion local time. */
export interface IcsEvent {
  /** Stable across exports so that re-importing updates instead of duplicating. */
  uid: string;
  date: string; // 'YYYY-MM-DD'
  start: string; // 'HH:MM'
  end: string; // 'HH:MM', same day
  summary: string;
  location?: string;
  description?: string;
  cancelled: boolean;
  /** Bumped on each change so that clients replace their copy. */
  sequence?: number;
  /**
   * People invited, by name only (no address is stored): the value is a URN naming them in
   * the store, so a client shows the names and has nowhere to send mail.
   */
  attendees?: readonly { name: string; urn: string }[];
}

export interface IcsCalendar {
  /** Calendar name shown by clients (X-WR-CALNAME). */
  name: string;
  /** When the file is produced (DTSTAMP), from the context clock. */
  stamp: Date;
  events: readonly IcsEvent[];
}

export const ICS_TZID = 'Indian/Reunion';
const PRODID = '-//Commune du Tampon et CAF de la Réunion//cafcharte//FR';

/** The whole file, CRLF line endings, each line folded at 75 octets. */
export function renderIcs(calendar: IcsCalendar): string {
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
    `X-WR-TIMEZONE:${ICS_TZID}`,
    ...reunionTimezone(),
  ];
  const stamp = utcStamp(calendar.stamp);
  for (const event of calendar.events) lines.push(...eventLines(event, stamp));
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

function reunionTimezone(): string[] {
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${ICS_TZID}`,
    `X-LIC-LOCATION:${ICS_TZID}`,
    'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    'TZOFFSETFROM:+0400',
    'TZOFFSETTO:+0400',
    'TZNAME:+04',
    'END:STANDARD',
    'END:VTIMEZONE',
  ];
}

function eventLines(event: IcsEvent, stamp: string): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;TZID=${ICS_TZID}:${localStamp(event.date, event.start)}`,
    `DTEND;TZID=${ICS_TZID}:${localStamp(event.date, event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
  ];
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  lines.push(`STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`);
  if (event.sequence !== undefined) lines.push(`SEQUENCE:${event.sequence}`);
  for (const a of event.attendees ?? []) lines.push(`ATTENDEE;CN=${paramText(a.name)};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT:${a.urn}`);
  lines.push('END:VEVENT');
  return lines;
}

/** TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline. */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** A parameter value (§3.2): always quoted; DQUOTE and control characters cannot appear in it. */
export function paramText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${text.replace(/[\u0000-\u001F\u007F"]+/g, ' ').trim()}"`;
}

/**
 * Folds a content line so that no line exceeds 75 octets (§3.1): continuation
 * lines start with one space, and a UTF-8 character is never cut in two.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = 74; // the leading space of a continuation line counts
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function localStamp(date: string, time: string): string {
  return `${date.replace(/-/g, '')}T${time.replace(':', '')}00`;
}

function utcStamp(instant: Date): string {
  return instant.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
