import type { Generated } from 'kysely';
import type { Visibility } from '@tandem/protocol';
import type { SignInCodesTable, SignInTicketsTable } from './signin-links';

/**
 * The tables as Kysely sees them (see migrations.ts). The same columns and meaning as the SQLite schema; times are
 * epoch milliseconds in `bigint` columns, which pool.ts parses into numbers (exact below 2^53).
 */

export interface UsersTable {
  id: string;
  nickname: string;
  token_version: Generated<number>;
  created_at: number;
  wechat_openid: string | null;
  username: string | null;
  password_hash: string | null;
  device_credential_hash: string | null;
  avatar_version: number | null;
}

export interface RoomsTable {
  id: string;
  name: string;
  visibility: Visibility;
  created_by: string;
  /** The owner: the creator until handed over (issue 12). */
  owner_id: string;
  created_at: number;
  last_seq: Generated<number>;
  member_count: Generated<number>;
  /** A direct conversation's two people, lower user id first; null for a room. */
  direct_low: string | null;
  direct_high: string | null;
  change_seq: Generated<number>;
}

export interface MembershipsTable {
  room_id: string;
  user_id: string;
  joined_at: number;
  read_seq: Generated<number>;
}

export interface MessagesTable {
  id: string;
  room_id: string;
  seq: number;
  sender_id: string;
  client_id: string;
  text: string;
  created_at: number;
  change_seq: Generated<number>;
  edited_at: number | null;
  state: 'recalled' | 'deleted' | null;
  reply: string | null;
  mentions: string | null;
}

/** One row per mention (see migration-replies.ts); `user_id` may be `MENTION_ALL`. */
export interface MessageMentionsTable {
  user_id: string;
  room_id: string;
  seq: number;
}

export interface InvitesTable {
  code: string;
  room_id: string;
  created_by: string;
  created_at: number;
  expires_at: number;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  device: string;
  address: string;
  created_at: number;
  last_seen_at: number;
}

export interface AvatarsTable {
  user_id: string;
  bytes: Uint8Array;
  version: number;
  updated_at: number;
}

export interface RoomBansTable {
  room_id: string;
  user_id: string;
  banned_at: number;
}

export interface UserBlocksTable {
  blocker_id: string;
  blocked_id: string;
  created_at: number;
}

export interface MessageReportsTable {
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

export interface MediaTable {
  id: string;
  owner_id: string;
  room_id: string;
  kind: string;
  mime: string;
  size: number;
  hash: string;
  thumb_hash: string | null;
  width: number | null;
  height: number | null;
  duration_ms: number | null;
  name: string | null;
  created_at: number;
  client_id: string | null;
}

export interface Database {
  users: UsersTable;
  rooms: RoomsTable;
  memberships: MembershipsTable;
  messages: MessagesTable;
  message_mentions: MessageMentionsTable;
  invites: InvitesTable;
  sessions: SessionsTable;
  signin_tickets: SignInTicketsTable;
  signin_codes: SignInCodesTable;
  avatars: AvatarsTable;
  room_bans: RoomBansTable;
  user_blocks: UserBlocksTable;
  message_reports: MessageReportsTable;
  media: MediaTable;
}
