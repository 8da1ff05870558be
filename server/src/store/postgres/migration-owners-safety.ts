import { sql } from 'kysely';
import type { Migration } from 'kysely';

/**
 * Owners and safety (issue 12), listed in MIGRATIONS as `014_owners_safety`: the room's owner (its creator so far),
 * bans per room, blocks between people, and reports with a snapshot of the message (no reference to it: a deleted
 * message stays reported).
 */
export const OWNERS_SAFETY_MIGRATION: Migration = {
  async up(db) {
    await sql`
      ALTER TABLE rooms ADD COLUMN owner_id text REFERENCES users (id);
      UPDATE rooms SET owner_id = created_by;
      ALTER TABLE rooms ALTER COLUMN owner_id SET NOT NULL;
      CREATE TABLE room_bans (
        room_id text NOT NULL REFERENCES rooms (id),
        user_id text NOT NULL REFERENCES users (id),
        banned_at bigint NOT NULL,
        PRIMARY KEY (room_id, user_id)
      );
      CREATE TABLE user_blocks (
        blocker_id text NOT NULL REFERENCES users (id),
        blocked_id text NOT NULL REFERENCES users (id),
        created_at bigint NOT NULL,
        PRIMARY KEY (blocker_id, blocked_id)
      );
      CREATE TABLE message_reports (
        id text PRIMARY KEY,
        room_id text NOT NULL REFERENCES rooms (id),
        message_id text NOT NULL,
        seq bigint NOT NULL,
        sender_id text NOT NULL REFERENCES users (id),
        text text NOT NULL,
        reporter_id text NOT NULL REFERENCES users (id),
        reason text,
        created_at bigint NOT NULL
      );
      CREATE INDEX message_reports_by_time ON message_reports (created_at, id);
    `.execute(db);
  },
};
