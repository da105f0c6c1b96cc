// The comité's meetings as its documents need them: hours, decisions, attendance.
import type { Db } from './open.js';
import type { Attendance } from '../domain/charterDocuments.js';

export interface MeetingRecord {
  id: number;
  heldOn: string;
  place: string | null;
  start: string | null;
  end: string | null;
}

export function findMeeting(db: Db, id: number): MeetingRecord | undefined {
  return db.prepare('SELECT id, held_on AS heldOn, place, starts_at AS start, ends_at AS "end" FROM copil_meetings WHERE id = ?').get(id) as MeetingRecord | undefined;
}

export function setMeetingHours(db: Db, id: number, start: string | null, end: string | null): void {
  db.prepare('UPDATE copil_meetings SET starts_at = ?, ends_at = ? WHERE id = ?').run(start, end, id);
}

export function addDecision(db: Db, meetingId: number, text: string, at: string): number {
  return Number(db.prepare('INSERT INTO copil_decisions (meeting_id, text, recorded_at) VALUES (?, ?, ?)').run(meetingId, text, at).lastInsertRowid);
}

export function listDecisions(db: Db, meetingId: number): { id: number; text: string }[] {
  return db.prepare('SELECT id, text FROM copil_decisions WHERE meeting_id = ? ORDER BY id').all(meetingId) as { id: number; text: string }[];
}

export function recordAttendance(db: Db, meetingId: number, memberId: number, status: Attendance, at: string): void {
  db.prepare(
    `INSERT INTO copil_attendance (meeting_id, member_id, status, recorded_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (meeting_id, member_id) DO UPDATE SET status = excluded.status, recorded_at = excluded.recorded_at`,
  ).run(meetingId, memberId, status, at);
}

/**
 * The members a meeting concerns: those on the comité that day (added before its end, not
 * removed before it) plus anyone whose attendance was recorded, with that attendance.
 */
export function meetingMembers(db: Db, meetingId: number, heldOn: string): { id: number; organisation: 'caf' | 'commune'; role: string; name: string; attendance: Attendance | null }[] {
  return db
    .prepare(
      `SELECT m.id, m.organisation, m.role, m.name, a.status AS attendance
       FROM copil_members m LEFT JOIN copil_attendance a ON a.member_id = m.id AND a.meeting_id = ?
       WHERE a.status IS NOT NULL OR (substr(m.added_at, 1, 10) <= ? AND (m.removed_at IS NULL OR substr(m.removed_at, 1, 10) > ?))
       ORDER BY m.organisation, m.id`,
    )
    .all(meetingId, heldOn, heldOn) as { id: number; organisation: 'caf' | 'commune'; role: string; name: string; attendance: Attendance | null }[];
}

export function findMember(db: Db, id: number): { id: number; name: string; removedAt: string | null } | undefined {
  return db.prepare('SELECT id, name, removed_at AS removedAt FROM copil_members WHERE id = ?').get(id) as { id: number; name: string; removedAt: string | null } | undefined;
}
