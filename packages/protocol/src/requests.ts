import * as v from 'valibot';
import {
  JoinedRoomSchema,
  MessageSchema,
  RoomListItemSchema,
  RoomSchema,
  UserSchema,
  VisibilitySchema,
} from './entities';
import {
  CLIENT_ID_MAX_LENGTH,
  HISTORY_DEFAULT_LIMIT,
  HISTORY_MAX_LIMIT,
  ID_MAX_LENGTH,
  INVITE_CODE_MAX_LENGTH,
  MESSAGE_TEXT_MAX_LENGTH,
  ROOM_NAME_MAX_LENGTH,
  USERNAME_MAX_LENGTH,
} from './limits';
import { MediaUrlsEntries } from './media';

/**
 * True when the string has no lone surrogate: it is well-formed Unicode, so UTF-8 storage keeps it exactly (a lone
 * surrogate would be stored as U+FFFD). `String.prototype.isWellFormed` is missing from some mini program runtimes.
 */
export function isWellFormedText(text: string): boolean {
  // A loop, not a regex: lookbehind is missing from older iOS JavaScriptCore, where WeChat runs.
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    const next = text.charCodeAt(i + 1);
    if (unit > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return false;
    i++;
  }
  return true;
}

/** A string that is well-formed Unicode; anything else could not be stored exactly. */
export const wellFormedString = () =>
  v.pipe(v.string(), v.check(isWellFormedText, 'must be well-formed Unicode (no lone surrogates)'));

/** A string that is 1..max characters long once trimmed; the trimmed value is what the server keeps. */
export const trimmedText = (max: number) =>
  v.pipe(
    wellFormedString(),
    v.trim(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(max, `must be at most ${max} characters`),
  );

const Id = v.pipe(wellFormedString(), v.minLength(1), v.maxLength(ID_MAX_LENGTH));
const Seq = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

// Requests, client to server. Unknown keys are dropped.

export const RoomListRequestSchema = v.optional(v.object({}), {});

export const RoomCreateRequestSchema = v.object({
  name: trimmedText(ROOM_NAME_MAX_LENGTH),
  visibility: v.optional(VisibilitySchema, 'public'),
});

export const RoomJoinRequestSchema = v.object({
  roomId: Id,
  /** Catch up: the messages after this seq, ascending, up to `JOIN_CATCH_UP_LIMIT`. */
  afterSeq: v.optional(Seq),
  /** Admits a non-member to a private room. */
  inviteCode: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(INVITE_CODE_MAX_LENGTH))),
});

export const RoomLeaveRequestSchema = v.object({ roomId: Id });

export const RoomInviteRequestSchema = v.object({ roomId: Id });

/**
 * `text` is required (1.. characters once trimmed) unless `mediaId` is given: then it is the optional caption
 * (empty by default). `mediaId` is what `POST /api/media` answered, uploaded by the sender into this room.
 */
export const MessageSendRequestSchema = v.pipe(
  v.object({
    roomId: Id,
    clientId: v.pipe(wellFormedString(), v.minLength(1), v.maxLength(CLIENT_ID_MAX_LENGTH)),
    text: v.optional(
      v.pipe(
        wellFormedString(),
        v.trim(),
        v.maxLength(MESSAGE_TEXT_MAX_LENGTH, `must be at most ${MESSAGE_TEXT_MAX_LENGTH} characters`),
      ),
      '',
    ),
    mediaId: v.optional(Id),
  }),
  v.check((request) => request.text !== '' || request.mediaId !== undefined, 'text must not be empty without mediaId'),
);

export const MessageHistoryRequestSchema = v.object({
  roomId: Id,
  /** Only messages with a smaller seq; without `afterSeq`, the newest of those. */
  beforeSeq: v.optional(Seq),
  /** Only messages with a larger seq, oldest first. */
  afterSeq: v.optional(Seq),
  limit: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(HISTORY_MAX_LIMIT)),
    HISTORY_DEFAULT_LIMIT,
  ),
});

