import fs from 'node:fs';
import path from 'node:path';
import { openSqliteStore } from '../src/store/sqlite';
import type { Role } from '../src/store/sqlite/messages';
import type { Store } from '../src/store/types';
import { makeTempDir } from './helpers';

/** What the SQLite backend adds to the store contract: database threads and group commit. */

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
