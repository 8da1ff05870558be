import * as v from 'valibot';
import type { AckCallback } from './errors';
import { MessageSchema, ReadPositionSchema, RoomSchema, UserSchema } from './entities';
import type { Message } from './entities';
import { BlocksUpdatedSchema, RoomRemovedSchema, RoomUpdatedSchema } from './owners';
import type { BlocksUpdated, RoomRemoved, RoomUpdated } from './owners';
import type { RequestEvent, RequestInput, ResultOf } from './requests';

type Request<E extends RequestEvent> = (payload: RequestInput<E>, ack: AckCallback<ResultOf<E>>) => void;

/**
 * Client to server. Every request takes an ack whose one argument is
 * `{ ok: true, data }` or `{ ok: false, error: { code, message } }`. Each event lists every error code it can
 * answer: `INVALID_PAYLOAD` for a payload that does not match its schema (it changes nothing), `RATE_LIMITED` (with
 * `retryAfterMs`) over the user's limit for the event (it changes nothing), `INTERNAL` for an unexpected server
 * failure. See docs/protocol.md.
 */
export interface ClientToServerEvents {
  /**
   * Rooms the user can see: public rooms and the private rooms it belongs to.
   * Errors: `INVALID_PAYLOAD`, `RATE_LIMITED`, `INTERNAL`.
   */
  'room:list': Request<'room:list'>;
  /**
   * Creates a room; the creator becomes a member.
   * Errors: `INVALID_PAYLOAD`, `RATE_LIMITED`, `FORBIDDEN` (the user in too many rooms), `INTERNAL`.
   */
  'room:create': Request<'room:create'>;
  /**
   * Makes the user a member (remembered across reconnects and devices) and returns the room, its members, who is
   * online and messages: the latest page, or with `afterSeq` the messages after it (`hasMore` when more follow).
   * Errors: `INVALID_PAYLOAD`, `RATE_LIMITED`, `NOT_FOUND` (unknown room), `FORBIDDEN` (private room without a valid
   * invite code, room full, or the user in too many rooms), `INTERNAL`.
   */
  'room:join': Request<'room:join'>;
  /** Ends the membership. Errors: `INVALID_PAYLOAD`, `RATE_LIMITED`, `NOT_FOUND`, `INTERNAL`. */
  'room:leave': Request<'room:leave'>;
  /**
   * An invite code for a room, members only.
   * Errors: `INVALID_PAYLOAD`, `RATE_LIMITED`, `NOT_FOUND`, `FORBIDDEN` (not a member), `INTERNAL`.
   */
  'room:invite': Request<'room:invite'>;
  /**
   * Stores and broadcasts a message; the ack comes after the commit. Idempotent per (sender, clientId): a resend
   * returns the message stored first (its text wins) and is stored and broadcast once. With `mediaId` (an upload of
   * the sender into this room, not yet sent in another message) the message carries that media.
   * Errors: `INVALID_PAYLOAD` (also for a clientId the sender already used in another room, and for a media already
   * sent in another message), `RATE_LIMITED`, `NOT_FOUND` (unknown room or media), `FORBIDDEN` (not a member, or
   * a media of another user or another room), `INTERNAL`.
   */
  'message:send': Request<'message:send'>;
  /**
   * A page of history, ascending seq, members only.
   * Errors: `INVALID_PAYLOAD`, `RATE_LIMITED`, `NOT_FOUND`, `FORBIDDEN` (not a member), `INTERNAL`.
   */
  'message:history': Request<'message:history'>;
  /**
   * Searches the messages of the user's rooms (or of `roomId`), newest first, a page at a time (`cursor`).
   * Errors: `INVALID_PAYLOAD` (also for a cursor the server did not issue), `RATE_LIMITED`, `NOT_FOUND` (unknown
   * `roomId`), `FORBIDDEN` (not a member of `roomId`), `INTERNAL`.
   */
  'message:search': Request<'message:search'>;
  /**
   * Replaces the text of the user's own message (the `message:send` text rules) and sets its `editedAt`; the room
   * hears `message:updated`. Errors: `INVALID_PAYLOAD`, `RATE_LIMITED`, `NOT_FOUND` (unknown room or message),
   * `FORBIDDEN` (not a member, or another's message), `CONFLICT` (the message is recalled or deleted), `INTERNAL`.
   */
  'message:edit': Request<'message:edit'>;
  /**
   * Recalls the user's own message within the server's recall window: a tombstone (`state: 'recalled'`, text
   * wiped); the room hears `message:updated`. Errors: `INVALID_PAYLOAD`, `RATE_LIMITED`, `NOT_FOUND`,
   * `FORBIDDEN` (not a member, another's message, or the window has passed), `CONFLICT` (already a tombstone),
   * `INTERNAL`.
   */
  'message:recall': Request<'message:recall'>;
  /**
   * The room's owner deletes any message of the room: a tombstone (`state: 'deleted'`, text wiped); the room hears
   * `message:updated`. Errors: `INVALID_PAYLOAD`, `RATE_LIMITED`, `NOT_FOUND`, `FORBIDDEN` (not the owner),
   * `CONFLICT` (already a tombstone), `INTERNAL`.
   */
  'message:delete': Request<'message:delete'>;
  /**
   * The room's messages changed (edited, recalled, deleted) after `afterChangeSeq`, members only: how a client that
   * missed `message:updated` catches up. Errors: `INVALID_PAYLOAD`, `RATE_LIMITED`, `NOT_FOUND`, `FORBIDDEN`,
   * `INTERNAL`.
   */
  'message:changes': Request<'message:changes'>;
  /**
   * Typing state of the user in a room, relayed to the other members. The ack is optional. Over the typing rate
   * limit an update is dropped silently (the ack still says ok), so never `RATE_LIMITED`.
   * Errors: `INVALID_PAYLOAD`, `NOT_FOUND`, `FORBIDDEN` (not a member), `INTERNAL`.
   */
  'typing:update': (payload: RequestInput<'typing:update'>, ack?: AckCallback<ResultOf<'typing:update'>>) => void;
  /**
   * Moves the user's read seq in the room forward to `seq` (never back; a seq beyond the room's last counts as the
   * last) and answers the read seq now stored. When it moved, the user's other sockets get `read:updated`.
   * Errors: `INVALID_PAYLOAD`, `RATE_LIMITED`, `NOT_FOUND`, `FORBIDDEN` (not a member), `INTERNAL`.
   */
  'read:mark': Request<'read:mark'>;
  /**
   * Every member's read position in the room, once (after joining or reconnecting); after that `read:receipts`
   * facts carry only the positions that moved. Members only.
   * Errors: `INVALID_PAYLOAD`, `RATE_LIMITED`, `NOT_FOUND`, `FORBIDDEN` (not a member), `INTERNAL`.
   */
  'read:receipts': Request<'read:receipts'>;
  /**
   * Opens the direct conversation with `userId` (or the account `username`, in any letter case): creates it (both people members) the first time, returns the same
   * room after that, whoever opens it. The other person's devices hear `room:added`.
   * Errors: `INVALID_PAYLOAD` (also for the user's own id), `RATE_LIMITED`, `NOT_FOUND` (no such user),
   * `FORBIDDEN` (one of the two has blocked the other), `INTERNAL`.
   */
  'dm:open': Request<'dm:open'>;
  /**
   * Owner only: renames the room; the room hears `room:updated`.
   * Errors: `INVALID_PAYLOAD`, `RATE_LIMITED`, `NOT_FOUND`, `FORBIDDEN` (not the owner, or a direct conversation),
   * `INTERNAL`.
   */
  'room:rename': Request<'room:rename'>;
  /**
   * Owner only: removes a member. The room hears `member:left`; every device of the removed person, on every node,
   * stops hearing the room and gets `room:removed` (`kicked`). They may join again (with an invite if private).
   * Errors: `INVALID_PAYLOAD` (also for the owner's own id), `RATE_LIMITED`, `NOT_FOUND` (unknown room, or the
   * person is not a member), `FORBIDDEN` (not the owner, or a direct conversation), `INTERNAL`.
   */
  'room:kick': Request<'room:kick'>;
  /**
   * Owner only: bans a person (member or not) and removes them as `room:kick` does (`room:removed` says `banned`).
   * A banned person cannot join, not even with an invite code, until unbanned. Banning twice is not an error.
   * Errors: `INVALID_PAYLOAD` (also for the owner's own id), `RATE_LIMITED`, `NOT_FOUND` (unknown room or user),
   * `FORBIDDEN` (not the owner, or a direct conversation), `INTERNAL`.
   */
  'room:ban': Request<'room:ban'>;
  /**
   * Owner only: lifts a ban; it does not make the person a member. Unbanning someone not banned is not an error.
   * Errors: `INVALID_PAYLOAD`, `RATE_LIMITED`, `NOT_FOUND`, `FORBIDDEN` (not the owner, or a direct conversation),
   * `INTERNAL`.
   */
  'room:unban': Request<'room:unban'>;
  /**
   * Owner only: makes another member the owner; the room hears `room:updated`. The old owner stays a member.
   * Errors: `INVALID_PAYLOAD` (also for the owner's own id), `RATE_LIMITED`, `NOT_FOUND` (unknown room, or the person
   * is not a member), `FORBIDDEN` (not the owner, or a direct conversation), `INTERNAL`.
   */
  'room:transfer': Request<'room:transfer'>;
  /**
   * Blocks a person: the client hides their messages, and no direct messages pass between the two (either way).
   * Answers the block list; the user's other devices get `blocks:updated`. Blocking twice is not an error.
   * Errors: `INVALID_PAYLOAD` (also for the user's own id), `RATE_LIMITED`, `NOT_FOUND` (no such user), `INTERNAL`.
   */
  'user:block': Request<'user:block'>;
  /** Lifts a block; answers and announces as `user:block` does. Errors: `INVALID_PAYLOAD`, `RATE_LIMITED`, `INTERNAL`. */
  'user:unblock': Request<'user:unblock'>;
  /** The people the user has blocked. Errors: `INVALID_PAYLOAD`, `RATE_LIMITED`, `INTERNAL`. */
  'user:blocks': Request<'user:blocks'>;
  /**
   * Reports a message to the server's operator: stored with a snapshot of the message, the reporter and the time.
   * Errors: `INVALID_PAYLOAD`, `RATE_LIMITED`, `NOT_FOUND` (unknown room, or no such message there), `FORBIDDEN`
   * (not a member), `INTERNAL`.
   */
  'message:report': Request<'message:report'>;
  /**
   * Fresh signed URLs (`url`, `thumbUrl` for images, `expiresAt`) of a media sent in the room, members only: the
   * URLs a message carries stop working after a few minutes.
   * Errors: `INVALID_PAYLOAD`, `RATE_LIMITED`, `NOT_FOUND` (unknown room, or no such media sent there),
   * `FORBIDDEN` (not a member), `INTERNAL`.
   */
  'media:url': Request<'media:url'>;
}

