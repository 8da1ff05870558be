import * as v from 'valibot';
import { MediaSchema } from './media';

export const UserSchema = v.object({
  id: v.string(),
  /** The display name; not the username, and editable (`POST /api/profile`). */
  nickname: v.string(),
  /**
   * The relative URL of the user's avatar (`avatarUrl`: `/api/avatars/<id>?v=<version>`, a new URL for each new
   * image), absent when the user has none: clients show initials on a colour derived from the id then.
   */
  avatar: v.optional(v.string()),
});
export type User = v.InferOutput<typeof UserSchema>;

/** The quoted message of a reply, as it was when the reply was sent (a snapshot taken by the server). */
export const MessageReplySchema = v.object({
  id: v.string(),
  seq: v.number(),
  sender: UserSchema,
  /** The quoted text, whitespace folded, cut to `REPLY_EXCERPT_LENGTH` characters with `…`. */
  excerpt: v.string(),
});
export type MessageReply = v.InferOutput<typeof MessageReplySchema>;

/** In `mentions`: the whole room (only its owner may mention it). */
export const MENTION_ALL = 'all';

export const MessageSchema = v.object({
  id: v.string(),
  roomId: v.string(),
  /** Per room, starts at 1, gapless. */
  seq: v.number(),
  /** Chosen by the sender; a resend with the same clientId returns the stored message. */
  clientId: v.string(),
  sender: UserSchema,
  /** May be empty when the message carries `media` (its caption is optional). */
  text: v.string(),
  /** Epoch milliseconds. */
  createdAt: v.number(),
  /** When its sender last edited its text (epoch ms); absent for a message never edited. */
  editedAt: v.optional(v.number()),
  /**
   * A tombstone: recalled by its sender or deleted by the room's owner. It keeps its id and seq; its text is ''
   * (wiped from the server's store). Absent for a normal message.
   */
  state: v.optional(v.picklist(['recalled', 'deleted'])),
  /**
   * The room's change seq at the message's last edit, recall or delete (see `message:changes`); absent (0) for a
   * message never changed. A client applies a copy of a message only when its changeSeq is newer than the one it has.
   */
  changeSeq: v.optional(v.number()),
  /** Only on a reply: the id of the message it answers (in the same room). */
  replyTo: v.optional(v.string()),
  /** Only on a reply: the quoted message. */
  reply: v.optional(MessageReplySchema),
  /** Only when someone is mentioned: the mentioned members' user ids, and `MENTION_ALL` for `@all`. */
  mentions: v.optional(v.array(v.string())),
  /** An image, file or voice message's media, with URLs signed for the room's members (issue 13). */
  media: v.optional(MediaSchema),
});
export type Message = v.InferOutput<typeof MessageSchema>;

export const VisibilitySchema = v.picklist(['public', 'private']);
export type Visibility = v.InferOutput<typeof VisibilitySchema>;

export const RoomSchema = v.object({
  id: v.string(),
  name: v.string(),
  visibility: VisibilitySchema,
  memberCount: v.number(),
  onlineCount: v.number(),
  /** Seq of the newest message; 0 for an empty room. */
  lastSeq: v.number(),
  lastMessage: v.optional(MessageSchema),
  createdAt: v.number(),
  /** The room's change seq: bumped on every edit, recall or delete of one of its messages; absent (0) for none. */
  changeSeq: v.optional(v.number()),
  /**
   * The user who owns the room: its creator until the owner transfers it (`room:transfer`). Only the owner renames,
   * removes (`room:kick`), bans and unbans members. A direct conversation names the person who opened it, but has
   * no owner actions and no deletes.
   */
  ownerId: v.string(),
  /**
   * Only for a direct conversation (`dm:open`): its two people, by user id order. A client titles it with the one
   * who is not the user. Private by construction: no invites, no third member, no leaving.
   */
  direct: v.optional(v.array(UserSchema)),
});
export type Room = v.InferOutput<typeof RoomSchema>;

/**
 * The requesting user's read state in a room, kept by the server per user (so it follows the person across devices).
 * Both are 0 in a room the user is not a member of.
 */
export const ReadStateEntries = {
  /** The highest seq the user has read there; never moves back. Sending a message reads up to it. */
  readSeq: v.number(),
  /** `lastSeq - readSeq`: the messages the user has not read yet. */
  unread: v.number(),
  /** Of the unread messages (seq > readSeq), how many mention the user or `@all`. */
  mentions: v.number(),
};

/** Where one member has read up to in a room: read receipts are computed from these on the client. */
export const ReadPositionSchema = v.object({ userId: v.string(), readSeq: v.number() });
export type ReadPosition = v.InferOutput<typeof ReadPositionSchema>;

/** A room as `room:list` lists it: the room, whether the requesting user is a member, and its read state there. */
export const RoomListItemSchema = v.object({
  ...RoomSchema.entries,
  /** The requesting user is a member (on any of its devices). */
  joined: v.boolean(),
  ...ReadStateEntries,
});
export type RoomListItem = v.InferOutput<typeof RoomListItemSchema>;

/** A room as the `room:join` ack returns it: the room and the joining user's read state there. */
export const JoinedRoomSchema = v.object({ ...RoomSchema.entries, ...ReadStateEntries });
export type JoinedRoom = v.InferOutput<typeof JoinedRoomSchema>;
