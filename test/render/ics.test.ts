import { beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { escapeText, foldLine, renderIcs, type IcsEvent } from '../../src/render/ics.js';

const stamp = new Date('2026-11-26T08:00:00Z');

const workshop: IcsEvent = {
  uid: 'session-1@cafcharte',
  date: '2026-12-02',
  start: '09:30',
  end: '11:00',
  summary: 'Découverte de caf.fr – Médiathèque du Tampon',
  location: 'Médiathèque du Tampon, 16 rue Victor Le Vigoureux, 97430 Le Tampon',
  description: 'Atelier; apporter ses identifiants\\numéro allocataire, merci\nDeuxième ligne',
  cancelled: false,
};
const cancelled: IcsEvent = {
  uid: 'session-2@cafcharte',
  date: '2026-12-03',
  start: '14:00',
  end: '23:30',
  summary: 'Télédéclaration – MPT Trois-Mares',
  cancelled: true,
  sequence: 2,
};

function parse(text: string) {
  const root = new ICAL.Component(ICAL.parse(text));
  // Clients resolve TZID through the file's own VTIMEZONE; so does the test.
  const vtimezone = root.getFirstSubcomponent('vtimezone');
  if (!vtimezone) throw new Error('no VTIMEZONE');
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
  return { root, events: root.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
}

describe('renderIcs', () => {
  let text: string;
  beforeAll(() => {
    text = renderIcs({ name: 'Séances, Le Tampon', stamp, events: [workshop, cancelled] });
  });

  it('writes a calendar header and a Réunion VTIMEZONE at UTC+4', () => {
    const { root } = parse(text);
    expect(root.getFirstPropertyValue('version')).toBe('2.0');
    expect(root.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    expect(String(root.getFirstPropertyValue('prodid'))).toContain('cafcharte');
    const standard = root.getFirstSubcomponent('vtimezone')!.getFirstSubcomponent('standard')!;
    expect(standard.getFirstPropertyValue('tzoffsetto')?.toString()).toBe('+04:00');
    expect(standard.getFirstPropertyValue('tzoffsetfrom')?.toString()).toBe('+04:00');
  });

  it('writes one VEVENT per session with its stable UID, status and sequence', () => {
    const { events } = parse(text);
    expect(events.map((e) => e.uid)).toEqual(['session-1@cafcharte', 'session-2@cafcharte']);
    expect(events.map((e) => e.component.getFirstPropertyValue('status'))).toEqual(['CONFIRMED', 'CANCELLED']);
    expect(events[1]!.sequence).toBe(2);
    expect(events[0]!.component.getFirstPropertyValue('dtstamp')?.toString()).toBe('2026-11-26T08:00:00Z');
  });

  it('places the times in Indian/Reunion, i.e. four hours ahead of UTC', () => {
    const { events } = parse(text);
    const first = events[0]!;
    expect(first.startDate.zone?.tzid).toBe('Indian/Reunion');
    expect(first.startDate.toJSDate().toISOString()).toBe('2026-12-02T05:30:00.000Z');
    expect(first.endDate.toJSDate().toISOString()).toBe('2026-12-02T07:00:00.000Z');
    expect(events[1]!.endDate.toJSDate().toISOString()).toBe('2026-12-03T19:30:00.000Z');
  });

  it('round-trips escaped text: backslash, semicolon, comma, newline, accents', () => {
    const { events } = parse(text);
    expect(events[0]!.summary).toBe(workshop.summary);
    expect(events[0]!.location).toBe(workshop.location);
    expect(events[0]!.description).toBe(workshop.description);
    expect(text.replace(/\r\n /g, '')).toContain('Atelier\\; apporter ses identifiants\\\\numéro allocataire\\, merci\\nDeuxième ligne');
  });

  it('ends every line with CRLF and keeps every line within 75 octets', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });

  it('folds a 200-character accented summary without cutting a character, and it reads back whole', () => {
    const summary = [...'Atelier « télédéclaration » à l’Espace numérique — été; '.repeat(5)].slice(0, 200).join('');
    expect([...summary]).toHaveLength(200);
    const long = renderIcs({ name: 'x', stamp, events: [{ ...workshop, summary }] });
    const lines = long.split('\r\n');
    const start = lines.findIndex((l) => l.startsWith('SUMMARY:'));
    expect(lines[start + 1]!.startsWith(' ')).toBe(true);
    expect(lines[start + 2]!.startsWith(' ')).toBe(true);
    for (const line of lines) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      expect(line).not.toContain('\uFFFD'); // a split multi-byte character would decode as U+FFFD
    }
    expect(parse(long).events[0]!.summary).toBe(summary);
  });
});

describe('escapeText / foldLine', () => {
  it('escapes backslash first so that other escapes are not doubled', () => {
    expect(escapeText('a\\b;c,d\r\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  });

  it('leaves a 75-octet line alone and folds a 76-octet one', () => {
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
  });

  it('moves a two-octet character whole to the next line when it would straddle the limit', () => {
    const folded = foldLine('x'.repeat(74) + 'é');
    expect(folded).toBe(`${'x'.repeat(74)}\r\n é`);
  });
});