/** `message:updated`: a message was edited, recalled or deleted; the message as it is now. */
export const MessageUpdatedSchema = v.object({ message: MessageSchema });
export type MessageUpdated = v.InferOutput<typeof MessageUpdatedSchema>;

export const UserUpdatedSchema = v.object({ user: UserSchema });
export type UserUpdated = v.InferOutput<typeof UserUpdatedSchema>;

export const MemberEventSchema = v.object({ roomId: v.string(), user: UserSchema });
export type MemberEvent = v.InferOutput<typeof MemberEventSchema>;

/** `room:added`: a room the user now belongs to, as `room:list` would list it for the user. */
export const RoomAddedSchema = v.object({ room: RoomSchema });
export type RoomAdded = v.InferOutput<typeof RoomAddedSchema>;

export const PresenceUpdateSchema = v.object({ roomId: v.string(), online: v.array(UserSchema) });
export type PresenceUpdate = v.InferOutput<typeof PresenceUpdateSchema>;

/**
 * Who came online and who went offline in a room since the last change event, batched (a reconnect storm is one
 * event per room). The full list comes once, in the `room:join` ack (`online`); after that only these changes.
 */
export const PresenceChangeSchema = v.object({
  roomId: v.string(),
  /** Users who came online (each once, however many devices). */
  came: v.array(UserSchema),
  /** Ids of users who went offline. */
  went: v.array(v.string()),
});
export type PresenceChange = v.InferOutput<typeof PresenceChangeSchema>;

