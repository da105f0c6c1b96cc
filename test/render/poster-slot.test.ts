import { describe, expect, it } from 'vitest';
import { posterSlotParagraphs, reservedSlotsSentence } from '../../src/domain/posterSlot.js';
import { mediatheque, mptNoSlots } from '../fixtures/poster/places.js';

const plain = (s: string): string => s.replace(/\u00a0/g, ' ');

describe('slot text of a place (charter art. 3)', () => {
  it('gives name, address, postal code and commune, phone and the reserved slots in order', () => {
    const paragraphs = posterSlotParagraphs(mediatheque);
    expect(paragraphs.map((p) => [p.role, plain(p.text)])).toEqual([
      ['name', 'Médiathèque du Tampon'],
      ['address', '16 rue Victor Le Vigoureux'],
      ['commune', '97430 Le Tampon'],
      ['phone', 'Tél. 0262 57 87 87'],
      ['slots', 'Créneaux réservés aux allocataires : mercredi 14h-17h30, samedi 9h-12h — sur réservation'],
    ]);
  });

  it('leaves the slots sentence out when the place has none ("s\'ils sont définis")', () => {
    expect(posterSlotParagraphs(mptNoSlots).map((p) => p.role)).toEqual(['name', 'address', 'commune', 'phone']);
    expect(reservedSlotsSentence([])).toBeNull();
  });

  it('writes hours the French way and binds day and hours with no-break spaces', () => {
    const sentence = reservedSlotsSentence([{ day: 'mo', start: '09:30', end: '11:45' }])!;
    expect(sentence).toContain('lundi\u00a09h30-11h45');
    expect(sentence).toContain('allocataires\u00a0:');
  });

  it('keeps the phone number on one line', () => {
    const phone = posterSlotParagraphs(mediatheque).find((p) => p.role === 'phone')!;
    expect(phone.text).not.toContain(' ');
  });

  it('drops empty fields rather than printing blank lines', () => {
    const roles = posterSlotParagraphs({ ...mptNoSlots, address: '  ', phoneDisplay: '' }).map((p) => p.role);
    expect(roles).toEqual(['name', 'commune']);
  });
});
