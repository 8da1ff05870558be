import { MENTION_ALL, replyExcerpt } from '@tandem/protocol';
import type { MessageReply } from '@tandem/protocol';
import { AppError } from '../errors';
import type { Store } from '../store/types';
import { isRoomOwner } from './owner';

/** The quote of `replyTo`: NOT_FOUND unless it is a message of the same room. */
export async function quoteOf(store: Store, roomId: string, replyTo: string | undefined) {
  if (replyTo === undefined) return undefined;
  const quoted = await store.findMessage(roomId, replyTo);
  // A recalled or deleted message is gone: nothing of it can be quoted.
  if (!quoted || quoted.state) throw new AppError('NOT_FOUND', 'the message replied to is not in this room');
  const reply: MessageReply = {
    id: quoted.id,
    seq: quoted.seq,
    sender: quoted.sender,
    excerpt: replyExcerpt(quoted.text),
  };
  return reply;
}

/**
 * The mentions to store, each once, in the order given. `MENTION_ALL` is the room owner's only: anyone else is
 * refused (FORBIDDEN), since a silent drop would let the sender believe everyone was told. A user id that is not a
 * member is dropped, not refused: someone who left while the message was typed does not cost the message.
 */
export async function checkedMentions(store: Store, roomId: string, senderId: string, mentions: string[] | undefined) {
  if (mentions === undefined || mentions.length === 0) return undefined;
  const wanted = [...new Set(mentions)];
  if (wanted.includes(MENTION_ALL) && !(await ownsRoom(store, roomId, senderId))) {
    throw new AppError('FORBIDDEN', 'only the room owner may mention everyone');
  }
  const members = new Set((await store.listMembers(roomId)).map((member) => member.id));
  const kept = wanted.filter((id) => id === MENTION_ALL || members.has(id));
  return kept.length === 0 ? undefined : kept;
}

/** `@all` is an owner action: a direct conversation has none. */
async function ownsRoom(store: Store, roomId: string, userId: string): Promise<boolean> {
  const room = await store.findRoom(roomId);
  return room !== undefined && room.direct === undefined && isRoomOwner(room, userId);
}