/** Why the server is about to close a socket on purpose; the client acts on `reason`. */
export const SESSION_END_REASONS = ['token_expired', 'signed_out'] as const;
export const SessionEndedSchema = v.object({ reason: v.picklist(SESSION_END_REASONS) });
export type SessionEnded = v.InferOutput<typeof SessionEndedSchema>;

export const TypingUpdateSchema = v.object({ roomId: v.string(), user: UserSchema, typing: v.boolean() });
export type TypingUpdate = v.InferOutput<typeof TypingUpdateSchema>;

/** The user's read seq in a room moved forward (on another of its devices). */
export const ReadUpdatedSchema = v.object({ roomId: v.string(), readSeq: v.number() });
export type ReadUpdated = v.InferOutput<typeof ReadUpdatedSchema>;

/**
 * Read positions that moved in a room since the last such event, batched per room and sent at most once a second by
 * each server node (a user's last position in the batch wins). Only marks made with `read:mark`: a sender's own
 * position also moves to each message it sends, which clients read off `message:created`.
 */
export const ReadReceiptsSchema = v.object({ roomId: v.string(), reads: v.array(ReadPositionSchema) });
export type ReadReceipts = v.InferOutput<typeof ReadReceiptsSchema>;

/**
 * Server to client: facts, past tense. Sent to every socket subscribed to the room (members only), except
 * `session:ended`, `read:updated`, `room:removed` and `blocks:updated`, which go to the sockets of one user.
 */
