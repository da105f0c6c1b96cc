// Training materials (« supports », préambule and art. 4), their versions, the comité's
// validation of each update (art. 7) and which place holds which version.
import { sql } from './sql.js';
import type { Store } from './engine.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { formatDateFr } from '../domain/dates.js';
import { isRowIdNumber } from './rowId.js';

export type Audience = 'animateurs' | 'allocataires';
export const AUDIENCES: readonly Audience[] = ['animateurs', 'allocataires'];

export interface TrainingMaterialVersion {
  id: number;
  trainingMaterialId: number;
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
  versions: TrainingMaterialVersion[];
}

/** The newest version of a training material that a place received. */
export interface TrainingMaterialHolding {
  placeId: number;
  placeName: string;
  versionId: number;
  version: string;
  deliveredOn: string;
}

interface VersionRow {
  id: number;
  material_id: number;
  version: string;
  audience: Audience;
  file_path: string | null;
  url: string | null;
  validated_meeting_id: number | null;
  held_on: string | null;
  created_at: string;
}

function versionFromRow(row: VersionRow): TrainingMaterialVersion {
  return {
    id: Number(row.id),
    trainingMaterialId: Number(row.material_id),
    version: row.version,
    audience: row.audience,
    filePath: row.file_path,
    url: row.url,
    validatedMeetingId: row.validated_meeting_id === null ? null : Number(row.validated_meeting_id),
    validatedOn: row.held_on,
    createdAt: row.created_at,
  };
}

const VERSION_SELECT = sql`SELECT v.id, v.material_id, v.version, v.audience, v.file_path, v.url, v.validated_meeting_id, m.held_on, v.created_at
  FROM training_material_versions v LEFT JOIN copil_meetings m ON m.id = v.validated_meeting_id`;

export async function listTrainingMaterials(store: Store): Promise<TrainingMaterial[]> {
  const materials = (await store.all(sql<{ id: number; title: string }>`SELECT id, title FROM training_materials`))
    .map((m) => ({ id: Number(m.id), title: m.title }))
    .sort((a, b) => a.title.localeCompare(b.title, 'fr') || a.id - b.id);
  const versions = (await store.all(sql<VersionRow>`${VERSION_SELECT} ORDER BY v.id`)).map(versionFromRow);
  return materials.map((m) => ({ ...m, versions: versions.filter((v) => v.trainingMaterialId === m.id) }));
}

export async function getTrainingMaterial(store: Store, id: number): Promise<TrainingMaterial | undefined> {
  if (!isRowIdNumber(id)) return undefined;
  const row = await store.one(sql<{ id: number; title: string }>`SELECT id, title FROM training_materials WHERE id = ${id}`);
  if (!row) return undefined;
  const versions = await store.all(sql<VersionRow>`${VERSION_SELECT} WHERE v.material_id = ${id} ORDER BY v.id`);
  return { id: Number(row.id), title: row.title, versions: versions.map(versionFromRow) };
}

export async function findTrainingMaterial(store: Store, id: number): Promise<TrainingMaterial> {
  const material = await getTrainingMaterial(store, id);
  if (!material) throw new NotFoundError(`id : aucun support n° ${id} ; voyez la liste avec « cafcharte supports list ».`);
  return material;
}

/**
 * Adds a version: to the training material of that title (any case) if it exists (a new version
 * of the same material), else to a new one. The same version twice (any case) → ConflictError
 * (4). audience null: inherited from the version it replaces.
 */
export async function addTrainingMaterialVersion(
  store: Store,
  v: { title: string; version: string; audience: Audience | null; filePath: string | null; url: string | null },
  at: string,
): Promise<{ trainingMaterialId: number; versionId: number; isNewTrainingMaterial: boolean }> {
  return store.transaction(async (tx) => {
    const existing = await tx.one(sql<{ id: number }>`SELECT id FROM training_materials WHERE lower(title) = lower(${v.title}) ORDER BY id LIMIT 1`);
    const trainingMaterialId = Number(
      existing?.id ?? (await tx.one(sql<{ id: number }>`INSERT INTO training_materials (title, created_at) VALUES (${v.title}, ${at}) RETURNING id`))!.id,
    );
    const clash = await tx.one(
      sql<{ id: number }>`SELECT id FROM training_material_versions WHERE material_id = ${trainingMaterialId} AND lower(version) = lower(${v.version})`,
    );
    if (clash) throw new ConflictError(`--version : le support « ${v.title} » a déjà une version « ${v.version} ».`);
    // Without --public, a new version keeps the public of the one it replaces.
    const previous = await tx.one(
      sql<{ audience: Audience }>`SELECT audience FROM training_material_versions WHERE material_id = ${trainingMaterialId} ORDER BY id DESC LIMIT 1`,
    );
    const audience = v.audience ?? previous?.audience ?? 'animateurs';
    const version = await tx.one(
      sql<{ id: number }>`INSERT INTO training_material_versions (material_id, version, audience, file_path, url, created_at)
        VALUES (${trainingMaterialId}, ${v.version}, ${audience}, ${v.filePath}, ${v.url}, ${at}) RETURNING id`,
    );
    return { trainingMaterialId, versionId: Number(version!.id), isNewTrainingMaterial: !existing };
  });
}

/** What validating the newest version did: `already` when that meeting had validated it. */
export interface Validation {
  trainingMaterial: TrainingMaterial;
  newest: TrainingMaterialVersion;
  /** Date of the validating meeting. */
  heldOn: string;
  already: boolean;
}

