import type { Room } from '@tandem/protocol';
import { AppError } from '../errors';
import { roomKey, userKey } from '../io';
import { defineHandler } from './define';
import { blockedBetween } from './safety';

/**
 * Direct conversations: `dm:open` gives the pair's one room, made the first time (both people members at once).
 * Both people's devices, on every node, are subscribed when it is made; the other person's hear `room:added`, and
 * the opener's other devices too. Opening it again changes nothing and tells no one.
 */
export const openDirect = defineHandler(
  'dm:open',
  async ({ userId, username }, { services, socket, user }) => {
    const { store, io, presence, now } = services;
    const other =
      userId === undefined ? (await store.findCredentials(username ?? ''))?.user : await store.findUser(userId);
    if (!other) throw new AppError('NOT_FOUND', 'no such user');
    if (other.id === user.id) throw new AppError('INVALID_PAYLOAD', 'a direct conversation needs another person');
    if (await store.isBlockedBetween(user.id, other.id)) throw blockedBetween();
    const { room, created } = await store.openDirectRoom({
      userIds: [user.id, other.id],
      // What clients that do not know direct conversations show as its name.
      name: `${user.nickname}, ${other.nickname}`,
      creatorId: user.id,
      createdAt: now(),
    });
    const [onlineCount = 0] = await presence.onlineCounts([room.id]);
    const opened: Room = { ...room, onlineCount };
    if (created) {
      for (const person of [user.id, other.id]) io.in(userKey(person)).socketsJoin(roomKey(room.id));
      await presence.joined(room.id, user);
      io.to(userKey(other.id)).to(userKey(user.id)).except(socket.id).emit('room:added', { room: opened });
    }
    return { room: opened };
  },
  { rate: 'roomCreate' },
);

export const directHandlers = [openDirect];

/** A direct conversation keeps its two people: no invites, no leaving (the other could no longer reach you). */
export function refuseForDirect(room: { direct?: unknown }, what: 'invite' | 'leave'): void {
  if (room.direct === undefined) return;
  throw new AppError(
    'FORBIDDEN',
    what === 'invite' ? 'a direct conversation has no invites' : 'a direct conversation cannot be left',
  );
}
