import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import type { Message } from '@tandem/protocol';
import { toMessage } from '../rows';
import type { MessageRow } from '../rows';
import type { ChangePage, MessageChange, MessageStore } from '../types';
import type { Database } from './schema';

/**
 * Recall, edit, delete (issue 12): per-room change seq, bumped on every change of a message, and on each message the
 * change seq of its last change, when it was edited and whether it is a tombstone. Listed as `012_message_changes`.
 */
export const MESSAGE_CHANGES_MIGRATION: Migration = {
  async up(db) {
    await sql`
      ALTER TABLE rooms ADD COLUMN change_seq bigint NOT NULL DEFAULT 0;
      ALTER TABLE messages ADD COLUMN change_seq bigint NOT NULL DEFAULT 0,
        ADD COLUMN edited_at bigint,
        ADD COLUMN state text CHECK (state IN ('recalled', 'deleted'));
      -- Catch-up reads changes by room in changeSeq order; most messages never change, so only changed ones count.
      CREATE INDEX messages_by_change ON messages (room_id, change_seq) WHERE change_seq > 0;
    `.execute(db);
  },
};

type Methods = 'findMessage' | 'changeMessage' | 'listChanges';

export function messageChangeQueries(db: Kysely<Database>): Pick<MessageStore, Methods> {
  /** A message with its sender (the row shape of ../rows.ts). */
  const messages = (q: Kysely<Database>) =>
    q
      .selectFrom('messages as m')
      .innerJoin('users as u', 'u.id', 'm.sender_id')
      .select(['m.id', 'm.room_id', 'm.seq', 'm.client_id', 'm.sender_id', 'u.nickname as sender_nickname', 'm.text'])
      .select(['u.avatar_version as sender_avatar_version', 'm.created_at', 'm.edited_at', 'm.state', 'm.change_seq'])
      .select(['m.reply', 'm.mentions']);
  const find = async (q: Kysely<Database>, roomId: string, messageId: string): Promise<Message | undefined> => {
    const row = await messages(q).where('m.room_id', '=', roomId).where('m.id', '=', messageId).executeTakeFirst();
    return row && toMessage(row as MessageRow);
  };
  const roomOf = (roomId: string) =>
    db.selectFrom('rooms').select(['change_seq']).where('id', '=', roomId).executeTakeFirst();

  return {
    findMessage: (roomId, messageId) => find(db, roomId, messageId),
    // The message row is locked first, so two changes of one message run one after the other and a tombstone is
    // never changed again; the room row's lock makes its change seq gapless.
    changeMessage: (change: MessageChange) =>
      db.transaction().execute(async (trx) => {
        const { roomId, messageId } = change;
        const live = await trx
          .selectFrom('messages')
          .select('id')
          .where('room_id', '=', roomId)
          .where('id', '=', messageId)
          .where('state', 'is', null)
          .forUpdate()
          .executeTakeFirst();
        if (!live) return undefined;
        const { change_seq } = await trx
          .updateTable('rooms')
          .set((eb) => ({ change_seq: eb('change_seq', '+', 1) }))
          .where('id', '=', roomId)
          .returning('change_seq')
          .executeTakeFirstOrThrow();
        const values =
          change.kind === 'edit'
            ? { text: change.text, edited_at: change.at, change_seq }
            : { text: '', state: change.kind === 'recall' ? ('recalled' as const) : ('deleted' as const), change_seq };
        await trx.updateTable('messages').set(values).where('id', '=', messageId).execute();
        return find(trx, roomId, messageId);
      }),
    async listChanges(roomId, afterChangeSeq, limit): Promise<ChangePage> {
      // The room's seq first: rows read after it cover every change up to it (and maybe a few beyond).
      const roomSeq = (await roomOf(roomId))?.change_seq ?? 0;
      const rows = (await messages(db)
        .where('m.room_id', '=', roomId)
        .where('m.change_seq', '>', afterChangeSeq)
        .orderBy('m.change_seq', 'asc')
        .limit(limit + 1)
        .execute()) as MessageRow[];
      const hasMore = rows.length > limit;
      if (hasMore) rows.pop();
      const changeSeq = Math.max(roomSeq, rows[rows.length - 1]?.change_seq ?? 0);
      return { messages: rows.map(toMessage), hasMore, changeSeq };
    },
  };
}
