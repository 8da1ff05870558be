import type { User } from '@tandem/protocol';
import type { ChatSocket } from '../../platform/socket';
import { safetyStore } from '../../stores/safety';
import { request } from '../connection/request';
import type { Result } from '../errors';

/** The account's block list: asked for on every connection, changed here or heard from other devices. */

export async function loadBlocks(socket: ChatSocket): Promise<void> {
  const result = await request(socket, 'user:blocks', {});
  if (result.ok) safetyStore.getState().blocksLoaded(result.data.users);
}

/** Blocks or unblocks a person; the answer is the list as the server holds it now. */
export async function changeBlock(
  socket: ChatSocket | null,
  event: 'user:block' | 'user:unblock',
  userId: string,
): Promise<Result<User[]>> {
  const result = await request(socket, event, { userId });
  if (!result.ok) return result;
  safetyStore.getState().blocksLoaded(result.data.users);
  return { ok: true, data: result.data.users };
}
