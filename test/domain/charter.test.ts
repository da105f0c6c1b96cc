import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeCharterStatus, periodAt, periodNumber, type CharterFacts } from '../../src/domain/charter.js';
import { addDaysIso } from '../../src/domain/dates.js';

const baseTerms = { durationYears: 1, tacitRenewal: true, renegotiationMonths: 3, terminationNoticeDays: 30, breachCureDays: 30 };

function facts(overrides: Partial<CharterFacts> = {}): CharterFacts {
  return {
    baseTerms,
    signatures: [
      { party: 'commune', signedOn: '2026-03-10' },
      { party: 'caf', signedOn: '2026-03-15' },
    ],
    amendments: [],
    breaches: [],
    terminations: [],
    meetings: [],
    ...overrides,
  };
}

describe('charter calendar', () => {
  it('takes effect on the last signature; the issue example holds', () => {
    const s = computeCharterStatus(facts(), '2026-06-01');
    expect(s.signature).toBe('2026-03-15');
    expect(s.period).toEqual({ number: 1, start: '2026-03-15', end: '2027-03-14' });
    expect(s.nextRenewal).toBe('2027-03-15');
    expect(s.renegotiationFrom).toBe('2026-12-15');
    expect(s.state).toBe('en_vigueur');
  });

  it.each([
    // date, state, period number, period start, period end, renegotiation opens
    ['2026-03-14', 'non_signee', null, null, null, null],
    ['2026-03-15', 'en_vigueur', 1, '2026-03-15', '2027-03-14', '2026-12-15'],
    ['2026-12-14', 'en_vigueur', 1, '2026-03-15', '2027-03-14', '2026-12-15'],
    ['2026-12-15', 'renegociation', 1, '2026-03-15', '2027-03-14', '2026-12-15'],
    ['2027-03-14', 'renegociation', 1, '2026-03-15', '2027-03-14', '2026-12-15'],
    ['2027-03-15', 'en_vigueur', 2, '2027-03-15', '2028-03-14', '2027-12-15'],
    ['2027-12-15', 'renegociation', 2, '2027-03-15', '2028-03-14', '2027-12-15'],
    ['2031-08-01', 'en_vigueur', 6, '2031-03-15', '2032-03-14', '2031-12-15'],
  ])('at %s: %s, period %s', (date, state, number, start, end, reneg) => {
    const s = computeCharterStatus(facts(), date);
    expect(s.state).toBe(state);
    expect(s.period?.number ?? null).toBe(number);
    expect(s.period?.start ?? null).toBe(start);
    expect(s.period?.end ?? null).toBe(end);
    expect(s.renegotiationFrom).toBe(reneg);
  });

  it('computes deadlines after a renewal from the current period, not the original end date', () => {
    const s = computeCharterStatus(facts(), '2028-01-10');
    expect(s.period).toEqual({ number: 2, start: '2027-03-15', end: '2028-03-14' });
    expect(s.nextRenewal).toBe('2028-03-15');
    expect(s.renegotiationFrom).toBe('2027-12-15');
  });

  it('handles a 29 February signature with addYears semantics, each period from the signature', () => {
    const leap = facts({ signatures: [{ party: 'commune', signedOn: '2028-02-29' }, { party: 'caf', signedOn: '2028-02-29' }] });
    expect(computeCharterStatus(leap, '2028-06-01').period).toEqual({ number: 1, start: '2028-02-29', end: '2029-02-27' });
    expect(computeCharterStatus(leap, '2029-02-28').period).toEqual({ number: 2, start: '2029-02-28', end: '2030-02-27' });
    // Period 5 starts on 29 February again (computed from the signature, not chained from 28 February).
    expect(computeCharterStatus(leap, '2032-03-01').period).toEqual({ number: 5, start: '2032-02-29', end: '2033-02-27' });
  });

  it('is not signed while one party has not signed, and says which', () => {
    const s = computeCharterStatus(facts({ signatures: [{ party: 'caf', signedOn: '2026-03-15' }] }), '2026-06-01');
    expect(s.state).toBe('non_signee');
    expect(s.actions[0].code).toBe('signature_manquante');
    expect(s.actions[0].message).toContain('commune du Tampon');
  });

  it('terminates 30 days after receipt of the registered letter, also during the renegotiation window', () => {
    const f = facts({ terminations: [{ id: 1, byParty: 'caf', receivedOn: '2027-01-10', breachId: null }] });
    expect(computeCharterStatus(f, '2027-01-09').state).toBe('renegociation');
    const during = computeCharterStatus(f, '2027-01-10');
    expect(during.state).toBe('resiliation_en_cours');
    expect(during.terminationEffective).toBe('2027-02-09');
    expect(computeCharterStatus(f, '2027-02-08').state).toBe('resiliation_en_cours');
    const after = computeCharterStatus(f, '2027-02-09');
    expect(after.state).toBe('resiliee');
    expect(after.actions).toEqual([]);
  });

  it('follows a breach: 30 days to cure, then termination of right', () => {
    const breach = { id: 1, byParty: 'commune' as const, receivedOn: '2026-10-02', reason: 'créneaux non assurés', resolvedOn: null };
    const open = computeCharterStatus(facts({ breaches: [breach] }), '2026-10-20');
    expect(open.openBreaches[0].cureDeadline).toBe('2026-11-01');
    expect(open.actions.map((a) => a.code)).toContain('manquement_en_cours');
    const late = computeCharterStatus(facts({ breaches: [breach] }), '2026-11-02');
    expect(late.actions.map((a) => a.code)).toContain('manquement_non_resolu');
    const resolved = computeCharterStatus(facts({ breaches: [{ ...breach, resolvedOn: '2026-10-25' }] }), '2026-11-02');
    expect(resolved.openBreaches).toEqual([]);
  });

  // Art. 10 worked by hand. Breach letter received Friday 2 October 2026; 30 days counted
  // from it: 2 Oct + 29 = 31 Oct, + 1 = 1 November 2026 (end of the cure period).
  describe('art. 10: when a termination takes effect', () => {
    const breach = { id: 1, byParty: 'commune' as const, receivedOn: '2026-10-02', reason: 'créneaux non assurés', resolvedOn: null };
    const afterBreach = (receivedOn: string, resolvedOn: string | null = null) =>
      facts({ breaches: [{ ...breach, resolvedOn }], terminations: [{ id: 1, byParty: 'caf', receivedOn, breachId: 1 }] });

    it('termination letter received 5 November, after the 30 days: effect on receipt, 5 November (not 5 December)', () => {
      expect(computeCharterStatus(afterBreach('2026-11-05'), '2026-11-04').state).toBe('en_vigueur');
      const s = computeCharterStatus(afterBreach('2026-11-05'), '2026-11-05');
      expect(s.terminationEffective).toBe('2026-11-05');
      expect(s.state).toBe('resiliee');
      expect(s.terminationBasis?.rule).toBe('manquement');
      expect(s.terminationBasis?.sentence).toBe(
        "La résiliation prend effet à l'issue du délai de trente (30) jours à compter de la réception de la lettre recommandée avec accusé réception restée infructueuse.",
      );
    });

    it('termination letter received 20 October, inside the 30 days: effect at their end, 1 November', () => {
      const s = computeCharterStatus(afterBreach('2026-10-20'), '2026-10-25');
      expect(s.state).toBe('resiliation_en_cours');
      expect(s.terminationEffective).toBe('2026-11-01');
      expect(computeCharterStatus(afterBreach('2026-10-20'), '2026-10-31').state).toBe('resiliation_en_cours');
      expect(computeCharterStatus(afterBreach('2026-10-20'), '2026-11-01').state).toBe('resiliee');
    });

    it('the breach resolved on 25 October, before 1 November: the termination falls, the charter stays in force', () => {
      expect(computeCharterStatus(afterBreach('2026-10-20', '2026-10-25'), '2026-10-24').state).toBe('resiliation_en_cours');
      const s = computeCharterStatus(afterBreach('2026-10-20', '2026-10-25'), '2026-11-10');
      expect(s.state).toBe('en_vigueur');
      expect(s.terminationEffective).toBeNull();
    });

    it('free termination received 10 January 2027: 10 Jan + 21 = 31 Jan, + 9 = 9 February 2027, first sentence quoted', () => {
      const s = computeCharterStatus(facts({ terminations: [{ id: 1, byParty: 'commune', receivedOn: '2027-01-10', breachId: null }] }), '2027-01-10');
      expect(s.terminationEffective).toBe('2027-02-09');
      expect(s.terminationBasis?.rule).toBe('libre');
      expect(s.terminationBasis?.sentence).toBe('Chaque partie pourra librement résilier la présente par lettre recommandée avec accusé de réception.');
    });

    it('an avenant that lengthens the cure period to 45 days moves the effect: 2 Oct + 45 = 16 November', () => {
      const f = afterBreach('2026-10-20');
      f.amendments = [{ number: 1, signedOn: '2026-09-01', subject: 'Délais', elements: 'Article 10', terms: { breachCureDays: 45 } }];
      expect(computeCharterStatus(f, '2026-10-25').terminationEffective).toBe('2026-11-16');
    });
  });

  describe('the comité after a termination, and semesters without a meeting', () => {
    const terminated = facts({ terminations: [{ id: 1, byParty: 'caf', receivedOn: '2027-01-10', breachId: null }] });

    it('asks for the S1 2027 meeting while the termination is pending, no longer once it took effect (9 February)', () => {
      expect(computeCharterStatus(terminated, '2027-02-08').actions.map((a) => a.code)).toContain('copil_a_reunir');
      const after = computeCharterStatus(terminated, '2027-02-09');
      expect(after.meetingDue).toBeNull();
      expect(after.actions).toEqual([]);
    });

    it('lists the semesters that ended without a meeting while the charter was in force', () => {
      // Signed 15 March 2026: S1 2026 (ends 30 June) and S2 2026 (ends 31 December); one meeting in September.
      const s = computeCharterStatus(facts({ meetings: [{ id: 1, heldOn: '2026-09-10' }] }), '2027-08-01');
      expect(s.semestersWithoutMeeting).toEqual(['2026-S1', '2027-S1']);
      // Terminated on 9 February 2027: S1 2027 ended after the charter, it is not counted.
      expect(computeCharterStatus({ ...terminated, meetings: [{ id: 1, heldOn: '2026-09-10' }] }, '2027-08-01').semestersWithoutMeeting).toEqual(['2026-S1']);
      // A semester still running is not listed.
      expect(computeCharterStatus(facts(), '2026-06-30').semestersWithoutMeeting).toEqual([]);
      expect(computeCharterStatus(facts(), '2026-07-01').semestersWithoutMeeting).toEqual(['2026-S1']);
    });
  });

  it('applies an avenant that changes the terms from its date', () => {
    const f = facts({ amendments: [{ number: 1, signedOn: '2026-09-01', subject: 'Durée', elements: 'Article 9', terms: { durationYears: 2 } }] });
    expect(computeCharterStatus(f, '2026-08-31').period?.end).toBe('2027-03-14');
    expect(computeCharterStatus(f, '2026-09-01').period?.end).toBe('2028-03-14');
  });

  it('asks for the comité meeting of the semester until one is held', () => {
    const none = computeCharterStatus(facts(), '2026-11-27');
    expect(none.meetingDue).toBe('2026-12-31');
    expect(none.actions.map((a) => a.code)).toContain('copil_a_reunir');
    const held = computeCharterStatus(facts({ meetings: [{ id: 1, heldOn: '2026-09-10' }] }), '2026-11-27');
    expect(held.meetingDue).toBeNull();
    expect(held.lastMeeting).toBe('2026-09-10');
    expect(held.actions).toEqual([]);
  });

  it('property: periods are contiguous, without gap or overlap, for any signature date', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }), fc.integer({ min: 1, max: 3 }), (d, years) => {
        const signature = d.toISOString().slice(0, 10);
        let previous = periodNumber(signature, years, 1);
        expect(previous.start).toBe(signature);
        for (let k = 2; k <= 12; k++) {
          const period = periodNumber(signature, years, k);
          expect(period.start).toBe(addDaysIso(previous.end, 1));
          expect(period.end >= period.start).toBe(true);
          // Any day of the period maps back to it.
          expect(periodAt(signature, years, period.start)?.number).toBe(k);
          expect(periodAt(signature, years, period.end)?.number).toBe(k);
          previous = period;
        }
      }),
      { numRuns: 200 },
    );
  });
});
