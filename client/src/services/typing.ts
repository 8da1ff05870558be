import type { TypingUpdate } from '@tandem/protocol';
import { presenceStore } from '../stores/presence';
import type { ChatSocket } from '../platform/socket';

/** While typing, `typing: true` is repeated at most this often. */
export const TYPING_RESEND_MS = 3000;
/** Without input for this long, `typing: false` is sent. */
export const TYPING_IDLE_MS = 5000;
/** A typing state nobody ended (a lost `false`) disappears after this long. */
export const TYPING_EXPIRE_MS = 8000;

const lastSentAt = new Map<string, number>();
const idleTimers = new Map<string, ReturnType<typeof setTimeout>>();
const expiryTimers = new Map<string, ReturnType<typeof setTimeout>>();

function emitTyping(socket: ChatSocket | null, roomId: string, typing: boolean): void {
  // Fire and forget: a lost typing state is harmless, so nothing is buffered or retried.
  if (socket?.connected) socket.emit('typing:update', { roomId, typing });
}

/** The composer's typing state: `true` on every keystroke (throttled here), `false` on send or leaving. */
export function setTyping(socket: ChatSocket | null, roomId: string, typing: boolean, now = Date.now()): void {
  const idle = idleTimers.get(roomId);
  if (idle !== undefined) clearTimeout(idle);
  idleTimers.delete(roomId);
  if (!typing) {
    if (lastSentAt.delete(roomId)) emitTyping(socket, roomId, false);
    return;
  }
  if (now - (lastSentAt.get(roomId) ?? 0) >= TYPING_RESEND_MS) {
    lastSentAt.set(roomId, now);
    emitTyping(socket, roomId, true);
  }
  idleTimers.set(
    roomId,
    setTimeout(() => setTyping(socket, roomId, false), TYPING_IDLE_MS),
  );
}

/** Someone else's typing state: shown until they stop, send, or it expires. */
export function typingReceived(event: TypingUpdate, ownUserId: string | null): void {
  if (event.user.id === ownUserId) return;
  const timerKey = `${event.roomId}:${event.user.id}`;
  const previous = expiryTimers.get(timerKey);
  if (previous !== undefined) clearTimeout(previous);
  expiryTimers.delete(timerKey);
  presenceStore.getState().typingChanged(event.roomId, event.user, event.typing);
  if (event.typing) {
    expiryTimers.set(
      timerKey,
      setTimeout(() => {
        expiryTimers.delete(timerKey);
        presenceStore.getState().typingChanged(event.roomId, event.user, false);
      }, TYPING_EXPIRE_MS),
    );
  }
}

/** A message from a typing user ends their typing state. */
export function typingEndedBy(roomId: string, userId: string): void {
  const timerKey = `${roomId}:${userId}`;
  const timer = expiryTimers.get(timerKey);
  if (timer === undefined) return;
  clearTimeout(timer);
  expiryTimers.delete(timerKey);
  const user = presenceStore.getState().typing[roomId]?.[userId];
  if (user) presenceStore.getState().typingChanged(roomId, user, false);
}

export function resetTypingRuntime(): void {
  for (const timer of [...idleTimers.values(), ...expiryTimers.values()]) clearTimeout(timer);
  idleTimers.clear();
  expiryTimers.clear();
  lastSentAt.clear();
}
