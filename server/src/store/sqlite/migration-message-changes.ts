/**
 * Recall, edit, delete (issue 12): per-room change seq, bumped on every change of a message, and on each message the
 * change seq of its last change, when it was edited and whether it is a tombstone. Migration number 11.
 */
export const MESSAGE_CHANGES_MIGRATION = `
  ALTER TABLE rooms ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE messages ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE messages ADD COLUMN edited_at INTEGER;
  ALTER TABLE messages ADD COLUMN state TEXT CHECK (state IN ('recalled', 'deleted'));
  -- Catch-up reads changes by room in changeSeq order; most messages never change, so only changed ones are indexed.
  CREATE INDEX messages_by_change ON messages (room_id, change_seq) WHERE change_seq > 0;
  `;
