import type { Message, MessageReply, ReadPosition, Room, SearchRoom, User, Visibility } from '@tandem/protocol';
import type { MediaStore } from './media-types';
import type { SafetyStore } from './safety-types';
import type { SignInLinkStore } from './signin-link-types';

/**
 * Persistence behind small async interfaces, so handlers never know the backend: SQLite (sqlite/) or PostgreSQL
 * (postgres/). Every backend passes test/store.contract.test.ts. A resolved write is committed (durable): callers ack
 * after it; a rejected one may or may not have been (a lost connection), so callers answer INTERNAL, never ok.
 */

export interface UserRecord extends User {
  /** Tokens carry it as `ver`; bumping it signs the user out everywhere. */
  tokenVersion: number;
  createdAt: number;
  /** Only for accounts with a password; as chosen (letter case kept), unique in any letter case. */
  username?: string | undefined;
}

export interface NewAccount {
  username: string;
  /** An argon2id PHC string (see passwords.ts); never the password. */
  passwordHash: string;
  nickname: string;
  createdAt: number;
}

/** What a password sign-in needs of a user. */
export interface Credentials {
  user: UserRecord;
  passwordHash: string;
}

/** A guest's claim: the account with its username, or why not. */
export type ClaimResult = UserRecord | 'username-taken' | 'already-claimed' | 'not-found';

/** A room as stored; `onlineCount` is live state the server adds. */
export type RoomRecord = Omit<Room, 'onlineCount'>;

export interface NewRoom {
  name: string;
  visibility: Visibility;
  creatorId: string;
  createdAt: number;
}

export interface Invite {
  code: string;
  roomId: string;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
}

export interface NewMessage {
  roomId: string;
  sender: User;
  clientId: string;
  text: string;
  createdAt: number;
  /** The quoted message of a reply, as the handler built it (same room, excerpt computed). */
  reply?: MessageReply | undefined;
  /** Mentioned user ids (members, or `MENTION_ALL`), as the handler checked them; stored for the mention counts. */
  mentions?: string[] | undefined;
}

export interface AppendResult {
  message: Message;
  /** False when (sender, clientId) was already stored: `message` is the stored one and nothing was written. */
  created: boolean;
}

/**
 * With `afterSeq`: the oldest `limit` messages with seq > afterSeq (and < beforeSeq if given); `hasMore` when more
 * follow. Otherwise: the newest `limit` messages with seq < beforeSeq (or overall); `hasMore` when older ones exist.
 * Messages are always in ascending seq.
 */
export interface MessagePageQuery {
  afterSeq?: number | undefined;
  beforeSeq?: number | undefined;
  limit: number;
}

export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
}

export interface UserStore {
  createUser(nickname: string, createdAt: number): Promise<UserRecord>;
  findUser(id: string): Promise<UserRecord | undefined>;
  /** The user of a WeChat openid, created with `nickname` on its first sign-in (later sign-ins keep its name). */
  findOrCreateWechatUser(openid: string, nickname: string, createdAt: number): Promise<UserRecord>;
  /**
   * The user of a device account's credential hash (SHA-256 hex of the client's secret), created with `nickname` on
   * its first sign-in (later sign-ins keep its name). Racing first sign-ins make one user.
   */
  findOrCreateDeviceUser(credentialHash: string, nickname: string, createdAt: number): Promise<UserRecord>;
  /** The user of a device account's credential hash, or undefined. */
  findDeviceUser(credentialHash: string): Promise<UserRecord | undefined>;
  /** Creates an account; undefined when the username is taken in any letter case. */
  createAccount(account: NewAccount): Promise<UserRecord | undefined>;
  /** The user and password hash of a username, in any letter case. */
  findCredentials(username: string): Promise<Credentials | undefined>;
  /** Gives a user without a username and not of WeChat (a nickname guest, a device account) a username and password. */
  claimAccount(userId: string, username: string, passwordHash: string): Promise<ClaimResult>;
  /** Invalidates every token issued so far; resolves with the new version, or undefined for an unknown user. */
  bumpTokenVersion(userId: string): Promise<number | undefined>;
}

