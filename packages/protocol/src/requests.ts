import * as v from 'valibot';
import {
  JoinedRoomSchema,
  MessageSchema,
  ReadPositionSchema,
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
  MENTIONS_MAX,
  MESSAGE_TEXT_MAX_LENGTH,
  REPORT_REASON_MAX_LENGTH,
  ROOM_NAME_MAX_LENGTH,
  SEARCH_CURSOR_MAX_LENGTH,
  SEARCH_DEFAULT_LIMIT,
  SEARCH_MAX_LIMIT,
  SEARCH_MAX_TERMS,
  SEARCH_QUERY_MAX_LENGTH,
  USERNAME_MAX_LENGTH,
} from './limits';
import { SearchResultSchema, searchTerms } from './search';
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
    /** Makes the message a reply to this message of the same room. */
    replyTo: v.optional(Id),
    /** Members the message mentions, by user id; `MENTION_ALL` (the room's owner only) mentions everyone. */
    mentions: v.optional(v.pipe(v.array(Id), v.maxLength(MENTIONS_MAX))),
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

/** Recall (sender, within the server's recall window) or delete (the room's owner) a message: it becomes a tombstone. */
export const MessageRecallRequestSchema = v.object({ roomId: Id, messageId: Id });
export const MessageDeleteRequestSchema = v.object({ roomId: Id, messageId: Id });

/** Replace the text of one's own message; the same text rules as `message:send`. */
export const MessageEditRequestSchema = v.object({
  roomId: Id,
  messageId: Id,
  text: trimmedText(MESSAGE_TEXT_MAX_LENGTH),
});

/** Catch up on changes: the messages changed after `afterChangeSeq`, by ascending changeSeq. */
export const MessageChangesRequestSchema = v.object({
  roomId: Id,
  afterChangeSeq: Seq,
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

/** The read positions of a room's members, for read receipts (members only). */
export const ReadReceiptsRequestSchema = v.object({ roomId: Id });
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

/** An owner action on a room: rename it. */
export const RoomRenameRequestSchema = v.object({ roomId: Id, name: trimmedText(ROOM_NAME_MAX_LENGTH) });

/** An owner action on one person of a room: `room:kick`, `room:ban`, `room:unban`, `room:transfer`. */
export const RoomMemberRequestSchema = v.object({ roomId: Id, userId: Id });

/** `user:block` and `user:unblock`: the other person. */
export const UserBlockRequestSchema = v.object({ userId: Id });

export const UserBlocksRequestSchema = v.optional(v.object({}), {});

export const MessageReportRequestSchema = v.object({
  roomId: Id,
  messageId: Id,
  /** Why, in the reporter's words; optional. */
  reason: v.optional(trimmedText(REPORT_REASON_MAX_LENGTH)),
});

export const MessageSearchRequestSchema = v.object({
  query: v.pipe(
    wellFormedString(),
    v.trim(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(SEARCH_QUERY_MAX_LENGTH, `must be at most ${SEARCH_QUERY_MAX_LENGTH} characters`),
    v.check((query) => searchTerms(query).length <= SEARCH_MAX_TERMS, `must have at most ${SEARCH_MAX_TERMS} words`),
  ),
  /** Only this room (members only). */
  roomId: v.optional(Id),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(SEARCH_MAX_LIMIT)), SEARCH_DEFAULT_LIMIT),
  /** The `cursor` of the previous page: the results older than its last one. */
  cursor: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(SEARCH_CURSOR_MAX_LENGTH))),
});

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
/** The room as it is after the owner action: its name, its owner. */
export const RoomUpdateResultSchema = v.object({ room: RoomSchema });
/** The people the user has blocked, in the order blocked. */
export const UserBlocksResultSchema = v.object({ users: v.array(UserSchema) });
export const MessageReportResultSchema = v.object({ reportId: v.string() });
/** The message as stored after the edit, recall or delete. */
export const MessageChangeResultSchema = v.object({ message: MessageSchema });
export const MessageChangesResultSchema = v.object({
  /** Ascending changeSeq; each message as it is now. */
  messages: v.array(MessageSchema),
  /** More changes follow the last one returned. */
  hasMore: v.boolean(),
  /** The room's change seq now. */
  changeSeq: v.number(),
});
/** The user's read seq in the room after the mark: the larger of the stored one and the marked one. */
export const ReadMarkResultSchema = v.object({ readSeq: v.number() });
/** Every member's read position in the room, the requesting user's included. */
export const ReadReceiptsResultSchema = v.object({ reads: v.array(ReadPositionSchema) });

