import type { Kysely } from 'kysely';
import { toMessage } from '../rows';
import type { MessageRow } from '../rows';
import type { MessagePage, MessagePageQuery, MessageStore } from '../types';
import type { Database } from './schema';

/** History pages; appends go through group-commit.ts. */
export function messageQueries(db: Kysely<Database>): Pick<MessageStore, 'listMessages'> {
  /** A message with its sender's nickname (the row shape of ../rows.ts). */
  const messages = () =>
    db
      .selectFrom('messages as m')
      .innerJoin('users as u', 'u.id', 'm.sender_id')
      .select(['m.id', 'm.room_id', 'm.seq', 'm.client_id', 'm.sender_id', 'u.nickname as sender_nickname', 'm.text'])
      .select(['u.avatar_version as sender_avatar_version', 'm.created_at', 'm.reply', 'm.mentions'])
      .select(['m.edited_at', 'm.state', 'm.change_seq']);
  return {
    async listMessages(roomId, { afterSeq, beforeSeq, limit }: MessagePageQuery): Promise<MessagePage> {
      const upper = beforeSeq ?? Number.MAX_SAFE_INTEGER;
      // One row more than asked tells whether more exist in the paging direction.
      const page = messages()
        .where('m.room_id', '=', roomId)
        .where('m.seq', '<', upper)
        .limit(limit + 1);
      const rows: MessageRow[] =
        afterSeq === undefined
          ? (await page.orderBy('m.seq', 'desc').execute()).reverse()
          : await page.where('m.seq', '>', afterSeq).orderBy('m.seq', 'asc').execute();
      const hasMore = rows.length > limit;
      if (hasMore) rows.splice(afterSeq === undefined ? 0 : limit, 1);
      return { messages: rows.map(toMessage), hasMore };
    },
  };
}
