import type { Message, User } from '@tandem/protocol';

/** A message's send lifecycle on this device: own messages start `pending`; server messages are `sent`. */
export type SendStatus = 'pending' | 'sent' | 'failed';

/**
 * A stored message's optional fields, as the protocol's `Message` has them: its reply and mentions, and its
 * changes (edited, recalled or deleted, at which change seq).
 */
export type OptionalFields = Pick<Message, 'replyTo' | 'reply' | 'mentions' | 'editedAt' | 'state' | 'changeSeq'>;

const OPTIONAL_FIELDS = ['replyTo', 'reply', 'mentions', 'editedAt', 'state', 'changeSeq'] as const;

/** Only the optional fields the message has (absent ones stay absent, as the server sends them). */
export function optionalFieldsOf(message: OptionalFields): OptionalFields {
  const present = OPTIONAL_FIELDS.filter((field) => message[field] !== undefined);
  return Object.fromEntries(present.map((field) => [field, message[field]]));
}

export interface ChatMessage extends OptionalFields {
  /** `senderId:clientId`: stable from composing to acking, and unique because the server dedupes on that pair. */
  key: string;
  roomId: string;
  clientId: string;
  sender: User;
  text: string;
  /** Epoch ms: the server's once stored, the compose time while pending. */
  createdAt: number;
  status: SendStatus;
  /** Set once stored by the server. */
  id: string | null;
  seq: number | null;
  /** Why the last attempt failed (an error code), for failed messages. */
  error?: string;
}

/** One room's messages: normalised by key, `keys` ordered by seq with unsent messages last. */
export interface RoomMessages {
  byKey: Record<string, ChatMessage>;
  keys: string[];
  /** Highest seq such that every seq from the oldest held one up to it is held; 0 when none is held. */
  contiguousSeq: number;
  /** Seq of the oldest held message; 0 when none is held. */
  oldestSeq: number;
  /**
   * Newer stored messages exist on the server that are not held: the newest ones were dropped to bound memory while
   * the user read far back. Nothing past the held run is merged then (a live message is paged in by seq later), so
   * no gap opens between the held window and the room's newest messages.
   */
  hasNewer: boolean;
}

export const emptyRoom: RoomMessages = { byKey: {}, keys: [], contiguousSeq: 0, oldestSeq: 0, hasNewer: false };

export function messageKey(senderId: string, clientId: string): string {
  return `${senderId}:${clientId}`;
}

export function fromServer(message: Message): ChatMessage {
  return {
    key: messageKey(message.sender.id, message.clientId),
    roomId: message.roomId,
    clientId: message.clientId,
    sender: message.sender,
    text: message.text,
    createdAt: message.createdAt,
    status: 'sent',
    id: message.id,
    seq: message.seq,
    ...optionalFieldsOf(message),
  };
}

/** True when `incoming` is a later version of the held copy of the same stored message (edited, recalled...). */
export function isNewerVersion(held: ChatMessage, incoming: ChatMessage): boolean {
  return (incoming.changeSeq ?? 0) > (held.changeSeq ?? 0);
}

function compareMessages(a: ChatMessage, b: ChatMessage): number {
  if (a.seq !== null && b.seq !== null) return a.seq - b.seq;
  if (a.seq !== null) return -1;
  if (b.seq !== null) return 1;
  return a.createdAt - b.createdAt;
}

/** Rebuilds the derived fields (order, contiguous and oldest seq) of a room from its messages. */
export function buildRoom(byKey: Record<string, ChatMessage>, hasNewer = false): RoomMessages {
  const ordered = Object.values(byKey).sort(compareMessages);
  const seqs = ordered.flatMap((message) => (message.seq === null ? [] : [message.seq]));
  const oldestSeq = seqs[0] ?? 0;
  let contiguousSeq = oldestSeq;
  for (const seq of seqs) {
    if (seq === contiguousSeq + 1) contiguousSeq = seq;
    else if (seq > contiguousSeq) break;
  }
  return { byKey, keys: ordered.map((message) => message.key), contiguousSeq, oldestSeq, hasNewer };
}

/**
 * Merges stored messages into a room: a message already held (same key) is replaced in place, so an own
 * optimistic copy becomes the stored one and a duplicate delivery changes nothing. Returns the same room
 * object when nothing changed.
 */
export function mergeServerMessages(room: RoomMessages, messages: readonly Message[]): RoomMessages {
  let byKey: Record<string, ChatMessage> | null = null;
  const changed: string[] = [];
  for (const message of messages) {
    const incoming = fromServer(message);
    const held = (byKey ?? room.byKey)[incoming.key];
    const same = held && held.status === 'sent' && held.id === incoming.id && held.seq === incoming.seq;
    // A copy no newer than the held one (a duplicate, or a page read before an edit arrived) changes nothing.
    if (held && same && !isNewerVersion(held, incoming)) continue;
    byKey ??= { ...room.byKey };
    byKey[incoming.key] = incoming;
    changed.push(incoming.key);
  }
  if (!byKey) return room;
  const merged = buildRoom(byKey, room.hasNewer);
  return room.hasNewer ? dropPastHeld(merged, room, changed) : merged;
}