export const MessageSearchResultSchema = v.object({
  /** Newest first. */
  results: v.array(SearchResultSchema),
  hasMore: v.boolean(),
  /** Opaque; present when `hasMore`: send it back for the next (older) page. */
  cursor: v.optional(v.string()),
});

/** Every client-to-server event with its payload schema and ack data schema. */
export const requests = {
  'room:list': { payload: RoomListRequestSchema, result: RoomListResultSchema },
  'room:create': { payload: RoomCreateRequestSchema, result: RoomCreateResultSchema },
  'room:join': { payload: RoomJoinRequestSchema, result: RoomJoinResultSchema },
  'room:leave': { payload: RoomLeaveRequestSchema, result: EmptyResultSchema },
  'room:invite': { payload: RoomInviteRequestSchema, result: RoomInviteResultSchema },
  'message:send': { payload: MessageSendRequestSchema, result: MessageSendResultSchema },
  'message:history': { payload: MessageHistoryRequestSchema, result: MessageHistoryResultSchema },
  'message:edit': { payload: MessageEditRequestSchema, result: MessageChangeResultSchema },
  'message:recall': { payload: MessageRecallRequestSchema, result: MessageChangeResultSchema },
  'message:delete': { payload: MessageDeleteRequestSchema, result: MessageChangeResultSchema },
  'message:changes': { payload: MessageChangesRequestSchema, result: MessageChangesResultSchema },
  'typing:update': { payload: TypingUpdateRequestSchema, result: EmptyResultSchema },
  'read:mark': { payload: ReadMarkRequestSchema, result: ReadMarkResultSchema },
  'read:receipts': { payload: ReadReceiptsRequestSchema, result: ReadReceiptsResultSchema },
  'dm:open': { payload: DmOpenRequestSchema, result: DmOpenResultSchema },
  'room:rename': { payload: RoomRenameRequestSchema, result: RoomUpdateResultSchema },
  'room:kick': { payload: RoomMemberRequestSchema, result: EmptyResultSchema },
  'room:ban': { payload: RoomMemberRequestSchema, result: EmptyResultSchema },
  'room:unban': { payload: RoomMemberRequestSchema, result: EmptyResultSchema },
  'room:transfer': { payload: RoomMemberRequestSchema, result: RoomUpdateResultSchema },
  'user:block': { payload: UserBlockRequestSchema, result: UserBlocksResultSchema },
  'user:unblock': { payload: UserBlockRequestSchema, result: UserBlocksResultSchema },
  'user:blocks': { payload: UserBlocksRequestSchema, result: UserBlocksResultSchema },
  'message:report': { payload: MessageReportRequestSchema, result: MessageReportResultSchema },
  'message:search': { payload: MessageSearchRequestSchema, result: MessageSearchResultSchema },
  'media:url': { payload: MediaUrlRequestSchema, result: MediaUrlResultSchema },
} as const;

export type RequestEvent = keyof typeof requests;
/** What a client sends for an event (before defaults and trimming). */
export type RequestInput<E extends RequestEvent> = v.InferInput<(typeof requests)[E]['payload']>;
/** What a handler receives after validation (defaults applied, text trimmed). */
export type RequestPayload<E extends RequestEvent> = v.InferOutput<(typeof requests)[E]['payload']>;
/** The `data` of a successful ack. */
export type ResultOf<E extends RequestEvent> = v.InferOutput<(typeof requests)[E]['result']>;
