import type { Message, User } from '@tandem/protocol';

/** A message's send lifecycle on this device: own messages start `pending`; server messages are `sent`. */
export type SendStatus = 'pending' | 'sent' | 'failed';

export interface ChatMessage {
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
}

export const emptyRoom: RoomMessages = { byKey: {}, keys: [], contiguousSeq: 0, oldestSeq: 0 };

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
  };
}

function compareMessages(a: ChatMessage, b: ChatMessage): number {
  if (a.seq !== null && b.seq !== null) return a.seq - b.seq;
  if (a.seq !== null) return -1;
  if (b.seq !== null) return 1;
  return a.createdAt - b.createdAt;
}

/** Rebuilds the derived fields (order, contiguous and oldest seq) of a room from its messages. */
export function buildRoom(byKey: Record<string, ChatMessage>): RoomMessages {
  const ordered = Object.values(byKey).sort(compareMessages);
  const seqs = ordered.flatMap((message) => (message.seq === null ? [] : [message.seq]));
  const oldestSeq = seqs[0] ?? 0;
  let contiguousSeq = oldestSeq;
  for (const seq of seqs) {
    if (seq === contiguousSeq + 1) contiguousSeq = seq;
    else if (seq > contiguousSeq) break;
  }
  return { byKey, keys: ordered.map((message) => message.key), contiguousSeq, oldestSeq };
}

/**
 * Merges stored messages into a room: a message already held (same key) is replaced in place, so an own
 * optimistic copy becomes the stored one and a duplicate delivery changes nothing. Returns the same room
 * object when nothing changed.
 */
export function mergeServerMessages(room: RoomMessages, messages: readonly Message[]): RoomMessages {
  let byKey: Record<string, ChatMessage> | null = null;
  for (const message of messages) {
    const incoming = fromServer(message);
    const held = (byKey ?? room.byKey)[incoming.key];
    if (held && held.status === 'sent' && held.id === incoming.id && held.seq === incoming.seq) continue;
    byKey ??= { ...room.byKey };
    byKey[incoming.key] = incoming;
  }
  return byKey ? buildRoom(byKey) : room;
}

/** Adds or replaces one local message (an optimistic copy or a status change). */
export function putLocalMessage(room: RoomMessages, message: ChatMessage): RoomMessages {
  const held = room.byKey[message.key];
  // A stored copy wins over a late local update (e.g. "failed" after the broadcast already arrived).
  if (held && held.status === 'sent') return room;
  return buildRoom({ ...room.byKey, [message.key]: message });
}

export interface SeqGap {
  /** Fetch messages after this seq... */
  afterSeq: number;
  /** ...up to (not including) this one, which is held. */
  beforeSeq: number;
}

/** The first hole above the contiguous run, if a newer message arrived without the ones before it. */
export function findGap(room: RoomMessages): SeqGap | null {
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
    stored.push({ id, seq, roomId, clientId, sender, text, createdAt });
  }
  return stored.slice(-limit);
}

/** The room without its oldest stored messages past the newest `keep`; unsent ones always stay. */
export function keepNewest(room: RoomMessages, keep: number): RoomMessages {
  const stored = room.keys.filter((key) => room.byKey[key]?.status === 'sent');
  if (stored.length <= keep) return room;
  const byKey = { ...room.byKey };
  for (const key of stored.slice(0, stored.length - keep)) delete byKey[key];
  return buildRoom(byKey);
}
