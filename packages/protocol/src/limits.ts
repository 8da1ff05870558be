/**
 * Limits of the wire contract. The server enforces them; clients use them to validate input early.
 * Lengths count UTF-16 code units after trimming (a CJK character is one, most emoji are two).
 */

/** Version of this contract; bumped only on an incompatible change. */
export const PROTOCOL_VERSION = 1;

export const NICKNAME_MAX_LENGTH = 32;
export const ROOM_NAME_MAX_LENGTH = 64;
export const MESSAGE_TEXT_MAX_LENGTH = 4000;
/** A report's optional reason (`message:report`), in characters once trimmed. */
export const REPORT_REASON_MAX_LENGTH = 500;
export const CLIENT_ID_MAX_LENGTH = 64;
export const ID_MAX_LENGTH = 64;
export const INVITE_CODE_MAX_LENGTH = 64;
/** Account usernames: letters, digits, `_`, `.` and `-`, unique whatever the letter case. */
export const USERNAME_MIN_LENGTH = 3;
export const USERNAME_MAX_LENGTH = 32;
/** Passwords count characters (code points), so a CJK or emoji password is as long as it looks. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * How long after sending a message its sender may recall it, by default (`RECALL_WINDOW` on the server). Clients
 * offer the action within it; the server's answer decides.
 */
export const RECALL_WINDOW_DEFAULT_MS = 2 * 60 * 1000;

/** Messages in `room:join` without `afterSeq`: the latest page. */
export const JOIN_PAGE_SIZE = 50;
/** Messages in `room:join` with `afterSeq`: at most this many after it. */
export const JOIN_CATCH_UP_LIMIT = 100;
/** `message:history` default and maximum `limit`. */
export const HISTORY_DEFAULT_LIMIT = 50;
export const HISTORY_MAX_LIMIT = 100;

/** `message:search`: the query (after trimming), its words, the page size and the opaque cursor's length. */
export const SEARCH_QUERY_MAX_LENGTH = 100;
export const SEARCH_MAX_TERMS = 8;
export const SEARCH_DEFAULT_LIMIT = 20;
export const SEARCH_MAX_LIMIT = 50;
export const SEARCH_CURSOR_MAX_LENGTH = 200;

/**
 * The server's default `MAX_FRAME_BYTES` (an operator may set another): its Socket.IO `maxHttpBufferSize`, where a
 * larger frame closes the offending connection, and its HTTP body limit (413).
 */
export const MAX_FRAME_BYTES = 64 * 1024;

/** A reply's quote of the message it answers: at most this many characters (code points), then `…`. */
export const REPLY_EXCERPT_LENGTH = 80;
/** `message:send` `mentions`: at most this many user ids. */
export const MENTIONS_MAX = 50;
