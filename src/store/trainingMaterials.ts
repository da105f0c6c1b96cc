// Training materials (« supports », préambule and art. 4), their versions, the comité's
// validation of each update (art. 7) and which place holds which version.
import type { Db } from './open.js';
import { ConflictError, NotFoundError } from '../errors.js';

export type Audience = 'animateurs' | 'allocataires';
export const AUDIENCES: readonly Audience[] = ['animateurs', 'allocataires'];

export interface MaterialVersion {
  id: number;
  materialId: number;
  version: string;
  audience: Audience;
  filePath: string | null;
  url: string | null;
  validatedMeetingId: number | null;
  /** Date of the validating meeting. */
  validatedOn: string | null;
  createdAt: string;
}

export interface TrainingMaterial {
  id: number;
  title: string;
  /** Oldest first: the last one is the newest. */
  versions: MaterialVersion[];
}

export interface MaterialHolding {
  placeId: number;
  placeName: string;
  versionId: number;
  version: string;
  deliveredOn: string;
}

const VERSION_SELECT = `SELECT v.id, v.material_id AS materialId, v.version, v.audience, v.file_path AS filePath, v.url,
  v.validated_meeting_id AS validatedMeetingId, m.held_on AS validatedOn, v.created_at AS createdAt
  FROM training_material_versions v LEFT JOIN copil_meetings m ON m.id = v.validated_meeting_id`;

export function listMaterials(db: Db): TrainingMaterial[] {
  const materials = (db.prepare('SELECT id, title FROM training_materials').all() as { id: number; title: string }[]).sort((a, b) =>
    a.title.localeCompare(b.title, 'fr'),
  );
  const versions = db.prepare(`${VERSION_SELECT} ORDER BY v.id`).all() as MaterialVersion[];
  return materials.map((m) => ({ ...m, versions: versions.filter((v) => v.materialId === m.id) }));
}

export function getMaterial(db: Db, id: number): TrainingMaterial | undefined {
  const row = db.prepare('SELECT id, title FROM training_materials WHERE id = ?').get(id) as { id: number; title: string } | undefined;
  if (!row) return undefined;
  return { ...row, versions: db.prepare(`${VERSION_SELECT} WHERE v.material_id = ? ORDER BY v.id`).all(id) as MaterialVersion[] };
}

export function findMaterial(db: Db, id: number): TrainingMaterial {
  const material = getMaterial(db, id);
  if (!material) throw new NotFoundError(`id : aucun support n° ${id} ; voyez la liste avec « cafcharte supports list ».`);
  return material;
}

/**
 * Adds a version: to the support of that title if it exists (a new version of the same support),
 * else to a new support. The same version twice → ConflictError (4). audience null: inherited.
 */
export function addMaterialVersion(
  db: Db,
  v: { title: string; version: string; audience: Audience | null; filePath: string | null; url: string | null },
  at: string,
): { materialId: number; versionId: number; isNewMaterial: boolean } {
  return db.transaction(() => {
    const existing = db.prepare('SELECT id FROM training_materials WHERE title = ?').get(v.title) as { id: number } | undefined;
    const materialId = existing?.id ?? Number(db.prepare('INSERT INTO training_materials (title, created_at) VALUES (?, ?)').run(v.title, at).lastInsertRowid);
    const clash = db.prepare('SELECT id FROM training_material_versions WHERE material_id = ? AND version = ?').get(materialId, v.version);
    if (clash) throw new ConflictError(`--version : le support « ${v.title} » a déjà une version « ${v.version} ».`);
    // Without --public, a new version keeps the public of the one it replaces.
    const previous = db.prepare('SELECT audience FROM training_material_versions WHERE material_id = ? ORDER BY id DESC LIMIT 1').get(materialId) as
      | { audience: Audience }
      | undefined;
    const audience = v.audience ?? previous?.audience ?? 'animateurs';
    const versionId = Number(
      db
        .prepare(
          `INSERT INTO training_material_versions (material_id, version, audience, file_path, url, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(materialId, v.version, audience, v.filePath, v.url, at).lastInsertRowid,
    );
    return { materialId, versionId, isNewMaterial: !existing };
  }).immediate();
}

export function validateVersion(db: Db, versionId: number, meetingId: number, at: string): void {
  db.prepare('UPDATE training_material_versions SET validated_meeting_id = ?, validated_at = ? WHERE id = ?').run(meetingId, at, versionId);
}

/** Records that a place received a version; false when it was already recorded. */
export function recordMaterialDelivery(db: Db, d: { versionId: number; placeId: number; deliveredOn: string }, at: string): boolean {
  const info = db
    .prepare('INSERT OR IGNORE INTO training_material_deliveries (version_id, place_id, delivered_on, recorded_at) VALUES (?, ?, ?, ?)')
    .run(d.versionId, d.placeId, d.deliveredOn, at);
  return info.changes === 1;
}

export function getMaterialDelivery(db: Db, versionId: number, placeId: number): { deliveredOn: string } | undefined {
  return db.prepare('SELECT delivered_on AS deliveredOn FROM training_material_deliveries WHERE version_id = ? AND place_id = ?').get(versionId, placeId) as
    | { deliveredOn: string }
    | undefined;
}

/** For each place holding a support, the newest version it received. */
export function holdings(db: Db, materialId: number): MaterialHolding[] {
  const rows = db
    .prepare(
      `SELECT d.place_id AS placeId, p.name AS placeName, v.id AS versionId, v.version, d.delivered_on AS deliveredOn
       FROM training_material_deliveries d
       JOIN training_material_versions v ON v.id = d.version_id
       JOIN places p ON p.id = d.place_id
       WHERE v.material_id = ? AND v.id = (
         SELECT max(v2.id) FROM training_material_deliveries d2 JOIN training_material_versions v2 ON v2.id = d2.version_id
         WHERE v2.material_id = v.material_id AND d2.place_id = d.place_id)`,
    )
    .all(materialId) as MaterialHolding[];
  return rows.sort((a, b) => a.placeName.localeCompare(b.placeName, 'fr'));
}

/** Versions validated at meetings held within [from, to]. */
export function versionsValidatedDuring(db: Db, from: string, to: string): { title: string; version: string; heldOn: string; meetingId: number }[] {
  return db
    .prepare(
      `SELECT t.title, v.version, m.held_on AS heldOn, m.id AS meetingId
       FROM training_material_versions v
       JOIN training_materials t ON t.id = v.material_id
       JOIN copil_meetings m ON m.id = v.validated_meeting_id
       WHERE m.held_on BETWEEN ? AND ?
       ORDER BY m.held_on, t.title, v.id`,
    )
    .all(from, to) as { title: string; version: string; heldOn: string; meetingId: number }[];
}

/** validee: newest version validated; initiale: first version, not yet validated (it may be
 *  handed out: art. 7 asks the comité to validate updates); a_valider: an update awaits the comité. */
export type MaterialState = 'validee' | 'initiale' | 'a_valider';

export const MATERIAL_STATE_LABELS: Record<MaterialState, string> = {
  validee: 'validée',
  initiale: 'version initiale',
  a_valider: 'nouvelle version à valider',
};

export function materialState(material: TrainingMaterial): MaterialState {
  const newest = material.versions.at(-1)!;
  if (newest.validatedMeetingId !== null) return 'validee';
  return material.versions.length === 1 ? 'initiale' : 'a_valider';
}

/** The version places should hold: the newest validated one, else the first (initial) one. */
export function currentVersion(material: TrainingMaterial): MaterialVersion {
  return [...material.versions].reverse().find((v) => v.validatedMeetingId !== null) ?? material.versions[0];
}
