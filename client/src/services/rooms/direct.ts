import type { Room } from '@tandem/protocol';
import { roomsStore } from '../../stores/rooms';
import { request } from '../connection/request';
import { currentRuntime } from '../current';
import type { Result } from '../errors';

/**
 * Opens the direct conversation with another person, by id or by an account's username (`dm:open`): the same room for both of them, however often
 * it is opened. It joins the room list at once; its messages load as for any room.
 */
export async function openDirect(person: { userId: string } | { username: string }): Promise<Result<Room>> {
  const runtime = currentRuntime();
  const result = await request(runtime?.socket ?? null, 'dm:open', person);
  if (!result.ok) return result;
  const { room } = result.data;
  roomsStore.getState().joined(room);
  if (runtime) void runtime.sync.syncRoom(room.id);
  return { ok: true, data: room };
}
