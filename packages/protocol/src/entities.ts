import * as v from 'valibot';

export const UserSchema = v.object({
  id: v.string(),
  nickname: v.string(),
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
  text: v.string(),
  /** Epoch milliseconds. */
  createdAt: v.number(),
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
});
export type Room = v.InferOutput<typeof RoomSchema>;

/** A room as `room:list` lists it: the room, and whether the requesting user is a member. */
export const RoomListItemSchema = v.object({
  ...RoomSchema.entries,
  /** The requesting user is a member (on any of its devices). */
  joined: v.boolean(),
});
export type RoomListItem = v.InferOutput<typeof RoomListItemSchema>;
