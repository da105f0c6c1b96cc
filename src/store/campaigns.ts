// Communication campaigns (art. 3) and what each delivered to each place.
import { sql } from './sql.js';
import { count, type Store } from './engine.js';
import { ConflictError, NotFoundError, UsageError } from '../errors.js';
import { isUsableReference, normalizeName } from '../domain/territory.js';
import { isRowId, isRowIdNumber } from './rowId.js';

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

interface CampaignRow {
  id: number;
  name: string;
  channel: Channel;
  starts_on: string;
  ends_on: string | null;
  notes: string | null;
}

function fromRow(row: CampaignRow): Campaign {
  return { id: Number(row.id), name: row.name, channel: row.channel, startsOn: row.starts_on, endsOn: row.ends_on, notes: row.notes };
}

const CAMPAIGN_COLUMNS = sql`id, name, channel, starts_on, ends_on, notes`;

export async function listCampaigns(store: Store): Promise<Campaign[]> {
  return (await store.all(sql<CampaignRow>`SELECT ${CAMPAIGN_COLUMNS} FROM campaigns ORDER BY starts_on, id`)).map(fromRow);
}

export async function getCampaign(store: Store, id: number): Promise<Campaign | undefined> {
  if (!isRowIdNumber(id)) return undefined;
  const row = await store.one(sql<CampaignRow>`SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE id = ${id}`);
  return row && fromRow(row);
}

/** A campaign by id or unambiguous name (as places are found). Unknown → 3, ambiguous → 2. */
export async function findCampaign(store: Store, ref: string, flag = 'campagne'): Promise<Campaign> {
  const text = ref.trim();
  if (!isUsableReference(text)) throw new UsageError(`${flag} : « ${ref} » ne désigne rien ; attendu un numéro ou un nom de campagne (au moins une lettre ou un chiffre).`);
  if (isRowId(text)) {
    const campaign = await getCampaign(store, Number(text));
    if (campaign) return campaign;
  }
  const all = await listCampaigns(store);
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

/** The same name twice (any case) → ConflictError (4); checked and written in one transaction. */
export async function insertCampaign(store: Store, c: Omit<Campaign, 'id'>, at: string): Promise<number> {
  return store.transaction(async (tx) => {
    const clash = await tx.one(sql<{ id: number }>`SELECT id FROM campaigns WHERE lower(name) = lower(${c.name}) ORDER BY id LIMIT 1`);
    if (clash) throw new ConflictError(`--nom : une campagne s’appelle déjà « ${c.name} » (n° ${clash.id}).`);
    const row = await tx.one(
      sql<{ id: number }>`INSERT INTO campaigns (name, channel, starts_on, ends_on, notes, created_at)
        VALUES (${c.name}, ${c.channel}, ${c.startsOn}, ${c.endsOn}, ${c.notes}, ${at}) RETURNING id`,
    );
    return Number(row!.id);
  });
}

export async function insertDelivery(store: Store, d: { campaignId: number; placeId: number; quantity: number; deliveredOn: string }, at: string): Promise<number> {
  const row = await store.one(
    sql<{ id: number }>`INSERT INTO campaign_deliveries (campaign_id, place_id, quantity, delivered_on, recorded_at)
      VALUES (${d.campaignId}, ${d.placeId}, ${d.quantity}, ${d.deliveredOn}, ${at}) RETURNING id`,
  );
  return Number(row!.id);
}

/** Totals per place for a campaign, optionally only deliveries within [from, to]. */
export async function deliveriesByPlace(store: Store, campaignId: number, range?: { from: string; to: string }): Promise<PlaceDelivery[]> {
  const within = range ? sql`AND d.delivered_on BETWEEN ${range.from} AND ${range.to}` : sql``;
  const rows = await store.all(
    sql<PlaceDelivery>`SELECT d.place_id AS "placeId", p.name AS "placeName", p.commune_insee AS "communeInsee", sum(d.quantity) AS quantity,
              count(*) AS deliveries, max(d.delivered_on) AS "lastDate"
       FROM campaign_deliveries d JOIN places p ON p.id = d.place_id
       WHERE d.campaign_id = ${campaignId} ${within}
       GROUP BY d.place_id, p.name, p.commune_insee`,
  );
  // French order (« Médiathèque » before « MPT »), which neither engine's collation gives.
  return rows
    .map((r) => ({ ...r, placeId: Number(r.placeId), quantity: count(r.quantity), deliveries: count(r.deliveries) }))
    .sort((a, b) => a.placeName.localeCompare(b.placeName, 'fr') || a.placeId - b.placeId);
}

/** Campaigns whose period meets [from, to] (an open-ended campaign runs on). */
export async function campaignsActiveDuring(store: Store, from: string, to: string): Promise<Campaign[]> {
  return (
    await store.all(sql<CampaignRow>`SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE starts_on <= ${to} AND (ends_on IS NULL OR ends_on >= ${from}) ORDER BY starts_on, id`)
  ).map(fromRow);
}