export const TypingUpdateRequestSchema = v.object({
  roomId: Id,
  typing: v.boolean(),
});

export const ReadMarkRequestSchema = v.object({
  roomId: Id,
  /** The highest seq the user has seen in the room; one beyond the room's last seq counts as the last. */
  seq: Seq,
});

/** Fresh signed URLs of a media in a room (members only), when those a message carried have expired. */
export const MediaUrlRequestSchema = v.object({ roomId: Id, mediaId: Id });

/** The other person of a direct conversation: by user id, or by the username of an account (any letter case). */
export const DmOpenRequestSchema = v.pipe(
  v.object({
    userId: v.optional(Id),
    username: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(USERNAME_MAX_LENGTH))),
  }),
  v.check(
    (request) => (request.userId === undefined) !== (request.username === undefined),
    'give either userId or username',
  ),
);

// Ack data, server to client.

export const RoomListResultSchema = v.object({ rooms: v.array(RoomListItemSchema) });
export const RoomCreateResultSchema = v.object({ room: RoomSchema });
export const RoomJoinResultSchema = v.object({
  /** With the joining user's `readSeq` and `unread` there. */
  room: JoinedRoomSchema,
  members: v.array(UserSchema),
  /** Online members, each user once however many devices it has. */
  online: v.array(UserSchema),
  /** Ascending seq. */
  messages: v.array(MessageSchema),
  hasMore: v.boolean(),
});
export const EmptyResultSchema = v.object({});
/** The direct conversation, the same for both people however often and from wherever it is opened. */
export const DmOpenResultSchema = v.object({ room: RoomSchema });
export const MediaUrlResultSchema = v.object({ ...MediaUrlsEntries });
export const RoomInviteResultSchema = v.object({ code: v.string(), expiresAt: v.number() });
export const MessageSendResultSchema = v.object({ message: MessageSchema });
export const MessageHistoryResultSchema = v.object({ messages: v.array(MessageSchema), hasMore: v.boolean() });
/** The user's read seq in the room after the mark: the larger of the stored one and the marked one. */
export const ReadMarkResultSchema = v.object({ readSeq: v.number() });

/** Every client-to-server event with its payload schema and ack data schema. */
export const requests = {
  'room:list': { payload: RoomListRequestSchema, result: RoomListResultSchema },
  'room:create': { payload: RoomCreateRequestSchema, result: RoomCreateResultSchema },
  'room:join': { payload: RoomJoinRequestSchema, result: RoomJoinResultSchema },
  'room:leave': { payload: RoomLeaveRequestSchema, result: EmptyResultSchema },
  'room:invite': { payload: RoomInviteRequestSchema, result: RoomInviteResultSchema },
  'message:send': { payload: MessageSendRequestSchema, result: MessageSendResultSchema },
  'message:history': { payload: MessageHistoryRequestSchema, result: MessageHistoryResultSchema },
  'typing:update': { payload: TypingUpdateRequestSchema, result: EmptyResultSchema },
  'read:mark': { payload: ReadMarkRequestSchema, result: ReadMarkResultSchema },
  'dm:open': { payload: DmOpenRequestSchema, result: DmOpenResultSchema },
  'media:url': { payload: MediaUrlRequestSchema, result: MediaUrlResultSchema },
} as const;

export type RequestEvent = keyof typeof requests;
/** What a client sends for an event (before defaults and trimming). */
export type RequestInput<E extends RequestEvent> = v.InferInput<(typeof requests)[E]['payload']>;
/** What a handler receives after validation (defaults applied, text trimmed). */
export type RequestPayload<E extends RequestEvent> = v.InferOutput<(typeof requests)[E]['payload']>;
/** The `data` of a successful ack. */
export type ResultOf<E extends RequestEvent> = v.InferOutput<(typeof requests)[E]['result']>;
