import type { MessageReply, User } from '@tandem/protocol';
import { messageKey } from '../../stores/message-merge';
import type { ChatMessage } from '../../stores/message-merge';
import { messagesStore } from '../../stores/messages';
import { fitsInOutbox, outboxStore } from '../../stores/outbox';
import type { OutboxItem } from '../../stores/outbox';
import { randomId } from '../../platform/random';

/**
 * The outbox's lifecycle on this device, apart from sending (sender.ts): composing, showing unsent messages
 * after a restart, and the user's retry. These touch only the stores, so they work signed in but offline.
 */

function optimisticCopy(item: OutboxItem, sender: User): ChatMessage {
  return {
    key: messageKey(sender.id, item.clientId),
    roomId: item.roomId,
    clientId: item.clientId,
    sender,
    text: item.text,
    createdAt: item.createdAt,
    status: item.state === 'failed' ? 'failed' : 'pending',
    id: null,
    seq: null,
    error: item.lastError,
    ...(item.reply ? { replyTo: item.reply.id, reply: item.reply } : {}),
    ...(item.mentions ? { mentions: item.mentions } : {}),
  };
}

/** What a message may carry besides its text: the quote it replies to and the members it mentions. */
export interface ComposeExtras {
  reply?: MessageReply | undefined;
  mentions?: string[] | undefined;
}

/**
 * Queues a new message: it gets its clientId now, is persisted, and shows at once as pending. Null when the outbox
 * is full (its storage budget): the message could not be kept across a restart, so it is not taken.
 */
export function compose(
  roomId: string,
  text: string,
  sender: User,
  now = Date.now(),
  { reply, mentions }: ComposeExtras = {},
): OutboxItem | null {
  const item: OutboxItem = { roomId, clientId: randomId(), text, createdAt: now, attempts: 0, state: 'queued' };
  if (reply) item.reply = reply;
  if (mentions && mentions.length > 0) item.mentions = mentions;
  if (!fitsInOutbox(outboxStore.getState().items, item)) return null;
  outboxStore.getState().enqueue(item);
  messagesStore.getState().putLocal(optimisticCopy(item, sender));
  return item;
}

/** After a restart: shows every unsent message again, pending or failed. */
export function restoreOutbox(sender: User): void {
  for (const item of outboxStore.getState().items) messagesStore.getState().putLocal(optimisticCopy(item, sender));
}

/** The user's retry of a failed message: same clientId, fresh attempts. */
export function retry(clientId: string, sender: User): boolean {
  const item = outboxStore.getState().items.find((candidate) => candidate.clientId === clientId);
  if (!item) return false;
  outboxStore.getState().update(clientId, { state: 'queued', attempts: 0, lastError: undefined });
  messagesStore.getState().setStatus(item.roomId, messageKey(sender.id, clientId), 'pending');
  return true;
}
