import type { Message, Visibility } from '@tandem/protocol';
import type { Invite, RoomRecord, SessionRecord, UserRecord } from './types';

/**
 * Row shapes both SQL backends select (the same columns and aliases; see sqlite/statements.ts and postgres/rooms.ts, messages.ts)
 * and their mapping to the store's records.
 */

export interface UserRow {
  id: string;
  nickname: string;
  token_version: number;
  created_at: number;
  username?: string | null;
}
export interface MessageRow {
  id: string;
  room_id: string;
  seq: number;
  client_id: string;
  sender_id: string;
  sender_nickname: string;
  text: string;
  created_at: number;
}
interface RoomOnlyRow {
  id: string;
  name: string;
  visibility: Visibility;
  created_at: number;
  last_seq: number;
  member_count: number;
  /** The last message's id, or null for an empty room. */
  m_id: string | null;
  /** A direct conversation's two people (null for a room), with their names. */
  direct_low?: string | null;
  direct_low_nickname?: string | null;
  direct_high?: string | null;
  direct_high_nickname?: string | null;
}
export interface InviteRow {
  code: string;
  room_id: string;
  created_by: string;
  created_at: number;
  expires_at: number;
}

/** A room joined with its last message (all message columns null for an empty room). */
export type RoomRow = RoomOnlyRow & MessageRow & { m_created_at: number };

export const toUser = (row: UserRow): UserRecord => ({
  id: row.id,
  nickname: row.nickname,
  tokenVersion: row.token_version,
  createdAt: row.created_at,
  ...(row.username ? { username: row.username } : {}),
});
export const toMessage = (row: MessageRow): Message => ({
  id: row.id,
  roomId: row.room_id,
  seq: row.seq,
  clientId: row.client_id,
  sender: { id: row.sender_id, nickname: row.sender_nickname },
  text: row.text,
  createdAt: row.created_at,
});
export const toRoom = (row: RoomRow): RoomRecord => {
  const room: RoomRecord = {
    id: row.id,
    name: row.name,
    visibility: row.visibility,
    memberCount: row.member_count,
    lastSeq: row.last_seq,
    createdAt: row.created_at,
  };
  if (row.m_id !== null) room.lastMessage = toMessage({ ...row, id: row.m_id, created_at: row.m_created_at });
  if (row.direct_low && row.direct_high) {
    room.direct = [
      { id: row.direct_low, nickname: row.direct_low_nickname ?? '' },
      { id: row.direct_high, nickname: row.direct_high_nickname ?? '' },
    ];
  }
  return room;
};
export const toInvite = (row: InviteRow): Invite => ({
  code: row.code,
  roomId: row.room_id,
  createdBy: row.created_by,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});
export interface SessionRow {
  id: string;
  user_id: string;
  device: string;
  address: string;
  created_at: number;
  last_seen_at: number;
}
export const toSession = (row: SessionRow): SessionRecord => ({
  id: row.id,
  userId: row.user_id,
  device: row.device,
  address: row.address,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at,
});
