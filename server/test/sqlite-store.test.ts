import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../src/store/sqlite';
import type { Role } from '../src/store/sqlite/messages';
import { MIGRATIONS } from '../src/store/sqlite/migrations';
import type { Store } from '../src/store/types';
import { makeTempDir } from './helpers';

/** What the SQLite backend adds to the store contract: database threads, group commit and migrations. */

let dataDir: string;
let store: Store;
let batches: { role: Role; calls: number }[];
beforeEach(async () => {
  dataDir = makeTempDir();
  batches = [];
  store = await openSqliteStore(path.join(dataDir, 'tandem.db'), {
    onBatch: (role, calls) => batches.push({ role, calls }),
  });
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function roomOf() {
  const user = await store.createUser('Ann', 1);
  const room = await store.createRoom({ name: 'r', visibility: 'public', creatorId: user.id, createdAt: 1 });
  return { sender: { id: user.id, nickname: user.nickname }, roomId: room.id };
}

describe('the SQLite store', () => {
  it('commits appends that arrive together in one transaction, with seqs in the order they were called', async () => {
    const { sender, roomId } = await roomOf();
    batches = [];
    const appends = Array.from({ length: 200 }, (_, i) =>
      store.appendMessage({ roomId, sender, clientId: `c${i}`, text: `t${i}`, createdAt: 2 }),
    );
    const results = await Promise.all(appends);
    expect(results.map(({ message }) => message.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const writes = batches.filter((batch) => batch.role === 'writer');
    expect(writes.reduce((sum, batch) => sum + batch.calls, 0)).toBe(200);
    expect(writes.length).toBeLessThanOrEqual(2);
  });

  it('fails only the write that fails in a batch; the others commit', async () => {
    const { sender, roomId } = await roomOf();
    const outcomes = await Promise.allSettled([
      store.appendMessage({ roomId, sender, clientId: 'a', text: 'a', createdAt: 2 }),
      store.appendMessage({ roomId: 'no such room', sender, clientId: 'b', text: 'b', createdAt: 2 }),
      store.appendMessage({ roomId, sender, clientId: 'c', text: 'c', createdAt: 2 }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const { messages } = await store.listMessages(roomId, { limit: 10 });
    expect(messages.map((message) => [message.clientId, message.seq])).toEqual([
      ['a', 1],
      ['c', 2],
    ]);
  });

  it('finishes the calls in flight before it closes', async () => {
    const { sender, roomId } = await roomOf();
    const append = store.appendMessage({ roomId, sender, clientId: 'last', text: 'last', createdAt: 2 });
    await store.close();
    await expect(append).resolves.toMatchObject({ created: true, message: { seq: 1 } });
    store = await openSqliteStore(path.join(dataDir, 'tandem.db'));
    expect((await store.listMessages(roomId, { limit: 10 })).messages).toHaveLength(1);
  });

  it('refuses to open a file that is not a database, with the reason', async () => {
    const file = path.join(dataDir, 'garbage.db');
    fs.writeFileSync(file, 'this is not a database, just enough bytes to look like a file header....');
    await expect(openSqliteStore(file)).rejects.toThrow(/not a database/);
  });
});

/** The schema version of the last release: read state (3) and accounts (4) came after it. */
const RELEASED = 2;

describe('the SQLite migrations', () => {
  it('bring a database of the last release (version 2) to the latest, keeping its data; members have read it all', async () => {
    const file = path.join(dataDir, 'previous.db');
    const db = new Database(file);
    for (const sql of MIGRATIONS.slice(0, RELEASED)) db.exec(sql);
    db.pragma(`user_version = ${RELEASED}`);
    db.exec(`
      INSERT INTO users (id, nickname, created_at, wechat_openid) VALUES ('u1', 'Ann', 1, 'openid-1'), ('u2', 'Bob', 1, NULL);
      INSERT INTO rooms (id, name, visibility, created_by, created_at, last_seq, member_count)
        VALUES ('r1', 'General', 'public', 'u1', 1, 2, 2), ('r2', 'Empty', 'public', 'u1', 1, 0, 1);
      INSERT INTO memberships (room_id, user_id, joined_at) VALUES ('r1', 'u1', 1), ('r1', 'u2', 1), ('r2', 'u1', 1);
      INSERT INTO messages (id, room_id, seq, sender_id, client_id, text, created_at)
        VALUES ('m1', 'r1', 1, 'u1', 'c1', 'one', 2), ('m2', 'r1', 2, 'u1', 'c2', 'two', 3);
    `);
    db.close();

    const migrated = await openSqliteStore(file);
    try {
      const sender = { id: 'u1', nickname: 'Ann' };
      const stored = { id: 'm2', roomId: 'r1', seq: 2, clientId: 'c2', sender, text: 'two', createdAt: 3 };
      await expect(migrated.findRoom('r1')).resolves.toMatchObject({ lastSeq: 2, memberCount: 2, lastMessage: stored });
      await expect(migrated.findOrCreateWechatUser('openid-1', 'Other', 9)).resolves.toMatchObject({ id: 'u1' });
      const readSeqs = (await migrated.listMemberships('u1')).sort((a, b) => a.roomId.localeCompare(b.roomId));
      expect(readSeqs).toEqual([
        { roomId: 'r1', readSeq: 2, mentions: 0 },
        { roomId: 'r2', readSeq: 0, mentions: 0 },
      ]);
      await expect(migrated.findReadSeq('r1', 'u2')).resolves.toBe(2);
      const next = await migrated.appendMessage({ roomId: 'r1', sender, clientId: 'c3', text: 'three', createdAt: 9 });
      expect(next).toMatchObject({ created: true, message: { seq: 3 } });
      await expect(migrated.findReadSeq('r1', 'u1')).resolves.toBe(3);
      await expect(migrated.markRead('r1', 'u2', 3)).resolves.toEqual({ readSeq: 3, moved: true });
    } finally {
      await migrated.close();
    }
    const reopened = new Database(file, { readonly: true });
    expect(reopened.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    reopened.close();
  });
});