/**
 * While newer messages are not held, incoming ones past the held run (a live broadcast, a join's newest page) are
 * not kept: holding them would open a gap as wide as everything unread in between. The server keeps them; they
 * come back by seq. The stored copy of an own unsent message is kept, so a sent message never vanishes.
 */
function dropPastHeld(merged: RoomMessages, before: RoomMessages, incomingKeys: readonly string[]): RoomMessages {
  const dropped = incomingKeys.filter((key) => {
    const seq = merged.byKey[key]?.seq ?? null;
    const wasUnsent = before.byKey[key] !== undefined && before.byKey[key]?.status !== 'sent';
    return seq !== null && seq > merged.contiguousSeq && !wasUnsent;
  });
  if (dropped.length === 0) return merged;
  // Only new messages, all dropped: nothing changed.
  if (dropped.length === incomingKeys.length && dropped.every((key) => before.byKey[key] === undefined)) return before;
  const byKey = { ...merged.byKey };
  for (const key of dropped) delete byKey[key];
  return buildRoom(byKey, true);
}

/** Adds or replaces one local message (an optimistic copy or a status change). */
export function putLocalMessage(room: RoomMessages, message: ChatMessage): RoomMessages {
  const held = room.byKey[message.key];
  // A stored copy wins over a late local update (e.g. "failed" after the broadcast already arrived).
  if (held && held.status === 'sent') return room;
  return buildRoom({ ...room.byKey, [message.key]: message }, room.hasNewer);
}

export interface SeqGap {
  /** Fetch messages after this seq... */
  afterSeq: number;
  /** ...up to (not including) this one, which is held. */
  beforeSeq: number;
}

/**
 * The first hole above the contiguous run, if a newer message arrived without the ones before it. None while newer
 * messages are not held on purpose (`hasNewer`): those are paged in as the user scrolls down, not all at once.
 */
export function findGap(room: RoomMessages): SeqGap | null {
  if (room.hasNewer) return null;
  let lowestAbove: number | null = null;
  for (const key of room.keys) {
    const seq = room.byKey[key]?.seq ?? null;
    if (seq !== null && seq > room.contiguousSeq && (lowestAbove === null || seq < lowestAbove)) lowestAbove = seq;
  }
  return lowestAbove === null ? null : { afterSeq: room.contiguousSeq, beforeSeq: lowestAbove };
}

/** The newest `limit` stored messages of a room, oldest first: what is kept on disk. */
export function recentStored(room: RoomMessages, limit: number): Message[] {
  const stored: Message[] = [];
  for (const key of room.keys) {
    const message = room.byKey[key];
    if (!message || message.status !== 'sent' || message.id === null || message.seq === null) continue;
    const { id, seq, roomId, clientId, sender, text, createdAt } = message;
    stored.push({ id, seq, roomId, clientId, sender, text, createdAt, ...optionalFieldsOf(message) });
  }
  return stored.slice(-limit);
}

/** The room without its oldest stored messages past the newest `keep`; unsent ones always stay. */
export function keepNewest(room: RoomMessages, keep: number): RoomMessages {
  const stored = room.keys.filter((key) => room.byKey[key]?.status === 'sent');
  if (stored.length <= keep) return room;
  const byKey = { ...room.byKey };
  for (const key of stored.slice(0, stored.length - keep)) delete byKey[key];
  return buildRoom(byKey, room.hasNewer);
}

/**
 * The room bounded around what is being read (`firstKey`..`lastKey`, both stored): at most `keep` stored messages
 * (more only if the read span is longer), centred on that span, unsent ones always kept. Dropping newer messages
 * marks the room `hasNewer`. Unchanged when the span is not held or nothing needs dropping.
 */
export function keepAround(room: RoomMessages, firstKey: string, lastKey: string, keep: number): RoomMessages {
  const stored = room.keys.filter((key) => room.byKey[key]?.status === 'sent');
  const first = stored.indexOf(firstKey);
  // A span ending on an unsent message (they sort last) ends at the newest stored one.
  const unsentLast = room.byKey[lastKey] !== undefined && room.byKey[lastKey]?.status !== 'sent';
  const last = unsentLast ? stored.length - 1 : stored.indexOf(lastKey);
  if (stored.length <= keep || first < 0 || last < first) return room;
  const size = Math.max(keep, last - first + 1);
  const margin = Math.floor((size - (last - first + 1)) / 2);
  const from = Math.max(0, Math.min(first - margin, stored.length - size));
  const to = from + size;
  const byKey = { ...room.byKey };
  for (const key of [...stored.slice(0, from), ...stored.slice(to)]) delete byKey[key];
  return buildRoom(byKey, room.hasNewer || to < stored.length);
}