/**
 * The comité validates the newest version at one of its meetings (art. 7). Read and written in
 * one transaction: a version added meanwhile must not be validated unseen. Unknown material or
 * meeting → NotFoundError (3); validated by another meeting → ConflictError (4).
 */
export async function validateNewestVersion(store: Store, id: number, meetingId: number, at: string): Promise<Validation> {
  return store.transaction(async (tx) => {
    const trainingMaterial = await findTrainingMaterial(tx, id);
    const meeting = isRowIdNumber(meetingId)
      ? await tx.one(sql<{ held_on: string }>`SELECT held_on FROM copil_meetings WHERE id = ${meetingId}`)
      : undefined;
    if (!meeting) throw new NotFoundError(`--reunion : aucune réunion du comité n° ${meetingId} ; enregistrez-la d’abord avec « cafcharte charter copil meeting add ».`);
    const newest = trainingMaterial.versions.at(-1)!;
    if (newest.validatedMeetingId === meetingId) return { trainingMaterial, newest, heldOn: meeting.held_on, already: true };
    if (newest.validatedMeetingId !== null) {
      throw new ConflictError(
        `id : la version ${newest.version} de « ${trainingMaterial.title} » est déjà validée par la réunion n° ${newest.validatedMeetingId} du ${formatDateFr(newest.validatedOn!)}.`,
      );
    }
    await tx.run(sql`UPDATE training_material_versions SET validated_meeting_id = ${meetingId}, validated_at = ${at} WHERE id = ${newest.id}`);
    return { trainingMaterial, newest, heldOn: meeting.held_on, already: false };
  });
}

/** Records that a place received a version; false when it was already recorded. */
export async function recordTrainingMaterialDelivery(store: Store, d: { versionId: number; placeId: number; deliveredOn: string }, at: string): Promise<boolean> {
  const written = await store.run(
    sql`INSERT INTO training_material_deliveries (version_id, place_id, delivered_on, recorded_at)
        VALUES (${d.versionId}, ${d.placeId}, ${d.deliveredOn}, ${at}) ON CONFLICT DO NOTHING`,
  );
  return written.changes === 1;
}

export async function getTrainingMaterialDelivery(store: Store, versionId: number, placeId: number): Promise<{ deliveredOn: string } | undefined> {
  const row = await store.one(
    sql<{ delivered_on: string }>`SELECT delivered_on FROM training_material_deliveries WHERE version_id = ${versionId} AND place_id = ${placeId}`,
  );
  return row && { deliveredOn: row.delivered_on };
}

/** For each place holding a training material, the newest version it received. */
export async function trainingMaterialHoldings(store: Store, trainingMaterialId: number): Promise<TrainingMaterialHolding[]> {
  const rows = await store.all(
    sql<{ place_id: number; place_name: string; version_id: number; version: string; delivered_on: string }>`
       SELECT d.place_id, p.name AS place_name, v.id AS version_id, v.version, d.delivered_on
       FROM training_material_deliveries d
       JOIN training_material_versions v ON v.id = d.version_id
       JOIN places p ON p.id = d.place_id
       WHERE v.material_id = ${trainingMaterialId} AND v.id = (
         SELECT max(v2.id) FROM training_material_deliveries d2 JOIN training_material_versions v2 ON v2.id = d2.version_id
         WHERE v2.material_id = v.material_id AND d2.place_id = d.place_id)`,
  );
  return rows
    .map((r) => ({ placeId: Number(r.place_id), placeName: r.place_name, versionId: Number(r.version_id), version: r.version, deliveredOn: r.delivered_on }))
    .sort((a, b) => a.placeName.localeCompare(b.placeName, 'fr') || a.placeId - b.placeId);
}

/** Versions validated at meetings held within [from, to]. */
export async function trainingMaterialVersionsValidatedDuring(
  store: Store,
  from: string,
  to: string,
): Promise<{ title: string; version: string; heldOn: string; meetingId: number }[]> {
  // lower(title): the order SQLite gave by the column's NOCASE collation, on both engines.
  const rows = await store.all(
    sql<{ title: string; version: string; held_on: string; meeting_id: number }>`
       SELECT t.title, v.version, m.held_on, m.id AS meeting_id
       FROM training_material_versions v
       JOIN training_materials t ON t.id = v.material_id
       JOIN copil_meetings m ON m.id = v.validated_meeting_id
       WHERE m.held_on BETWEEN ${from} AND ${to}
       ORDER BY m.held_on, lower(t.title), v.id`,
  );
  return rows.map((r) => ({ title: r.title, version: r.version, heldOn: r.held_on, meetingId: Number(r.meeting_id) }));
}

/** validee: newest version validated; initiale: first version, not yet validated (it may be
 *  handed out: art. 7 asks the comité to validate updates); a_valider: an update awaits the comité. */
export type TrainingMaterialState = 'validee' | 'initiale' | 'a_valider';

export const TRAINING_MATERIAL_STATE_LABELS: Record<TrainingMaterialState, string> = {
  validee: 'validée',
  initiale: 'version initiale',
  a_valider: 'nouvelle version à valider',
};

export function trainingMaterialState(material: TrainingMaterial): TrainingMaterialState {
  const newest = material.versions.at(-1)!;
  if (newest.validatedMeetingId !== null) return 'validee';
  return material.versions.length === 1 ? 'initiale' : 'a_valider';
}

/** The version places should hold: the newest validated one, else the first (initial) one. */
export function currentVersion(material: TrainingMaterial): TrainingMaterialVersion {
  return [...material.versions].reverse().find((v) => v.validatedMeetingId !== null) ?? material.versions[0];
}
