import type { MessageReport } from './safety-types';

/** A row of `message_reports`, the same on both backends. */
export interface ReportRow {
  id: string;
  room_id: string;
  message_id: string;
  seq: number;
  sender_id: string;
  text: string;
  reporter_id: string;
  reason: string | null;
  created_at: number;
}

export const toReport = (row: ReportRow): MessageReport => ({
  id: row.id,
  roomId: row.room_id,
  messageId: row.message_id,
  seq: row.seq,
  senderId: row.sender_id,
  text: row.text,
  reporterId: row.reporter_id,
  ...(row.reason === null ? {} : { reason: row.reason }),
  createdAt: row.created_at,
});
