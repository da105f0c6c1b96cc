// The charter's facts are checked and written in one transaction: two desks recording at once
// cannot both pass a check that only one of them may pass (one termination, one signature per
// party), and a refused check leaves nothing written.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/engine.js';
import { addMember, listMembers, loadCharterFacts, recordAmendment, recordBreach, recordSignatures, recordTermination, removeMember } from '../../src/store/charter.js';
import { ConflictError } from '../../src/errors.js';
import type { CharterFacts } from '../../src/domain/charter.js';
import { openTestStore, tempDb } from '../harness.js';

const at = '2026-11-26T12:00:00+04:00';
const onlyOnce = (facts: CharterFacts) => {
  if (facts.terminations.length > 0) throw new ConflictError('déjà résiliée');
};

describe('charter repository', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(tempDb());
    await recordSignatures(store, ['commune', 'caf'], '2026-03-01', at, () => undefined);
  });
  afterEach(() => store.close());

  it('records one of two terminations started together; the other sees the first and is refused', async () => {
    const outcomes = await Promise.allSettled([
      recordTermination(store, { byParty: 'caf', receivedOn: '2026-10-01', breachId: null }, at, onlyOnce),
      recordTermination(store, { byParty: 'commune', receivedOn: '2026-10-02', breachId: null }, at, onlyOnce),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect((await loadCharterFacts(store)).terminations).toHaveLength(1);
  });

  it('writes nothing when the check refuses, even for several parties at once', async () => {
    const refuse = () => {
      throw new ConflictError('refusé');
    };
    const before = await loadCharterFacts(store);
    await expect(recordBreach(store, { byParty: 'caf', receivedOn: '2026-05-01', reason: 'x' }, at, refuse)).rejects.toBeInstanceOf(ConflictError);
    await expect(recordAmendment(store, { signedOn: '2026-05-01', subject: 's', elements: 'e', terms: null }, at, refuse)).rejects.toBeInstanceOf(ConflictError);
    expect(await loadCharterFacts(store)).toEqual(before);
  });

  it('numbers avenants one after the other and reads back their terms', async () => {
    const first = await recordAmendment(store, { signedOn: '2026-05-01', subject: 'Durée', elements: 'Art. 9', terms: { durationYears: 2 } }, at, () => undefined);
    const second = await recordAmendment(store, { signedOn: '2026-06-01', subject: 'Délais', elements: 'Art. 10', terms: null }, at, () => undefined);
    expect([first, second]).toEqual([1, 2]);
    expect((await loadCharterFacts(store)).amendments).toEqual([
      { number: 1, signedOn: '2026-05-01', subject: 'Durée', elements: 'Art. 9', terms: { durationYears: 2 } },
      { number: 2, signedOn: '2026-06-01', subject: 'Délais', elements: 'Art. 10', terms: null },
    ]);
  });

  it('gives members their ids and keeps a removed member, marked, in the full list', async () => {
    const a = await addMember(store, { organisation: 'commune', role: 'Maire', name: 'Jeanne Payet' }, at);
    const b = await addMember(store, { organisation: 'caf', role: 'Directrice', name: 'Marie Hoarau' }, at);
    expect(await removeMember(store, a, '2026-11-27T09:00:00+04:00')).toBe(true);
    expect(await removeMember(store, a, '2026-11-27T09:00:00+04:00')).toBe(false);
    expect((await listMembers(store)).map((m) => m.id)).toEqual([b]);
    expect((await listMembers(store, true)).map((m) => [m.id, m.removedAt])).toEqual([
      [b, null],
      [a, '2026-11-27T09:00:00+04:00'],
    ]);
  });
});