/** A direct conversation to open: its two people, and the name older clients show. */
export interface NewDirectRoom {
  userIds: [string, string];
  name: string;
  creatorId: string;
  createdAt: number;
}

export interface DirectRoomOpened {
  room: RoomRecord;
  /** False when the pair already had its conversation: nothing was written. */
  created: boolean;
}

export interface DirectRoomStore {
  /** The pair's direct conversation (a private room, both members), created the first time: one per pair. */
  openDirectRoom(room: NewDirectRoom): Promise<DirectRoomOpened>;
}

/** A user's stored avatar: WebP bytes as the server re-encoded them, and the version its URL names. */
export interface AvatarImage {
  bytes: Uint8Array;
  version: number;
}

/** The user's own profile: display name and avatar. Each write resolves with the user as it is now. */
export interface ProfileStore {
  /** Sets the display name; undefined for an unknown user. */
  setNickname(userId: string, nickname: string): Promise<UserRecord | undefined>;
  /**
   * Stores `bytes` as the user's avatar under a new version: `updatedAt` (epoch ms), or one more than the version it
   * had if that is not below it. A URL of an earlier image is never reused (unless the clock goes back past a removal).
   */
  setAvatar(userId: string, bytes: Uint8Array, updatedAt: number): Promise<UserRecord | undefined>;
  /** Deletes the user's avatar, if any; undefined for an unknown user. */
  removeAvatar(userId: string): Promise<UserRecord | undefined>;
  findAvatar(userId: string): Promise<AvatarImage | undefined>;
}

export interface RoomStore {
  /** Creates the room with its creator as the first member. */
  createRoom(room: NewRoom): Promise<RoomRecord>;
  findRoom(id: string): Promise<RoomRecord | undefined>;
  /** Public rooms and the private rooms the user belongs to, oldest first. */
  listVisibleRooms(userId: string): Promise<RoomRecord[]>;
  /** True when the user was not a member before. */
  addMember(roomId: string, userId: string, joinedAt: number): Promise<boolean>;
  /** True when the user was a member before. */
  removeMember(roomId: string, userId: string): Promise<boolean>;
  isMember(roomId: string, userId: string): Promise<boolean>;
  /** In joining order. */
  listMembers(roomId: string): Promise<User[]>;
  listRoomIdsOf(userId: string): Promise<string[]>;
  createInvite(invite: Invite): Promise<void>;
  findInvite(code: string): Promise<Invite | undefined>;
}

/** A membership of one user with its read position there. */
export interface Membership {
  roomId: string;
  /** The highest seq the user has read in the room. */
  readSeq: number;
  /** The messages after `readSeq` that mention the user or `MENTION_ALL`. */
  mentions: number;
}

export interface ReadMark {
  /** The read seq stored after the mark. */
  readSeq: number;
  /** False when the mark did not move it (it was already there or beyond). */
  moved: boolean;
}

/**
 * Read state: per membership, the highest seq the user has read. It starts at the room's last seq when the user
 * joins (a new member owes nothing of the past), moves forward on a mark and, for the sender, on each of its own
 * messages (in the append's write, one row per sender: never a write per member).
 */
export interface ReadStore {
  /** Every membership of the user with its read seq, in no particular order. */
  listMemberships(userId: string): Promise<Membership[]>;
  /** Every member's read position in the room (read receipts), by user id; empty for an unknown room. */
  listReadPositions(roomId: string): Promise<ReadPosition[]>;
  /** Undefined when the user is not a member. */
  findReadSeq(roomId: string, userId: string): Promise<number | undefined>;
  /** The messages after the user's read seq in the room that mention it or `MENTION_ALL`; 0 for a non-member. */
  countUnreadMentions(roomId: string, userId: string): Promise<number>;
  /**
   * Stores max(read seq, min(seq, room's last seq)), atomically (concurrent marks never move it back). Undefined
   * when the user is not a member (or the room does not exist).
   */
  markRead(roomId: string, userId: string, seq: number): Promise<ReadMark | undefined>;
}

