// The comité's meetings as its documents need them: hours, decisions, attendance.
import { sql } from './sql.js';
import type { Store } from './engine.js';
import type { Attendance } from '../domain/charterDocuments.js';

export interface MeetingRecord {
  id: number;
  heldOn: string;
  place: string | null;
  start: string | null;
  end: string | null;
}

/** A member as a meeting's documents list them, with the attendance recorded, if any. */
export interface MeetingMember {
  id: number;
  organisation: 'caf' | 'commune';
  role: string;
  name: string;
  attendance: Attendance | null;
}

export async function findMeeting(store: Store, id: number): Promise<MeetingRecord | undefined> {
  return store.one(sql<MeetingRecord>`SELECT id, held_on AS "heldOn", place, starts_at AS start, ends_at AS "end" FROM copil_meetings WHERE id = ${id}`);
}

export async function setMeetingHours(store: Store, id: number, start: string | null, end: string | null): Promise<void> {
  await store.run(sql`UPDATE copil_meetings SET starts_at = ${start}, ends_at = ${end} WHERE id = ${id}`);
}

export async function addDecision(store: Store, meetingId: number, text: string, at: string): Promise<number> {
  const row = await store.one(sql<{ id: number }>`INSERT INTO copil_decisions (meeting_id, text, recorded_at) VALUES (${meetingId}, ${text}, ${at}) RETURNING id`);
  return Number(row!.id);
}

export async function listDecisions(store: Store, meetingId: number): Promise<{ id: number; text: string }[]> {
  return store.all(sql<{ id: number; text: string }>`SELECT id, text FROM copil_decisions WHERE meeting_id = ${meetingId} ORDER BY id`);
}

/** One status per member and meeting: recording it again replaces it. */
export async function recordAttendance(store: Store, meetingId: number, memberId: number, status: Attendance, at: string): Promise<void> {
  await store.run(
    sql`INSERT INTO copil_attendance (meeting_id, member_id, status, recorded_at) VALUES (${meetingId}, ${memberId}, ${status}, ${at})
        ON CONFLICT (meeting_id, member_id) DO UPDATE SET status = excluded.status, recorded_at = excluded.recorded_at`,
  );
}

/**
 * The members a meeting concerns: those on the comité that day (added before its end, not
 * removed before it) plus anyone whose attendance was recorded, with that attendance.
 */
export async function meetingMembers(store: Store, meetingId: number, heldOn: string): Promise<MeetingMember[]> {
  return store.all(
    sql<MeetingMember>`SELECT m.id, m.organisation, m.role, m.name, a.status AS attendance
      FROM copil_members m LEFT JOIN copil_attendance a ON a.member_id = m.id AND a.meeting_id = ${meetingId}
      WHERE a.status IS NOT NULL OR (substr(m.added_at, 1, 10) <= ${heldOn} AND (m.removed_at IS NULL OR substr(m.removed_at, 1, 10) > ${heldOn}))
      ORDER BY m.organisation, m.id`,
  );
}

export async function findMember(store: Store, id: number): Promise<{ id: number; name: string; removedAt: string | null } | undefined> {
  return store.one(sql<{ id: number; name: string; removedAt: string | null }>`SELECT id, name, removed_at AS "removedAt" FROM copil_members WHERE id = ${id}`);
}
