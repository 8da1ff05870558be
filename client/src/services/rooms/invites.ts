import type { ChatSocket } from '../../platform/socket';
import { roomsStore } from '../../stores/rooms';
import type { Invite } from '../../stores/rooms';
import { sessionStore } from '../../stores/session';
import { request } from '../connection/request';
import type { RequestError, Result } from '../errors';
import type { RoomSync } from '../sync/room-sync';

/**
 * Invites to private rooms: codes made with `room:invite`, and the invite a link or share card brought, which is
 * kept in the session store (across a sign-in if need be) until its room is joined with it or refuses it.
 */

/** Errors after which the same join may succeed later: the invite is kept for the next connection. */
const TRANSIENT_ERRORS = new Set(['OFFLINE', 'TIMEOUT', 'RATE_LIMITED', 'INTERNAL']);

/** A room opened from an invite link or share card. Already a member: nothing to keep. */
export function receiveInvite(roomId: string, code: string): void {
  if (roomsStore.getState().joinedIds.includes(roomId)) return;
  sessionStore.getState().inviteReceived({ roomId, code });
}

/**
 * Joins (or re-joins) a room with `inviteCode`, or else the pending invite for this room, and settles that
 * pending invite with the answer.
 */
export async function joinWithInvite(
  sync: RoomSync,
  roomId: string,
  inviteCode?: string,
): Promise<RequestError | null> {
  const pending = sessionStore.getState().pendingInvite;
  const code = inviteCode ?? (pending?.roomId === roomId ? pending.code : undefined);
  const failed = await sync.syncRoom(roomId, code ? { inviteCode: code } : {});
  if (!failed || !TRANSIENT_ERRORS.has(failed.code)) {
    sessionStore.getState().inviteSettled(roomId, failed?.code ?? null);
  }
  return failed;
}

/** A new invite code for a room the user is in; kept in the rooms store until it expires. */
export async function createInvite(socket: ChatSocket | null, roomId: string): Promise<Result<Invite>> {
  const result = await request(socket, 'room:invite', { roomId });
  if (result.ok) roomsStore.getState().inviteCreated(roomId, result.data);
  return result;
}