/** A signed-in device: what a sign-in starts and its tokens name (`sid`). Times are epoch ms. */
export interface SessionRecord {
  id: string;
  userId: string;
  device: string;
  address: string;
  createdAt: number;
  lastSeenAt: number;
}

/** A new session; it was last seen when it was created. */
export type NewSession = Omit<SessionRecord, 'lastSeenAt'>;

/** Sessions: a row per live sign-in. Ending a session deletes its row, so its tokens find nothing. */
export interface SessionStore {
  createSession(session: NewSession): Promise<SessionRecord>;
  findSession(id: string): Promise<SessionRecord | undefined>;
  /** The user's sessions, newest first. */
  listSessions(userId: string): Promise<SessionRecord[]>;
  /** Sets when the session was last seen (and from where); never moves it back. */
  touchSession(id: string, lastSeenAt: number, address: string): Promise<void>;
  /** Ends one session of the user; false when the user has no session of that id. */
  endSession(userId: string, id: string): Promise<boolean>;
  /** Ends every session of the user; resolves with their ids. */
  endUserSessions(userId: string): Promise<string[]>;
}

/** An edit, recall or delete of a message of a room, made at `at` (epoch ms). */
export type MessageChange =
  | { kind: 'edit'; roomId: string; messageId: string; text: string; at: number }
  | { kind: 'recall' | 'delete'; roomId: string; messageId: string; at: number };

/** The messages of a room changed after a change seq (ascending changeSeq) and the room's change seq now. */
export interface ChangePage extends MessagePage {
  changeSeq: number;
}

export interface MessageStore {
  /**
   * Stores a message with the room's next seq (atomically, gapless), or returns the message already stored for
   * (sender, clientId) as it is, whatever its room and text: the caller decides what a mismatch means. Rejects if
   * the room does not exist. A created message also moves its sender's read seq in the room to its seq.
   */
  appendMessage(message: NewMessage): Promise<AppendResult>;
  listMessages(roomId: string, query: MessagePageQuery): Promise<MessagePage>;
  /** The message of that id in that room, tombstones included. */
  findMessage(roomId: string, messageId: string): Promise<Message | undefined>;
  /**
   * Applies the change to a live message (not a tombstone) of the room, atomically: bumps the room's change seq and
   * gives it to the message. An edit sets the text and `editedAt`; a recall or delete sets `state` and wipes the
   * text (UPDATE of messages.text to '', so no copy of it stays). Undefined when no live message matched.
   */
  changeMessage(change: MessageChange): Promise<Message | undefined>;
  /** The room's messages with changeSeq > afterChangeSeq, at most `limit`; changeSeq 0 for an unknown room. */
  listChanges(roomId: string, afterChangeSeq: number, limit: number): Promise<ChangePage>;
}

/** Where a search page starts: after (older than) this message, in newest-first order. */
export interface SearchPosition {
  createdAt: number;
  roomId: string;
  seq: number;
}

/**
 * Every word is required, as a substring in any letter case (LIKE wildcards in a word are plain characters); only
 * the user's rooms (member now), or `roomId` among them. Newest first: by createdAt, then room id, then seq, all
 * descending (a room's messages of one millisecond in their order).
 */
export interface SearchQuery {
  terms: string[];
  roomId?: string | undefined;
  limit: number;
  before?: SearchPosition | undefined;
}

export interface SearchHit {
  message: Message;
  room: SearchRoom;
}

export interface SearchPage {
  hits: SearchHit[];
  hasMore: boolean;
}

/** Message search. A message whose text is blank (recalled, deleted) is never found. */
export interface SearchStore {
  searchMessages(userId: string, query: SearchQuery): Promise<SearchPage>;
}

export interface Store
  extends
    UserStore,
    ProfileStore,
    RoomStore,
    DirectRoomStore,
    ReadStore,
    SessionStore,
    SignInLinkStore,
    SafetyStore,
    MessageStore,
    SearchStore,
    MediaStore {
  /** A cheap read that resolves when the database answers (readiness); rejects with the reason otherwise. */
  ping(): Promise<void>;
  /** Waits for nothing in flight: callers stop issuing requests first. */
  close(): Promise<void>;
}
