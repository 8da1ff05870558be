import type { Message, User } from '@tandem/protocol';
import { messageKey } from '../stores/message-merge';
import type { ChatMessage } from '../stores/message-merge';
import { messagesStore } from '../stores/messages';
import { fitsInOutbox, nextToSend, outboxStore } from '../stores/outbox';
import type { OutboxItem } from '../stores/outbox';
import { roomsStore } from '../stores/rooms';
import { randomId } from '../platform/random';
import type { ChatSocket } from '../platform/socket';
import { ACK_TIMEOUT_MS, request } from './request';
import type { RequestError } from './request';

/** Sends per message before it is shown as failed with a retry button. */
export const MAX_SEND_ATTEMPTS = 5;

/** Errors a resend cannot fix: the message fails at once. */
const PERMANENT_ERRORS = new Set(['INVALID_PAYLOAD', 'FORBIDDEN', 'NOT_FOUND', 'PAYLOAD_TOO_LARGE', 'UNAUTHORIZED']);

export interface OutboxOptions {
  ackTimeoutMs: number;
  maxAttempts: number;
}

const options: OutboxOptions = { ackTimeoutMs: ACK_TIMEOUT_MS, maxAttempts: MAX_SEND_ATTEMPTS };
/** clientIds sent on the current connection and not yet answered. */
const inFlight = new Set<string>();
/** Bumped on every disconnect: answers to sends of an older connection only count when they are successes. */
let connectionGeneration = 0;
let rateLimitTimer: ReturnType<typeof setTimeout> | null = null;
const idleWaiters: Array<() => void> = [];
/** Set by bindOutbox: a flush on the live socket (after a rate limit) and gap filling (after an ack). */
let rateLimitedFlush: (() => void) | null = null;
let onGapAfterAck: ((roomId: string) => void) | null = null;

export function configureOutbox(overrides: Partial<OutboxOptions>): void {
  Object.assign(options, overrides);
}

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
  };
}

/**
 * Queues a new message: it gets its clientId now, is persisted, and shows at once as pending. Null when the outbox
 * is full (its storage budget): the message could not be kept across a restart, so it is not taken.
 */
export function compose(roomId: string, text: string, sender: User, now = Date.now()): OutboxItem | null {
  const item: OutboxItem = { roomId, clientId: randomId(), text, createdAt: now, attempts: 0, state: 'queued' };
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

/** A stored message reached us (ack or broadcast): it replaces the optimistic copy and leaves the outbox. */
export function settle(message: Message, ownUserId: string | null): void {
  const isOwn = message.sender.id === ownUserId;
  if (isOwn) outboxStore.getState().acked(message.clientId);
  roomsStore.getState().messageArrived(message, isOwn);
}

/** Sends the head of each room's queue that is not already on its way. */
export function flush(socket: ChatSocket | null, senderId: string): void {
  if (!socket?.connected) return;
  for (const item of nextToSend(outboxStore.getState().items)) {
    if (!inFlight.has(item.clientId)) void send(socket, item, senderId);
  }
}

async function send(socket: ChatSocket, item: OutboxItem, senderId: string): Promise<void> {
  const generation = connectionGeneration;
  inFlight.add(item.clientId);
  outboxStore.getState().update(item.clientId, { attempts: item.attempts + 1 });
  const result = await request(
    socket,
    'message:send',
    { roomId: item.roomId, clientId: item.clientId, text: item.text },
    options.ackTimeoutMs,
  );
  if (generation === connectionGeneration) inFlight.delete(item.clientId);
  if (result.ok) {
    const gap = messagesStore.getState().received(item.roomId, [result.data.message]);
    settle(result.data.message, senderId);
    if (gap) onGapAfterAck?.(item.roomId);
  } else if (generation === connectionGeneration) {
    failed(item.clientId, result.error, senderId);
  } else {
    cutOff(item.clientId);
  }
  notifyIfIdle();
  if (generation === connectionGeneration) flush(socket, senderId);
}

/** A send cut off by a disconnect does not count: only ack timeouts while connected use up attempts. */
function cutOff(clientId: string): void {
  const item = outboxStore.getState().items.find((candidate) => candidate.clientId === clientId);
  if (item) outboxStore.getState().update(clientId, { attempts: Math.max(0, item.attempts - 1) });
}

function failed(clientId: string, error: RequestError, senderId: string): void {
  const item = outboxStore.getState().items.find((candidate) => candidate.clientId === clientId);
  if (!item) return; // Stored meanwhile (the broadcast beat the answer).
  const outbox = outboxStore.getState();
  if (error.code === 'OFFLINE') {
    outbox.update(clientId, { attempts: Math.max(0, item.attempts - 1) });
  } else if (error.code === 'RATE_LIMITED') {
    outbox.update(clientId, { attempts: Math.max(0, item.attempts - 1), lastError: error.code });
    scheduleRateLimitedFlush(error.retryAfterMs ?? 1000);
  } else if (PERMANENT_ERRORS.has(error.code) || item.attempts >= options.maxAttempts) {
    console.warn(`[outbox] message ${clientId} failed after ${item.attempts} attempts: ${error.code}`, error.message);
    outbox.update(clientId, { state: 'failed', lastError: error.code });
    messagesStore.getState().setStatus(item.roomId, messageKey(senderId, clientId), 'failed', error.code);
  }
  // TIMEOUT and INTERNAL below the attempt cap: the flush that follows resends with the same clientId.
}

/** Wires what the outbox cannot reach by itself: a flush on the live socket, and gap filling. */
export function bindOutbox(hooks: { flush: () => void; fillGap: (roomId: string) => void }): void {
  rateLimitedFlush = hooks.flush;
  onGapAfterAck = hooks.fillGap;
}

function scheduleRateLimitedFlush(delayMs: number): void {
  if (rateLimitTimer !== null) return;
  rateLimitTimer = setTimeout(() => {
    rateLimitTimer = null;
    rateLimitedFlush?.();
  }, delayMs);
}

/** The connection is gone: whatever was in flight is resent (same clientId) on the next one. */
export function connectionLost(): void {
  connectionGeneration += 1;
  inFlight.clear();
  notifyIfIdle();
}

export function inFlightCount(): number {
  return inFlight.size;
}

/** Resolves when nothing is in flight, or after `timeoutMs`. */
export function whenIdle(timeoutMs: number): Promise<void> {
  if (inFlight.size === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    function done() {
      clearTimeout(timer);
      resolve();
    }
    idleWaiters.push(done);
  });
}

function notifyIfIdle(): void {
  if (inFlight.size > 0) return;
  for (const waiter of idleWaiters.splice(0)) waiter();
}

/** Forgets runtime state (sign-out, tests). */
export function resetOutboxRuntime(): void {
  connectionLost();
  if (rateLimitTimer !== null) clearTimeout(rateLimitTimer);
  rateLimitTimer = null;
  rateLimitedFlush = null;
  onGapAfterAck = null;
}
