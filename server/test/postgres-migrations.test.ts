import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { openPostgresStore } from '../src/store/postgres';
import { MIGRATIONS, migrate } from '../src/store/postgres/migrations';
import { createTestDatabase } from './postgres';
import type { TestDatabase } from './postgres';

/** Versioned migrations: from an empty database, from the previous version with data in it, and by nodes racing. */

let database: TestDatabase;
let db: Kysely<unknown>;
beforeEach(async () => {
  database = await createTestDatabase();
  db = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }) });
});
afterEach(async () => {
  try {
    await db.destroy();
  } finally {
    await database.drop();
  }
});

const applied = async () =>
  (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db)).rows.map(
    (row) => row.name,
  );

/** The schema version of the last release: read state (004) and accounts (005) came after it. */
const RELEASED = '003_append_messages';

describe('the PostgreSQL migrations', () => {
  it('bring an empty database to the latest version, once even when two nodes start together', async () => {
    const stores = await Promise.all([openPostgresStore(database.url), openPostgresStore(database.url)]);
    await Promise.all(stores.map((store) => store.close()));
    expect(await applied()).toEqual(Object.keys(MIGRATIONS).sort());
  });

  it('bring a database of the last release (003) to the latest, keeping its data', async () => {
    const names = Object.keys(MIGRATIONS).sort();
    await migrate(db, RELEASED);
    expect(await applied()).toEqual(names.slice(0, names.indexOf(RELEASED) + 1));
    await sql`
      INSERT INTO users (id, nickname, created_at, wechat_openid) VALUES ('u1', 'Ann', 1, 'openid-1'), ('u2', 'Bob', 1, NULL);
      INSERT INTO rooms (id, name, visibility, created_by, created_at, last_seq, member_count)
        VALUES ('r1', 'General', 'public', 'u1', 1, 2, 2), ('r2', 'Empty', 'public', 'u1', 1, 0, 1);
      INSERT INTO memberships (room_id, user_id, joined_at) VALUES ('r1', 'u1', 1), ('r1', 'u2', 1), ('r2', 'u1', 1);
      INSERT INTO messages (id, room_id, seq, sender_id, client_id, text, created_at)
        VALUES ('m1', 'r1', 1, 'u1', 'c1', 'one', 2), ('m2', 'r1', 2, 'u1', 'c2', 'two', 3);
    `.execute(db);

    const store = await openPostgresStore(database.url);
    try {
      expect(await applied()).toEqual(names);
      const sender = { id: 'u1', nickname: 'Ann' };
      const stored = { id: 'm2', roomId: 'r1', seq: 2, clientId: 'c2', sender, text: 'two', createdAt: 3 };
      await expect(store.findRoom('r1')).resolves.toMatchObject({ lastSeq: 2, memberCount: 2, lastMessage: stored });
      // 014: every existing room is owned by its creator.
      await expect(store.findRoom('r2')).resolves.toMatchObject({ ownerId: 'u1' });
      await expect(store.findOrCreateWechatUser('openid-1', 'Other', 9)).resolves.toMatchObject({ id: 'u1' });
      const resend = await store.appendMessage({ roomId: 'r1', sender, clientId: 'c2', text: 'x', createdAt: 9 });
      expect(resend).toEqual({ message: stored, created: false });
      const next = await store.appendMessage({ roomId: 'r1', sender, clientId: 'c3', text: 'three', createdAt: 9 });
      expect(next).toMatchObject({ created: true, message: { seq: 3 } });
      // 004: existing members have read everything so far; the new append_messages reads the sender's message.
      const readSeqs = (await store.listMemberships('u1')).sort((a, b) => a.roomId.localeCompare(b.roomId));
      expect(readSeqs).toEqual([
        { roomId: 'r1', readSeq: 3, mentions: 0 },
        { roomId: 'r2', readSeq: 0, mentions: 0 },
      ]);
      await expect(store.findReadSeq('r1', 'u2')).resolves.toBe(2);
      await expect(store.markRead('r1', 'u2', 9)).resolves.toEqual({ readSeq: 3, moved: true });
      // 005: a nickname guest claims an account.
      await expect(store.claimAccount('u2', 'bob', 'hash')).resolves.toMatchObject({ id: 'u2', username: 'bob' });
      await expect(store.findCredentials('BOB')).resolves.toMatchObject({ user: { id: 'u2' } });
    } finally {
      await store.close();
    }
  });
});
