import { randomBytes } from 'node:crypto';
import { JOIN_CATCH_UP_LIMIT, JOIN_PAGE_SIZE } from '@tandem/protocol';
import type { Room } from '@tandem/protocol';
import { roomNotFound } from '../errors';
import { roomKey, userKey } from '../io';
import type { PresenceRegistry } from '../presence-registry';
import type { Membership, RoomRecord } from '../store/types';
import { admit, requireMember, requireRoomToSpare } from './access';
import { defineHandler } from './define';
import { refuseForDirect } from './direct';
import type { RequestContext } from './define';

async function withOnlineCount(room: RoomRecord, presence: PresenceRegistry): Promise<Room> {
  const [onlineCount = 0] = await presence.onlineCounts([room.id]);
  return { ...room, onlineCount };
}

/**
 * `unread` is the room's last seq minus the read seq, nothing else. The two are read apart, so a mark committed
 * between the reads could put the read seq past the room read earlier: never below zero. A non-member has none of
 * them; `mentions` (of the unread, those mentioning the user) comes from the store with the read seq.
 */
function readState(room: RoomRecord, membership: Omit<Membership, 'roomId'> | undefined) {
  if (membership === undefined) return { readSeq: 0, unread: 0, mentions: 0 };
  const { readSeq, mentions } = membership;
  return { readSeq, unread: Math.max(0, room.lastSeq - readSeq), mentions };
}

async function findRoomOrThrow({ services }: RequestContext, roomId: string): Promise<RoomRecord> {
  const room = await services.store.findRoom(roomId);
  if (!room) throw roomNotFound();
  return room;
}

/** Subscribes every live socket of the user (on every node) to the room and counts the user online there. */
function subscribeUser({ services, user }: RequestContext, roomId: string): Promise<boolean> {
  services.io.in(userKey(user.id)).socketsJoin(roomKey(roomId));
  return services.presence.joined(roomId, user);
}

/**
 * Each listed room says whether the user is in it, so a device that was offline learns of leaves elsewhere, and
 * the user's read state there, so a fresh device shows the right badges at once.
 */
export const listRooms = defineHandler('room:list', async (_payload, { services, user }) => {
  const [rooms, memberships] = await Promise.all([
    services.store.listVisibleRooms(user.id),
    services.store.listMemberships(user.id),
  ]);
  const byRoom = new Map(memberships.map((membership) => [membership.roomId, membership]));
  const onlineCounts = await services.presence.onlineCounts(rooms.map((room) => room.id));
  const listed = rooms.map((room, index) => {
    const membership = byRoom.get(room.id);
    return {
      ...room,
      onlineCount: onlineCounts[index] ?? 0,
      joined: membership !== undefined,
      ...readState(room, membership),
    };
  });
  return { rooms: await services.media.withLastMedia(listed) };
});

export const createRoom = defineHandler(
  'room:create',
  async ({ name, visibility }, context) => {
    const { services, user } = context;
    const room = await services.roomQueue.run(userKey(user.id), async () => {
      await requireRoomToSpare(context);
      return services.store.createRoom({ name, visibility, creatorId: user.id, createdAt: services.now() });
    });
    await subscribeUser(context, room.id);
    return { room: await withOnlineCount(room, services.presence) };
  },
  { rate: 'roomCreate' },
);

/**
 * Membership first, then subscription, then the read: a message committed after the read is broadcast to the
 * socket, one committed before it is in the page, so catching up leaves no gap (clients drop duplicates by seq).
 */
export const joinRoom = defineHandler('room:join', async ({ roomId, afterSeq, inviteCode }, context) => {
  const { services, socket, user } = context;
  const { store, io, presence, presenceChanges } = services;
  const found = await findRoomOrThrow(context, roomId);
  const added = await admit(context, found, inviteCode);
  const cameOnline = await subscribeUser(context, roomId);
  // The joining socket learns all of this from the ack; everyone else (the user's other devices too) from events.
  if (added) io.to(roomKey(roomId)).except(socket.id).emit('member:joined', { roomId, user });
  if (cameOnline) presenceChanges.came([roomId], user);

  const page =
    afterSeq === undefined
      ? await store.listMessages(roomId, { limit: JOIN_PAGE_SIZE })
      : await store.listMessages(roomId, { afterSeq, limit: JOIN_CATCH_UP_LIMIT });
  const room = (await store.findRoom(roomId)) ?? found;
  const readSeq = await store.findReadSeq(roomId, user.id);
  const mentions = readSeq === undefined ? 0 : await store.countUnreadMentions(roomId, user.id);
  const membership = readSeq === undefined ? undefined : { readSeq, mentions };
  return {
    room: { ...(await withOnlineCount(room, presence)), ...readState(room, membership) },
    members: await store.listMembers(roomId),
    online: await presence.online(roomId),
    messages: await services.media.withMedia(page.messages),
    hasMore: page.hasMore,
  };
});

/** Ends the membership; every socket of the user stops hearing the room. Leaving twice is not an error. */
export const leaveRoom = defineHandler('room:leave', async ({ roomId }, context) => {
  const { services, socket, user } = context;
  const { store, io, presence, presenceChanges } = services;
  refuseForDirect(await findRoomOrThrow(context, roomId), 'leave');
  const removed = await store.removeMember(roomId, user.id);
  // Sent before unsubscribing, so the user's other devices hear it too.
  if (removed) io.to(roomKey(roomId)).except(socket.id).emit('member:left', { roomId, user });
  io.in(userKey(user.id)).socketsLeave(roomKey(roomId));
  if (await presence.left(roomId, user.id)) presenceChanges.went([roomId], user.id);
  return {};
});

/** 128 random bits, URL-safe: unguessable, short enough to paste. */
const newInviteCode = () => randomBytes(16).toString('base64url');

export const inviteToRoom = defineHandler(
  'room:invite',
  async ({ roomId }, { services, user }) => {
    await requireMember(services.store, roomId, user.id);
    refuseForDirect((await services.store.findRoom(roomId)) ?? {}, 'invite');
    const createdAt = services.now();
    const invite = {
      code: newInviteCode(),
      roomId,
      createdBy: user.id,
      createdAt,
      expiresAt: createdAt + services.inviteTtlMs,
    };
    await services.store.createInvite(invite);
    return { code: invite.code, expiresAt: invite.expiresAt };
  },
  { rate: 'roomInvite' },
);

export const roomHandlers = [listRooms, createRoom, joinRoom, leaveRoom, inviteToRoom];
