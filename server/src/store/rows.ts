import { avatarUrl } from '@tandem/protocol';
import type { Message, MessageReply, SessionUser, User, Visibility } from '@tandem/protocol';
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
  /** NULL when the user has no avatar. */
  avatar_version: number | null;
}
export interface MessageRow {
  id: string;
  room_id: string;
  seq: number;
  client_id: string;
  sender_id: string;
  sender_nickname: string;
  sender_avatar_version: number | null;
  text: string;
  created_at: number;
  /** Null (or not selected) for a message never edited. */
  edited_at?: number | null;
  /** Null for a normal message; a tombstone's state otherwise. */
  state?: MessageState | null;
  /** 0 for a message never changed. */
  change_seq?: number | null;
  /** JSON of the quoted message (`MessageReply`), null when the message is no reply. */
  reply: string | null;
  /** JSON array of the mentioned user ids, null when none. */
  mentions: string | null;
}
export type MessageState = NonNullable<Message['state']>;
interface RoomOnlyRow {
  id: string;
  name: string;
  visibility: Visibility;
  created_at: number;
  last_seq: number;
  member_count: number;
  owner_id: string;
  /** The room's change seq (aliased: `change_seq` is the last message's). */
  room_change_seq?: number | null;
  /** The last message's id, or null for an empty room. */
  m_id: string | null;
  /** A direct conversation's two people (null for a room), with their names. */
  direct_low?: string | null;
  direct_low_nickname?: string | null;
  direct_high?: string | null;
  direct_high_nickname?: string | null;
  direct_low_avatar_version?: number | null;
  direct_high_avatar_version?: number | null;
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

/** A user as the protocol shows it: `avatar` only when it has one. */
export const userOf = (id: string, nickname: string, avatarVersion: number | null | undefined): User =>
  avatarVersion === null || avatarVersion === undefined
    ? { id, nickname }
    : { id, nickname, avatar: avatarUrl(id, avatarVersion) };

/** Only the protocol's fields of a user (a record holds more): id, nickname and, when it has one, avatar. */
export const publicUser = ({ id, nickname, avatar }: User): User =>
  avatar === undefined ? { id, nickname } : { id, nickname, avatar };

/** The signed-in user as session and profile answers show it: `username` only for accounts that have one. */
export const sessionUser = (user: UserRecord): SessionUser => ({
  ...publicUser(user),
  ...(user.username ? { username: user.username } : {}),
});

/** A member-list row: the user's id, nickname and avatar version. */
export interface MemberRow {
  id: string;
  nickname: string;
  avatar_version: number | null;
}
export const toMember = (row: MemberRow): User => userOf(row.id, row.nickname, row.avatar_version);

export const toUser = (row: UserRow): UserRecord => ({
  ...userOf(row.id, row.nickname, row.avatar_version),
  tokenVersion: row.token_version,
  createdAt: row.created_at,
  ...(row.username ? { username: row.username } : {}),
});
export const toMessage = (row: MessageRow): Message => ({
  id: row.id,
  roomId: row.room_id,
  seq: row.seq,
  clientId: row.client_id,
  sender: userOf(row.sender_id, row.sender_nickname, row.sender_avatar_version),
  text: row.text,
  createdAt: row.created_at,
  ...(row.edited_at === null || row.edited_at === undefined ? {} : { editedAt: row.edited_at }),
  ...(row.state ? { state: row.state } : {}),
  ...(row.change_seq ? { changeSeq: row.change_seq } : {}),
  ...replyFields(row.reply, row.mentions),
});

/** The optional reply and mention fields of a message from their stored JSON (absent when null). */
export function replyFields(
  reply: string | null,
  mentions: string | null,
): Pick<Message, 'replyTo' | 'reply' | 'mentions'> {
  const fields: Pick<Message, 'replyTo' | 'reply' | 'mentions'> = {};
  if (reply !== null) {
    const quoted = JSON.parse(reply) as MessageReply;
    fields.replyTo = quoted.id;
    fields.reply = quoted;
  }
  if (mentions !== null) fields.mentions = JSON.parse(mentions) as string[];
  return fields;
}

/** The stored JSON of a new message's reply and mentions (null when it has none). */
export const replyColumns = ({
  reply,
  mentions,
}: {
  reply?: MessageReply | undefined;
  mentions?: string[] | undefined;
}) => ({
  reply: reply === undefined ? null : JSON.stringify(reply),
  mentions: mentions === undefined || mentions.length === 0 ? null : JSON.stringify(mentions),
});
export const toRoom = (row: RoomRow): RoomRecord => {
  const room: RoomRecord = {
    id: row.id,
    name: row.name,
    visibility: row.visibility,
    memberCount: row.member_count,
    lastSeq: row.last_seq,
    createdAt: row.created_at,
    ownerId: row.owner_id,
  };
  if (row.room_change_seq) room.changeSeq = row.room_change_seq;
  if (row.owner_id && !row.direct_low) room.ownerId = row.owner_id;
  if (row.m_id !== null) room.lastMessage = toMessage({ ...row, id: row.m_id, created_at: row.m_created_at });
  if (row.direct_low && row.direct_high) {
    room.direct = [
      userOf(row.direct_low, row.direct_low_nickname ?? '', row.direct_low_avatar_version),
      userOf(row.direct_high, row.direct_high_nickname ?? '', row.direct_high_avatar_version),
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
