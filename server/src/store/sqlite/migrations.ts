import type Database from 'better-sqlite3';
import { DIRECT_ROOMS_MIGRATION } from './direct-rooms';
import { SIGN_IN_LINKS_MIGRATION } from './signin-links';
import { DEVICE_ACCOUNTS_MIGRATION } from './migration-device';
import { MEDIA_MIGRATION } from './media';
import { AVATARS_MIGRATION } from './migration-avatars';
import { OWNERS_SAFETY_MIGRATION } from './safety';
import { MESSAGE_SEARCH_MIGRATION } from './search';
import { MESSAGE_CHANGES_MIGRATION } from './migration-message-changes';
import { REPLIES_MENTIONS_MIGRATION } from './migration-replies';

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many ran. Never edit a shipped entry:
 * append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    nickname TEXT NOT NULL,
    token_version INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE rooms (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'private')),
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    -- Bumped in the same transaction as each message insert: seq is atomic and gapless.
    last_seq INTEGER NOT NULL DEFAULT 0,
    member_count INTEGER NOT NULL DEFAULT 0
  ) STRICT;

  CREATE TABLE memberships (
    room_id TEXT NOT NULL REFERENCES rooms (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (room_id, user_id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX memberships_by_user ON memberships (user_id, room_id);

  CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    room_id TEXT NOT NULL REFERENCES rooms (id),
    seq INTEGER NOT NULL,
    sender_id TEXT NOT NULL REFERENCES users (id),
    client_id TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    -- Also the index every page read uses.
    UNIQUE (room_id, seq),
    -- Idempotency: a resend of (sender, clientId) finds the stored row instead of inserting a second one.
    UNIQUE (sender_id, client_id)
  ) STRICT;

  CREATE TABLE invites (
    code TEXT PRIMARY KEY,
    room_id TEXT NOT NULL REFERENCES rooms (id),
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  `,
  `
  -- WeChat sign-in: one user per mini program openid. NULL for nickname users (NULLs never collide).
  ALTER TABLE users ADD COLUMN wechat_openid TEXT;
  CREATE UNIQUE INDEX users_by_wechat_openid ON users (wechat_openid);
  `,
  `
  -- Read state: the highest seq the member has read. Existing members have read everything so far, so an upgrade
  -- shows no backlog of badges.
  ALTER TABLE memberships ADD COLUMN read_seq INTEGER NOT NULL DEFAULT 0;
  UPDATE memberships SET read_seq = (SELECT r.last_seq FROM rooms r WHERE r.id = memberships.room_id);
  `,
  `
  -- Accounts with a password. NULL for guests and WeChat users. Usernames are ASCII, so lower() folds every case.
  ALTER TABLE users ADD COLUMN username TEXT;
  ALTER TABLE users ADD COLUMN password_hash TEXT;
  CREATE UNIQUE INDEX users_by_username ON users (lower(username));
  `,
  `
  -- Sessions: one row per sign-in (device), named by its tokens' sid claim; ending a session deletes its row.
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    device TEXT NOT NULL,
    address TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX sessions_by_user ON sessions (user_id, created_at);
  `,
  SIGN_IN_LINKS_MIGRATION,
  DEVICE_ACCOUNTS_MIGRATION,
  DIRECT_ROOMS_MIGRATION,
  AVATARS_MIGRATION,
  REPLIES_MENTIONS_MIGRATION,
  MESSAGE_CHANGES_MIGRATION,
  MESSAGE_SEARCH_MIGRATION,
  OWNERS_SAFETY_MIGRATION,
  MEDIA_MIGRATION,
];

export function migrate(db: Database.Database): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  const pending = MIGRATIONS.slice(applied);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const sql of pending) db.exec(sql);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
