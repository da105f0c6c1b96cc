// What the personal-data guard lets through because the store knows it is no allocataire's:
// staff names (animators, committee members, the confidentiality register), registered places'
// names, and their own phone numbers, e-mails and addresses.
import { sql } from './sql.js';
import type { Store } from './engine.js';

export interface GuardAllowances {
  names: string[];
  phones: string[];
  emails: string[];
  addresses: string[];
}

export async function loadGuardAllowances(store: Store): Promise<GuardAllowances> {
  const names = new Set<string>();
  // The distinct animator lists are few even in a large store: the UNION keeps one row per list.
  const lists = await store.all(sql<{ animators: string }>`SELECT animators FROM sessions UNION SELECT animators FROM logbook_entries ORDER BY 1`);
  for (const { animators } of lists) {
    try {
      for (const name of JSON.parse(animators) as unknown[]) if (typeof name === 'string') names.add(name);
    } catch {
      // a damaged list is no reason to refuse a remark: its names are simply not allowed
    }
  }
  const staff = await store.all(sql<{ name: string }>`SELECT name FROM confidentiality_commitments UNION SELECT name FROM copil_members ORDER BY 1`);
  for (const { name } of staff) names.add(name);
  const places = await store.all(
    sql<{ name: string; address: string; postalCode: string; phone: string; email: string | null }>`SELECT name, address, postal_code AS "postalCode", phone, email FROM places ORDER BY id`,
  );
  for (const p of places) names.add(p.name);
  return {
    names: [...names],
    phones: places.map((p) => p.phone),
    emails: places.flatMap((p) => (p.email ? [p.email] : [])),
    addresses: places.map((p) => p.address),
  };
}
