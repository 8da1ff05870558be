/**
 * Replies and mentions (issue 12): a message's quoted message (JSON of `MessageReply`, a snapshot) and mentioned
 * user ids (JSON array), and one row per mention keyed (user, room, seq), so a member's unread mentions are a range
 * read of the key. `'all'` (`MENTION_ALL`) is no user, so the table has no foreign key to users. Appended to
 * MIGRATIONS (migrations.ts) as the entry that makes `user_version` 10.
 */
export const REPLIES_MENTIONS_MIGRATION = `
  ALTER TABLE messages ADD COLUMN reply TEXT;
  ALTER TABLE messages ADD COLUMN mentions TEXT;
  CREATE TABLE message_mentions (
    user_id TEXT NOT NULL,
    room_id TEXT NOT NULL REFERENCES rooms (id),
    seq INTEGER NOT NULL,
    PRIMARY KEY (user_id, room_id, seq)
  ) STRICT, WITHOUT ROWID;
  `;
