// Communication campaigns (art. 3) and what each delivered to each place.
import type { Db } from './open.js';
import { ConflictError, NotFoundError, UsageError } from '../errors.js';
import { isUsableReference, normalizeName } from '../domain/territory.js';

export type Channel = 'affiche' | 'flyer' | 'site' | 'presse' | 'autre';
export const CHANNELS: readonly Channel[] = ['affiche', 'flyer', 'site', 'presse', 'autre'];

export interface Campaign {
  id: number;
  name: string;
  channel: Channel;
  startsOn: string;
  endsOn: string | null;
  notes: string | null;
}

/** Quantities delivered to one place by one campaign. */
export interface PlaceDelivery {
  placeId: number;
  placeName: string;
  communeInsee: string;
  quantity: number;
  deliveries: number;
  lastDate: string;
}

const SELECT = 'SELECT id, name, channel, starts_on AS startsOn, ends_on AS endsOn, notes FROM campaigns';

export function listCampaigns(db: Db): Campaign[] {
  return db.prepare(`${SELECT} ORDER BY starts_on, id`).all() as Campaign[];
}

export function getCampaign(db: Db, id: number): Campaign | undefined {
  return db.prepare(`${SELECT} WHERE id = ?`).get(id) as Campaign | undefined;
}

/** A campaign by id or unambiguous name (as places are found). Unknown → 3, ambiguous → 2. */
export function findCampaign(db: Db, ref: string, flag = 'campagne'): Campaign {
  const text = ref.trim();
  if (!isUsableReference(text)) throw new UsageError(`${flag} : « ${ref} » ne désigne rien ; attendu un numéro ou un nom de campagne (au moins une lettre ou un chiffre).`);
  if (/^\d+$/.test(text)) {
    const campaign = getCampaign(db, Number(text));
    if (campaign) return campaign;
  }
  const all = listCampaigns(db);
  const wanted = normalizeName(text);
  const exact = all.filter((c) => normalizeName(c.name) === wanted);
  if (exact.length === 1) return exact[0];
  const partial = all.filter((c) => normalizeName(c.name).includes(wanted));
  if (partial.length === 1) return partial[0];
  if (partial.length > 1) {
    throw new UsageError(`${flag} : « ${ref} » désigne plusieurs campagnes ; précisez le nom ou le numéro.`).withDetails(
      partial.map((c) => `  ${c.id}  ${c.name}`),
    );
  }
  throw new NotFoundError(`${flag} : aucune campagne « ${ref} » ; voyez la liste avec « cafcharte campagnes list ».`);
}

/** The same name twice (any case) → ConflictError (4); checked and written under one write lock. */
export function insertCampaign(db: Db, c: Omit<Campaign, 'id'>, at: string): number {
  return db.transaction(() => {
    const clash = db.prepare('SELECT id FROM campaigns WHERE name = ?').get(c.name) as { id: number } | undefined;
    if (clash) throw new ConflictError(`--nom : une campagne s’appelle déjà « ${c.name} » (n° ${clash.id}).`);
    return Number(
      db
        .prepare('INSERT INTO campaigns (name, channel, starts_on, ends_on, notes, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(c.name, c.channel, c.startsOn, c.endsOn, c.notes, at).lastInsertRowid,
    );
  }).immediate();
}

export function insertDelivery(db: Db, d: { campaignId: number; placeId: number; quantity: number; deliveredOn: string }, at: string): number {
  return Number(
    db
      .prepare('INSERT INTO campaign_deliveries (campaign_id, place_id, quantity, delivered_on, recorded_at) VALUES (?, ?, ?, ?, ?)')
      .run(d.campaignId, d.placeId, d.quantity, d.deliveredOn, at).lastInsertRowid,
  );
}

/** Totals per place for a campaign, optionally only deliveries within [from, to]. */
export function deliveriesByPlace(db: Db, campaignId: number, range?: { from: string; to: string }): PlaceDelivery[] {
  const rows = db
    .prepare(
      `SELECT d.place_id AS placeId, p.name AS placeName, p.commune_insee AS communeInsee, sum(d.quantity) AS quantity,
              count(*) AS deliveries, max(d.delivered_on) AS lastDate
       FROM campaign_deliveries d JOIN places p ON p.id = d.place_id
       WHERE d.campaign_id = @campaignId AND (@from IS NULL OR d.delivered_on BETWEEN @from AND @to)
       GROUP BY d.place_id`,
    )
    .all({ campaignId, from: range?.from ?? null, to: range?.to ?? null }) as PlaceDelivery[];
  // French order (« Médiathèque » before « MPT »), which SQLite's collations do not give.
  return rows.sort((a, b) => a.placeName.localeCompare(b.placeName, 'fr'));
}

/** Campaigns whose period meets [from, to] (an open-ended campaign runs on). */
export function campaignsActiveDuring(db: Db, from: string, to: string): Campaign[] {
  return db.prepare(`${SELECT} WHERE starts_on <= ? AND (ends_on IS NULL OR ends_on >= ?) ORDER BY starts_on, id`).all(to, from) as Campaign[];
}