export interface ServerToClientEvents {
  /** A stored message, to every socket in the room, the sender's included: clients reconcile by clientId. */
  'message:created': (message: Message) => void;
  /** An edit, recall or delete of one of the room's messages, to every socket in the room. */
  'message:updated': (event: MessageUpdated) => void;
  'member:joined': (event: MemberEvent) => void;
  /** The user became a member without asking on this device: another person opened a direct conversation. */
  'room:added': (event: RoomAdded) => void;
  'member:left': (event: MemberEvent) => void;
  /**
   * Protocol v1: the room's whole online list. No longer sent (it is quadratic in the room's size); kept so v1
   * clients type-check. See `presence:changed`.
   */
  'presence:updated': (event: PresenceUpdate) => void;
  /** Who came online and went offline in the room (a user with several devices counts once). */
  'presence:changed': (event: PresenceChange) => void;
  /**
   * Sent right before the server disconnects the socket on purpose. `token_expired`: refresh the token and
   * reconnect. `signed_out`: the session was signed out (on this or another device); do not reconnect.
   */
  'session:ended': (event: SessionEnded) => void;
  'typing:updated': (event: TypingUpdate) => void;
  /** The user's read seq in the room moved forward: to the user's sockets but the one that marked it. */
  'read:updated': (event: ReadUpdated) => void;
  /** Members' read positions that moved in the room (read receipts), batched: at most one a second per node. */
  'read:receipts': (event: ReadReceipts) => void;
  /** A user changed its display name or avatar: to the rooms it is a member of and to its own sockets. */
  'user:updated': (event: UserUpdated) => void;
  /** The owner renamed the room or handed it over: to the room. */
  'room:updated': (event: RoomUpdated) => void;
  /** The owner removed or banned the user: to every socket of that user, which no longer hears the room. */
  'room:removed': (event: RoomRemoved) => void;
  /** The user's block list changed: to the user's sockets but the one that changed it. */
  'blocks:updated': (event: BlocksUpdated) => void;
}

export const serverEvents = {
  'message:created': MessageSchema,
  'message:updated': MessageUpdatedSchema,
  'member:joined': MemberEventSchema,
  'room:added': RoomAddedSchema,
  'member:left': MemberEventSchema,
  'presence:updated': PresenceUpdateSchema,
  'presence:changed': PresenceChangeSchema,
  'session:ended': SessionEndedSchema,
  'typing:updated': TypingUpdateSchema,
  'read:updated': ReadUpdatedSchema,
  'read:receipts': ReadReceiptsSchema,
  'user:updated': UserUpdatedSchema,
  'room:updated': RoomUpdatedSchema,
  'room:removed': RoomRemovedSchema,
  'blocks:updated': BlocksUpdatedSchema,
} as const;

/** The Socket.IO handshake `auth` object. */
export interface HandshakeAuth {
  token: string;
}
