import type { Room } from '@tandem/protocol';
import { roomsStore } from '../../stores/rooms';
import { request } from '../connection/request';
import { currentRuntime } from '../current';
import type { Result } from '../errors';
import { changeBlock } from '../session/blocks';

/**
 * Owners and safety (issue 12): the owner's actions on a room (the server refuses anyone else with `FORBIDDEN`; the
 * room hears the result as `room:updated` or `member:left`, this device from the ack as well), blocks and reports.
 */

const socket = () => currentRuntime()?.socket ?? null;

async function roomChanged(result: Result<{ room: Room }>): Promise<Result<Room>> {
  if (!result.ok) return result;
  const { room } = result.data;
  roomsStore.getState().patchRoom(room.id, { name: room.name, ownerId: room.ownerId });
  return { ok: true, data: room };
}

export async function renameRoom(roomId: string, name: string): Promise<Result<Room>> {
  return roomChanged(await request(socket(), 'room:rename', { roomId, name }));
}

export async function transferRoom(roomId: string, userId: string): Promise<Result<Room>> {
  return roomChanged(await request(socket(), 'room:transfer', { roomId, userId }));
}

/** Removes a member (`ban`: for good, until unbanned). */
export async function removeMember(roomId: string, userId: string, ban: boolean): Promise<Result<object>> {
  return request(socket(), ban ? 'room:ban' : 'room:kick', { roomId, userId });
}

/** Reports a message to the server's operator. */
export async function reportMessage(roomId: string, messageId: string, reason?: string): Promise<Result<object>> {
  return request(socket(), 'message:report', reason ? { roomId, messageId, reason } : { roomId, messageId });
}

/** Blocks a person: their messages are hidden on every device of the account, and no direct messages pass. */
export const blockUser = (userId: string) => changeBlock(socket(), 'user:block', userId);
export const unblockUser = (userId: string) => changeBlock(socket(), 'user:unblock', userId);
