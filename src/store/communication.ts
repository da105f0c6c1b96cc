// The report's section « Communication et contenus »: what the campaigns delivered, which
// supports the comité validated, which places went into service, within a date range.
// JSON-shaped (French keys) so that the report can print it or serialise it as it is.
import type { Db } from './open.js';
import { communeByInsee } from '../domain/territory.js';
import { campaignsActiveDuring, deliveriesByPlace } from './campaigns.js';
import { versionsValidatedDuring } from './trainingMaterials.js';
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
export function loadCommunicationSection(db: Db, range: { from: string; to: string }): CommunicationSection {
  const campagnes = campaignsActiveDuring(db, range.from, range.to).map((c) => {
    const diffusions = deliveriesByPlace(db, c.id, range).map((d) => ({ lieu: d.placeName, quantite: d.quantity }));
    return {
      nom: c.name,
      canal: c.channel,
      debut: c.startsOn,
      fin: c.endsOn,
      diffusions,
      total: diffusions.reduce((sum, d) => sum + d.quantite, 0),
    };
  });
  const supports_valides = versionsValidatedDuring(db, range.from, range.to).map((v) => ({ titre: v.title, version: v.version, reunion: v.heldOn }));
  const places = db.prepare('SELECT id, name, commune_insee FROM places').all() as { id: number; name: string; commune_insee: string }[];
  const dates = serviceDates(db);
  const lieux_mis_en_service = places
    .filter((p) => {
      const date = dates.get(p.id);
      return date !== undefined && date >= range.from && date <= range.to;
    })
    .map((p) => ({ lieu: p.name, commune: communeByInsee(p.commune_insee)?.name ?? p.commune_insee, date: dates.get(p.id)! }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.lieu.localeCompare(b.lieu, 'fr'));
  return { campagnes, supports_valides, lieux_mis_en_service };
}

/** How many deliveries (campaigns, supports) and commissioning visits name a place: a place with
 *  any of them cannot be removed without losing that history (see removePlace). */
export function communicationUsage(db: Db, placeId: number): number {
  return (
    db
      .prepare(
        `SELECT (SELECT count(*) FROM campaign_deliveries WHERE place_id = @id)
              + (SELECT count(*) FROM training_material_deliveries WHERE place_id = @id)
              + (SELECT count(*) FROM commissioning_visits WHERE place_id = @id) AS n`,
      )
      .get({ id: placeId }) as { n: number }
  ).n;
}
