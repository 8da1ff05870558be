import type { Message } from '@tandem/protocol';
import { messageKey } from '../../stores/message-merge';
import { messagesStore } from '../../stores/messages';
import { nextToSend, outboxStore } from '../../stores/outbox';
import type { OutboxItem } from '../../stores/outbox';
import type { Link } from '../connection/link';
import { ACK_TIMEOUT_MS, request } from '../connection/request';
import type { RequestError } from '../errors';

/** Sends per message before it is shown as failed with a retry button. */
export const MAX_SEND_ATTEMPTS = 5;

/** Errors a resend cannot fix: the message fails at once. */
const PERMANENT_ERRORS = new Set(['INVALID_PAYLOAD', 'FORBIDDEN', 'NOT_FOUND', 'PAYLOAD_TOO_LARGE', 'UNAUTHORIZED']);

export interface OutboxOptions {
  ackTimeoutMs: number;
  maxAttempts: number;
}

export const DEFAULT_OUTBOX: OutboxOptions = { ackTimeoutMs: ACK_TIMEOUT_MS, maxAttempts: MAX_SEND_ATTEMPTS };

/**
 * Sends the outbox over one connection runtime: the head of each room's queue, resent with the same clientId until
 * the stored copy comes back. Only ack timeouts while connected use up attempts; a send cut off by a disconnect does
 * not count. `onStored` is the runtime's "a message arrived".
 */
export class OutboxSender {
  /** clientIds sent on the current connection and not yet answered. */
  private readonly inFlight = new Set<string>();
  private readonly idleWaiters: Array<() => void> = [];
  private rateLimitTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly link: Link,
    private readonly options: () => OutboxOptions,
    private readonly onStored: (message: Message) => void,
  ) {}

  /** Sends the head of each room's queue that is not already on its way. */
  flush(): void {
    const senderId = this.link.ownId();
    if (!senderId || !this.link.socket.connected) return;
    for (const item of nextToSend(outboxStore.getState().items)) {
      if (!this.inFlight.has(item.clientId)) void this.send(item, senderId);
    }
  }

  /** The connection is gone: whatever was in flight is resent (same clientId) on the next one. */
  connectionLost(): void {
    this.inFlight.clear();
    this.notifyIfIdle();
  }

  inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Resolves when nothing is in flight, or after `timeoutMs`. */
  whenIdle(timeoutMs: number): Promise<void> {
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.idleWaiters.push(done);
    });
  }

  dispose(): void {
    this.connectionLost();
    if (this.rateLimitTimer !== null) clearTimeout(this.rateLimitTimer);
    this.rateLimitTimer = null;
  }

  private async send(item: OutboxItem, senderId: string): Promise<void> {
    const generation = this.link.generation();
    const current = () => generation === this.link.generation();
    this.inFlight.add(item.clientId);
    outboxStore.getState().update(item.clientId, { attempts: item.attempts + 1 });
    const payload = {
      roomId: item.roomId,
      clientId: item.clientId,
      text: item.text,
      ...(item.reply ? { replyTo: item.reply.id } : {}),
      ...(item.mentions ? { mentions: item.mentions } : {}),
    };
    const result = await request(this.link.socket, 'message:send', payload, this.options().ackTimeoutMs);
    if (current()) this.inFlight.delete(item.clientId);
    if (result.ok) this.onStored(result.data.message);
    else if (current()) this.failed(item.clientId, result.error, senderId);
    else this.cutOff(item.clientId);
    this.notifyIfIdle();
    if (current()) this.flush();
  }

  /** A send cut off by a disconnect does not count: only ack timeouts while connected use up attempts. */
  private cutOff(clientId: string): void {
    const item = outboxStore.getState().items.find((candidate) => candidate.clientId === clientId);
    if (item) outboxStore.getState().update(clientId, { attempts: Math.max(0, item.attempts - 1) });
  }

  private failed(clientId: string, error: RequestError, senderId: string): void {
    const item = outboxStore.getState().items.find((candidate) => candidate.clientId === clientId);
    if (!item) return; // Stored meanwhile (the broadcast beat the answer).
    const outbox = outboxStore.getState();
    if (error.code === 'OFFLINE') {
      outbox.update(clientId, { attempts: Math.max(0, item.attempts - 1) });
    } else if (error.code === 'RATE_LIMITED') {
      outbox.update(clientId, { attempts: Math.max(0, item.attempts - 1), lastError: error.code });
      this.scheduleRateLimitedFlush(error.retryAfterMs ?? 1000);
    } else if (PERMANENT_ERRORS.has(error.code) || item.attempts >= this.options().maxAttempts) {
      console.warn(`[outbox] message ${clientId} failed after ${item.attempts} attempts: ${error.code}`, error.message);
      outbox.update(clientId, { state: 'failed', lastError: error.code });
      messagesStore.getState().setStatus(item.roomId, messageKey(senderId, clientId), 'failed', error.code);
    }
    // TIMEOUT and INTERNAL below the attempt cap: the flush that follows resends with the same clientId.
  }

  private scheduleRateLimitedFlush(delayMs: number): void {
    if (this.rateLimitTimer !== null) return;
    this.rateLimitTimer = setTimeout(() => {
      this.rateLimitTimer = null;
      this.flush();
    }, delayMs);
  }

  private notifyIfIdle(): void {
    if (this.inFlight.size > 0) return;
    for (const waiter of this.idleWaiters.splice(0)) waiter();
  }
}
