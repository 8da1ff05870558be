import { MESSAGE_TEXT_MAX_LENGTH, RECALL_WINDOW_DEFAULT_MS } from '@tandem/protocol';
import type { Message } from '@tandem/protocol';
import type { ChatSocket } from '../platform/socket';
import type { ChatMessage } from '../stores/messages';
import { request } from './connection/request';
import { currentRuntime } from './current';
import { failure } from './errors';
import type { RequestError, Result } from './errors';

/**
 * Edit, recall and delete intents. Each asks the server and applies the answer at once (the room's broadcast
 * brings the same version again, which changes nothing): not queued like sends, since a change made offline could
 * land after the recall window or on a message deleted meanwhile.
 */

type Ask = (socket: ChatSocket) => Promise<Result<{ message: Message }>>;

async function change(ask: Ask): Promise<RequestError | null> {
  const runtime = currentRuntime();
  if (!runtime) return failure('OFFLINE', 'not connected').error;
  const result = await ask(runtime.socket);
  if (!result.ok) return result.error;
  runtime.changed(result.data.message);
  return null;
}

export function editMessage(roomId: string, messageId: string, text: string): Promise<RequestError | null> {
  const trimmed = text.trim();
  if (!trimmed || trimmed.length > MESSAGE_TEXT_MAX_LENGTH) {
    return Promise.resolve(failure('INVALID_PAYLOAD', 'invalid message').error);
  }
  return change((socket) => request(socket, 'message:edit', { roomId, messageId, text: trimmed }));
}

export function recallMessage(roomId: string, messageId: string): Promise<RequestError | null> {
  return change((socket) => request(socket, 'message:recall', { roomId, messageId }));
}

export function deleteMessage(roomId: string, messageId: string): Promise<RequestError | null> {
  return change((socket) => request(socket, 'message:delete', { roomId, messageId }));
}

/** Whether to offer "recall" on a message: the user's own, stored, not a tombstone, within the default window. */
export function canRecall(message: ChatMessage, userId: string | undefined, now: number): boolean {
  return canEdit(message, userId) && now - message.createdAt <= RECALL_WINDOW_DEFAULT_MS;
}

/** Whether to offer "edit": the user's own stored message that is not a tombstone. */
export function canEdit(message: ChatMessage, userId: string | undefined): boolean {
  return message.sender.id === userId && message.status === 'sent' && message.id !== null && !message.state;
}
