// The report's section « Communication et contenus »: what the campaigns delivered, which
// supports the comité validated, which places went into service, within a date range.
// JSON-shaped (French keys) so that the report can print it or serialise it as it is.
import { sql } from './sql.js';
import { count, type Store } from './engine.js';
import { communeByInsee } from '../domain/territory.js';
import { campaignsActiveDuring, deliveriesByPlace } from './campaigns.js';
import { trainingMaterialVersionsValidatedDuring } from './trainingMaterials.js';
import { serviceDates } from './commissioning.js';

export interface CommunicationSection {
  campagnes: {
    nom: string;
    canal: string;
    debut: string;
    fin: string | null;
    diffusions: { lieu: string; quantite: number }[];
    total: number;
  }[];
  /** reunion: the date (YYYY-MM-DD) of the comité meeting that validated the version. */
  supports_valides: { titre: string; version: string; reunion: string }[];
  lieux_mis_en_service: { lieu: string; commune: string; date: string }[];
}

/** Campaigns active during the range with their deliveries in it, validations at meetings held in it, places put into service in it. */
export async function loadCommunicationSection(store: Store, range: { from: string; to: string }): Promise<CommunicationSection> {
  const campagnes = [];
  for (const c of await campaignsActiveDuring(store, range.from, range.to)) {
    const diffusions = (await deliveriesByPlace(store, c.id, range)).map((d) => ({ lieu: d.placeName, quantite: d.quantity }));
    campagnes.push({
      nom: c.name,
      canal: c.channel,
      debut: c.startsOn,
      fin: c.endsOn,
      diffusions,
      total: diffusions.reduce((sum, d) => sum + d.quantite, 0),
    });
  }
  const supports_valides = (await trainingMaterialVersionsValidatedDuring(store, range.from, range.to)).map((v) => ({
    titre: v.title,
    version: v.version,
    reunion: v.heldOn,
  }));
  const places = await store.all(sql<{ id: number; name: string; commune_insee: string }>`SELECT id, name, commune_insee FROM places`);
  const dates = await serviceDates(store);
  const lieux_mis_en_service = places
    .filter((p) => {
      const date = dates.get(Number(p.id));
      return date !== undefined && date >= range.from && date <= range.to;
    })
    .map((p) => ({ lieu: p.name, commune: communeByInsee(p.commune_insee)?.name ?? p.commune_insee, date: dates.get(Number(p.id))! }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.lieu.localeCompare(b.lieu, 'fr'));
  return { campagnes, supports_valides, lieux_mis_en_service };
}

/** How many deliveries (campaigns, training materials) and commissioning visits name a place: a
 *  place with any of them cannot be removed without losing that history (see removePlace). */
export async function communicationUsage(store: Store, placeId: number): Promise<number> {
  const row = await store.one(
    sql<{ n: number }>`SELECT (SELECT count(*) FROM campaign_deliveries WHERE place_id = ${placeId})
                            + (SELECT count(*) FROM training_material_deliveries WHERE place_id = ${placeId})
                            + (SELECT count(*) FROM commissioning_visits WHERE place_id = ${placeId}) AS n`,
  );
  return count(row?.n);
}
