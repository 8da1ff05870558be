import { Migrator, sql } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { APPEND_MESSAGES_WITH_READS_FUNCTION } from './append-function';
import { APPEND_MESSAGES_FUNCTION, STORED_MESSAGE_FUNCTION } from './append-function-v1';
import { DIRECT_ROOMS_MIGRATION } from './direct-rooms';
import { SIGN_IN_LINKS_MIGRATION } from './signin-links';
import { DEVICE_ACCOUNTS_MIGRATION } from './migration-device';
import { OWNERS_SAFETY_MIGRATION } from './migration-owners-safety';
import { AVATARS_MIGRATION } from './migration-avatars';
import { MESSAGE_SEARCH_MIGRATION } from './search';
import { MESSAGE_CHANGES_MIGRATION } from './message-changes';
import { REPLIES_MENTIONS_MIGRATION } from './migration-replies';
import { RESEND_CHANGES_MIGRATION } from './migration-resend-changes';
import { MEDIA_MIGRATION } from './media';

/**
 * Versioned schema migrations, applied in name order by Kysely's Migrator, which records them in
 * `kysely_migration` and holds a lock while it runs (nodes starting together migrate once). Never edit a shipped
 * entry: add a new one. The first two mirror the SQLite store's migrations (sqlite/migrations.ts).
 */
export const MIGRATIONS: Record<string, Migration> = {
  '001_initial': {
    async up(db) {
      await sql`
        CREATE TABLE users (
          id text PRIMARY KEY,
          nickname text NOT NULL,
          token_version integer NOT NULL DEFAULT 0,
          created_at bigint NOT NULL
        );
        CREATE TABLE rooms (
          id text PRIMARY KEY,
          name text NOT NULL,
          visibility text NOT NULL CHECK (visibility IN ('public', 'private')),
          created_by text NOT NULL REFERENCES users (id),
          created_at bigint NOT NULL,
          -- Bumped in the same transaction as each message insert, which locks the row: seq is atomic and gapless
          -- whatever the number of writers.
          last_seq bigint NOT NULL DEFAULT 0,
          member_count integer NOT NULL DEFAULT 0
        );
        CREATE TABLE memberships (
          room_id text NOT NULL REFERENCES rooms (id),
          user_id text NOT NULL REFERENCES users (id),
          joined_at bigint NOT NULL,
          PRIMARY KEY (room_id, user_id)
        );
        CREATE INDEX memberships_by_user ON memberships (user_id, room_id);
        CREATE TABLE messages (
          id text PRIMARY KEY,
          room_id text NOT NULL REFERENCES rooms (id),
          seq bigint NOT NULL,
          sender_id text NOT NULL REFERENCES users (id),
          client_id text NOT NULL,
          text text NOT NULL,
          created_at bigint NOT NULL,
          -- Also the index every page read uses.
          CONSTRAINT messages_room_seq UNIQUE (room_id, seq),
          -- Idempotency: a resend of (sender, clientId) finds the stored row instead of inserting a second one.
          CONSTRAINT messages_sender_client UNIQUE (sender_id, client_id)
        );
        CREATE TABLE invites (
          code text PRIMARY KEY,
          room_id text NOT NULL REFERENCES rooms (id),
          created_by text NOT NULL REFERENCES users (id),
          created_at bigint NOT NULL,
          expires_at bigint NOT NULL
        );
      `.execute(db);
    },
  },
  '002_wechat_openid': {
    async up(db) {
      // One user per mini program openid; NULL for nickname users (NULLs never collide).
      await sql`
        ALTER TABLE users ADD COLUMN wechat_openid text;
        CREATE UNIQUE INDEX users_by_wechat_openid ON users (wechat_openid);
      `.execute(db);
    },
  },
  '003_append_messages': {
    async up(db) {
      await sql.raw(STORED_MESSAGE_FUNCTION).execute(db);
      await sql.raw(APPEND_MESSAGES_FUNCTION).execute(db);
    },
  },
  '004_read_seq': {
    async up(db) {
      // Read state: the highest seq the member has read. Existing members have read everything so far, so an
      // upgrade shows no backlog of badges. Adding a column with a constant default rewrites no rows.
      await sql`
        ALTER TABLE memberships ADD COLUMN read_seq bigint NOT NULL DEFAULT 0;
        UPDATE memberships s SET read_seq = r.last_seq FROM rooms r WHERE r.id = s.room_id AND r.last_seq > 0;
      `.execute(db);
      await sql.raw(APPEND_MESSAGES_WITH_READS_FUNCTION).execute(db);
    },
  },
  '005_accounts': {
    async up(db) {
      // Accounts with a password; NULL for guests and WeChat users. Usernames are ASCII, so lower() folds every case.
      await sql`
        ALTER TABLE users ADD COLUMN username text, ADD COLUMN password_hash text;
        CREATE UNIQUE INDEX users_by_username ON users (lower(username));
      `.execute(db);
    },
  },
  '006_sessions': {
    async up(db) {
      // Sessions: one row per sign-in (device), named by its tokens' sid claim; ending a session deletes its row.
      await sql`
        CREATE TABLE sessions (
          id text PRIMARY KEY,
          user_id text NOT NULL REFERENCES users (id),
          device text NOT NULL,
          address text NOT NULL,
          created_at bigint NOT NULL,
          last_seen_at bigint NOT NULL
        );
        CREATE INDEX sessions_by_user ON sessions (user_id, created_at);
      `.execute(db);
    },
  },
  '007_signin_links': SIGN_IN_LINKS_MIGRATION,
  '008_device_accounts': DEVICE_ACCOUNTS_MIGRATION,
  '009_direct_rooms': DIRECT_ROOMS_MIGRATION,
  '010_avatars': AVATARS_MIGRATION,
  '011_replies_mentions': REPLIES_MENTIONS_MIGRATION,
  '012_message_changes': MESSAGE_CHANGES_MIGRATION,
  '013_message_search': MESSAGE_SEARCH_MIGRATION,
  '014_owners_safety': OWNERS_SAFETY_MIGRATION,
  '015_resend_changes': RESEND_CHANGES_MIGRATION,
  '016_media': MEDIA_MIGRATION,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(MIGRATIONS) };

/** Brings the schema to `target` (by default the latest); throws with the failing migration's error. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Migrator works on any schema
export async function migrate(db: Kysely<any>, target?: string): Promise<void> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = target === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
  if (error === undefined) return;
  const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'a migration';
  const reason = error instanceof Error ? error.message : String(error);
  throw new Error(`PostgreSQL migration ${failed} failed: ${reason}`, { cause: error });
}
