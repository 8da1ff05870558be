import type { TypingUpdate } from '@tandem/protocol';
import { presenceStore } from '../../stores/presence';
import type { Link } from '../connection/link';
import { checkPayload } from '../connection/request';

/** While typing, `typing: true` is repeated at most this often. */
export const TYPING_RESEND_MS = 3000;
/** Without input for this long, `typing: false` is sent. */
export const TYPING_IDLE_MS = 5000;
/** A typing state nobody ended (a lost `false`) disappears after this long. */
export const TYPING_EXPIRE_MS = 8000;

/** Typing states of one connection runtime: the user's own (throttled, sent) and the others' (shown, expiring). */
export class TypingTracker {
  private readonly lastSentAt = new Map<string, number>();
  private readonly idleTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly expiryTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly link: Link) {}

  /** The composer's typing state: `true` on every keystroke (throttled here), `false` on send or leaving. */
  setTyping(roomId: string, typing: boolean, now = Date.now()): void {
    const idle = this.idleTimers.get(roomId);
    if (idle !== undefined) clearTimeout(idle);
    this.idleTimers.delete(roomId);
    if (!typing) {
      if (this.lastSentAt.delete(roomId)) this.emit(roomId, false);
      return;
    }
    if (now - (this.lastSentAt.get(roomId) ?? 0) >= TYPING_RESEND_MS) {
      this.lastSentAt.set(roomId, now);
      this.emit(roomId, true);
    }
    this.idleTimers.set(
      roomId,
      setTimeout(() => this.setTyping(roomId, false), TYPING_IDLE_MS),
    );
  }

  /** Someone else's typing state: shown until they stop, send, or it expires. */
  typingReceived(event: TypingUpdate): void {
    if (event.user.id === this.link.ownId()) return;
    const timerKey = `${event.roomId}:${event.user.id}`;
    this.clearExpiry(timerKey);
    presenceStore.getState().typingChanged(event.roomId, event.user, event.typing);
    if (event.typing) {
      this.expiryTimers.set(
        timerKey,
        setTimeout(() => {
          this.expiryTimers.delete(timerKey);
          presenceStore.getState().typingChanged(event.roomId, event.user, false);
        }, TYPING_EXPIRE_MS),
      );
    }
  }

  /** A message from a typing user ends their typing state. */
  typingEndedBy(roomId: string, userId: string): void {
    const timerKey = `${roomId}:${userId}`;
    if (!this.clearExpiry(timerKey)) return;
    const user = presenceStore.getState().typing[roomId]?.[userId];
    if (user) presenceStore.getState().typingChanged(roomId, user, false);
  }

  /** Offline or stopped: no timer outlives the connection. */
  reset(): void {
    for (const timer of [...this.idleTimers.values(), ...this.expiryTimers.values()]) clearTimeout(timer);
    this.idleTimers.clear();
    this.expiryTimers.clear();
    this.lastSentAt.clear();
  }

  private clearExpiry(timerKey: string): boolean {
    const timer = this.expiryTimers.get(timerKey);
    if (timer === undefined) return false;
    clearTimeout(timer);
    this.expiryTimers.delete(timerKey);
    return true;
  }

  private emit(roomId: string, typing: boolean): void {
    const payload = { roomId, typing };
    // Fire and forget: a lost typing state is harmless, so nothing is buffered or retried.
    if (this.link.socket.connected && checkPayload('typing:update', payload) === null) {
      this.link.socket.emit('typing:update', payload);
    }
  }
}
