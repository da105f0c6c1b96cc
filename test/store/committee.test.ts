// Schema 6 on a store made before it: meetings keep their rows and gain empty hours, and the
// charter document gains the commune's address (needed by the registered letters) unless one
// was already set. The stores before schema 6 are SQLite files: this is a SQLite migration.
import { describe, expect, it } from 'vitest';
import { openStore, openStoreAt } from '../../src/store/open.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { charterDocument } from '../../src/store/charter.js';
import { findMeeting } from '../../src/store/committee.js';
import { tempSqliteDb } from '../harness.js';

const now = () => new Date('2026-11-26T08:00:00Z');
const before = MIGRATIONS.filter((m) => m.version < 6);

// Stores older than schema 6 exist only as SQLite files.
describe('schema 6: the comité records', () => {
  it('adds the commune address to a store made before it, and empty hours to its meetings', async () => {
    const path = tempSqliteDb();
    const old = await openStore(path, { now, migrations: before });
    old.prepare('UPDATE charter SET document = json_remove(document, \'$.parties.commune.adresse\') WHERE id = 1').run();
    old.prepare("INSERT INTO copil_meetings (held_on, place, notes, recorded_at) VALUES ('2026-06-10', 'Antenne CAF', NULL, '2026-06-01T09:00:00+04:00')").run();
    old.close();
    const store = await openStoreAt(path, { now, migrations: MIGRATIONS });
    expect((await charterDocument(store)).parties.commune.adresse).toBe('256 rue Hubert Delisle, BP 49, 97430 Le Tampon');
    expect(await findMeeting(store, 1)).toEqual({ id: 1, heldOn: '2026-06-10', place: 'Antenne CAF', start: null, end: null });
    await store.close();
  });

  it('keeps an address someone had set', async () => {
    const path = tempSqliteDb();
    const old = await openStore(path, { now, migrations: before });
    old.prepare('UPDATE charter SET document = json_set(document, \'$.parties.commune.adresse\', \'Hôtel de ville, 97430 Le Tampon\') WHERE id = 1').run();
    old.close();
    const store = await openStoreAt(path, { now, migrations: MIGRATIONS });
    expect((await charterDocument(store)).parties.commune.adresse).toBe('Hôtel de ville, 97430 Le Tampon');
    await store.close();
  });
});
