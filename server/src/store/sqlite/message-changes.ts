import type Database from 'better-sqlite3';
import type { Message } from '@tandem/protocol';
import { toMessage } from '../rows';
import type { ChangePage, MessageChange } from '../types';
import type { Statements } from './statements';

/** The reader thread's share of edits, recalls and deletes: lookups and catch-up pages. */
export function messageChangeReads(sql: Statements) {
  return {
    findMessage: (roomId: string, messageId: string): Message | undefined => {
      const row = sql.findMessage.get(roomId, messageId);
      return row && toMessage(row);
    },
    listChanges: (roomId: string, afterChangeSeq: number, limit: number): ChangePage => {
      // The room's seq first: rows read after it cover every change up to it (and maybe a few beyond).
      const roomSeq = sql.roomChangeSeq.get(roomId)?.change_seq ?? 0;
      // One row more than asked tells whether more follow.
      const rows = sql.changesAfter.all(roomId, afterChangeSeq, limit + 1);
      const hasMore = rows.length > limit;
      if (hasMore) rows.pop();
      const changeSeq = Math.max(roomSeq, rows[rows.length - 1]?.change_seq ?? 0);
      return { messages: rows.map(toMessage), hasMore, changeSeq };
    },
  };
}

/** The writer thread's share: a change bumps the room's change seq only when it changes a live message. */
export function messageChangeWrites(db: Database.Database, sql: Statements) {
  return {
    changeMessage: db.transaction((change: MessageChange): Message | undefined => {
      const { roomId, messageId } = change;
      const current = sql.findMessage.get(roomId, messageId);
      if (!current || current.state) return undefined;
      const bumped = sql.nextChangeSeq.get(roomId);
      if (!bumped) return undefined;
      if (change.kind === 'edit') {
        sql.editMessage.run(change.text, change.at, bumped.change_seq, roomId, messageId);
      } else {
        const state = change.kind === 'recall' ? 'recalled' : 'deleted';
        sql.tombstoneMessage.run(state, bumped.change_seq, roomId, messageId);
      }
      const row = sql.findMessage.get(roomId, messageId);
      return row && toMessage(row);
    }),
  };
}
