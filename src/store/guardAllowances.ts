// What the personal-data guard lets through because the store knows it is no allocataire's:
// staff names (animators, committee members, the confidentiality register), registered places'
// names, and their own phone numbers, e-mails and addresses.
import type { Db } from './open.js';

export interface GuardAllowances {
  names: string[];
  phones: string[];
  emails: string[];
  addresses: string[];
}

export function loadGuardAllowances(db: Db): GuardAllowances {
  const names = new Set<string>();
  // The distinct animator lists are few even in a large store: SQLite keeps one row per list.
  const lists = db
    .prepare('SELECT animators FROM sessions UNION SELECT animators FROM logbook_entries')
    .pluck()
    .all() as string[];
  for (const list of lists) {
    try {
      for (const name of JSON.parse(list) as unknown[]) if (typeof name === 'string') names.add(name);
    } catch {
      // a damaged list is no reason to refuse a remark: its names are simply not allowed
    }
  }
  for (const name of db.prepare('SELECT name FROM confidentiality_commitments UNION SELECT name FROM copil_members').pluck().all() as string[]) names.add(name);
  const places = db.prepare('SELECT name, address, postal_code AS postalCode, phone, email FROM places').all() as {
    name: string;
    address: string;
    postalCode: string;
    phone: string;
    email: string | null;
  }[];
  for (const p of places) names.add(p.name);
  return {
    names: [...names],
    phones: places.map((p) => p.phone),
    emails: places.flatMap((p) => (p.email ? [p.email] : [])),
    addresses: places.map((p) => p.address),
  };
}
