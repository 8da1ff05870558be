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
};

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
