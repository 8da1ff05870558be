import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../src/store/sqlite';
import { MIGRATIONS } from '../src/store/sqlite/migrations';
import { makeTempDir } from './helpers';

/**
 * `fixtures/schema-v2.db` was written by the store as it was before accounts (schema version 2): a nickname guest
 * (Ann), a WeChat user, a public room with four messages and Ann's private room. Opening it migrates it in place,
 * keeping every user, room and message.
 */
const FIXTURE = path.join(__dirname, 'fixtures', 'schema-v2.db');
const ANN = 'e805fd56-0891-4421-ba0e-a18176827553';
const WEI = '2c0bae9f-abe7-44b4-8c7c-860caf7a3ef3';
const GENERAL = '08e057dd-a538-484d-98b4-b8850515c399';
const SECRET = '196a78f5-3c16-4080-896b-1085f16f5548';

let dataDir: string;
beforeEach(() => {
  dataDir = makeTempDir();
  fs.copyFileSync(FIXTURE, path.join(dataDir, 'tandem.db'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const userVersion = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true });
  } finally {
    db.close();
  }
};

describe('the SQLite migrations', () => {
  it('bring a database of schema version 2 to the latest, keeping users, rooms and messages', async () => {
    const file = path.join(dataDir, 'tandem.db');
    expect(userVersion(file)).toBe(2);
    const store = await openSqliteStore(file);
    try {
      expect(userVersion(file)).toBe(MIGRATIONS.length);
      await expect(store.findUser(ANN)).resolves.toEqual({
        id: ANN,
        nickname: 'Ann',
        tokenVersion: 0,
        createdAt: 1_700_000_000_000,
      });
      await expect(store.findOrCreateWechatUser('openid-wei', 'Other', 1)).resolves.toMatchObject({ id: WEI });
      const rooms = await store.listVisibleRooms(ANN);
      expect(rooms.map((room) => [room.name, room.lastSeq, room.memberCount])).toEqual([
        ['General', 4, 2],
        ['Secret', 1, 1],
      ]);
      const { messages } = await store.listMessages(GENERAL, { limit: 10 });
      expect(messages.map((message) => [message.seq, message.sender.id, message.text])).toEqual([
        [1, ANN, 'hello 1 😀'],
        [2, ANN, 'hello 2 😀'],
        [3, ANN, 'hello 3 😀'],
        [4, WEI, '你好'],
      ]);
      // Owners (entry 13): every existing room is owned by its creator.
      expect(rooms.map((room) => room.ownerId)).toEqual([ANN, ANN]);
      // Read state: existing members have read everything so far.
      await expect(store.findReadSeq(GENERAL, WEI)).resolves.toBe(4);
      // The search index holds the messages stored before it (the migration backfills it).
      const found = await store.searchMessages(WEI, { terms: ['hello', '😀'], limit: 10 });
      expect(found.hits.map((hit) => hit.message.seq)).toEqual([3, 2, 1]);
      const chinese = await store.searchMessages(ANN, { terms: ['你好'], limit: 10 });
      expect(chinese.hits.map((hit) => hit.message.text)).toEqual(['你好']);
      // Old rows work with the new schema: Ann claims her guest account, and writes go on from the stored seq.
      await expect(store.claimAccount(ANN, 'ann', 'hash')).resolves.toMatchObject({ id: ANN, username: 'ann' });
      await expect(store.findCredentials('ANN')).resolves.toMatchObject({ user: { id: ANN } });
      const sender = { id: ANN, nickname: 'Ann' };
      const next = await store.appendMessage({ roomId: SECRET, sender, clientId: 's2', text: 'two', createdAt: 9 });
      expect(next).toMatchObject({ created: true, message: { seq: 2 } });
    } finally {
      await store.close();
    }
  });
});
