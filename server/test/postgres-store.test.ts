import { openPostgresStore } from '../src/store/postgres';
import type { AppendResult, Store } from '../src/store/types';
import {
  adminUrl,
  createTestDatabase,
  holdRoomRow,
  terminateConnections,
  untilConnectionsGone,
  untilWaitingForLock,
} from './postgres';
import type { TestDatabase } from './postgres';

/** What the PostgreSQL backend adds to the store contract: group commit, several nodes, a lost connection. */

let database: TestDatabase;
let stores: Store[];
let batches: number[];
let connectionErrors: Error[];
const open = async () => {
  const store = await openPostgresStore(database.url, {
    onBatch: (calls) => batches.push(calls),
    onConnectionError: (error) => connectionErrors.push(error),
  });
  stores.push(store);
  return store;
};
beforeEach(async () => {
  database = await createTestDatabase();
  [stores, batches, connectionErrors] = [[], [], []];
});
afterEach(async () => {
  try {
    await Promise.all(stores.map((store) => store.close()));
  } finally {
    await database.drop();
  }
});

async function roomOf(store: Store) {
  const user = await store.createUser('Ann', 1);
  const room = await store.createRoom({ name: 'r', visibility: 'public', creatorId: user.id, createdAt: 1 });
  return { sender: { id: user.id, nickname: user.nickname }, roomId: room.id };
}

/** Exactly `count` appends created a message, and every append of a clientId answered that same message. */
function expectOneStoredMessagePerClientId(results: AppendResult[], count: number): void {
  const created = results.filter((result) => result.created);
  expect(created).toHaveLength(count);
  const byClientId = new Map(created.map((result) => [result.message.clientId, result.message]));
  expect(byClientId.size).toBe(count);
  for (const result of results) expect(result.message).toEqual(byClientId.get(result.message.clientId));
}

describe('the PostgreSQL store', () => {
  it('sends appends called in one turn as one batch, with seqs in call order', async () => {
    const store = await open();
    const { sender, roomId } = await roomOf(store);
    const appends = Array.from({ length: 200 }, (_, i) =>
      store.appendMessage({ roomId, sender, clientId: `c${i}`, text: `t${i}`, createdAt: 2 }),
    );
    const results = await Promise.all(appends);
    expect(results.map(({ message }) => message.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(batches).toEqual([200]);
  });

  it('fails only the append that fails in a batch, and answers a duplicate in the same batch with the stored one', async () => {
    const store = await open();
    const { sender, roomId } = await roomOf(store);
    const append = (room: string, clientId: string, text = clientId) =>
      store.appendMessage({ roomId: room, sender, clientId, text, createdAt: 2 });
    const outcomes = await Promise.allSettled([
      append(roomId, 'a'),
      append('no such room', 'b'),
      append(roomId, 'a', 'again'),
      append(roomId, 'c'),
    ]);
    expect(batches).toEqual([4]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const [first, , duplicate] = outcomes as PromiseFulfilledResult<Awaited<ReturnType<Store['appendMessage']>>>[];
    expect(first?.value.created).toBe(true);
    expect(duplicate?.value).toEqual({ message: first?.value.message, created: false });
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({
      message: 'appendMessage: room no such room does not exist',
      code: 'P0002',
    });
    const { messages } = await store.listMessages(roomId, { limit: 10 });
    expect(messages.map((message) => [message.clientId, message.seq])).toEqual([
      ['a', 1],
      ['c', 2],
    ]);
  });

  it('keeps seqs gapless and each clientId stored once with two nodes writing into two rooms in opposite orders', async () => {
    const [one, two] = [await open(), await open()];
    const { sender, roomId: first } = await roomOf(one);
    const { roomId: second } = await roomOf(two);
    const send = (store: Store, rooms: string[]) =>
      Array.from({ length: 100 }, (_, k) =>
        store.appendMessage({ roomId: rooms[k % 2] as string, sender, clientId: `c${k}`, text: `t${k}`, createdAt: 2 }),
      );
    const results = await Promise.all([...send(one, [first, second]), ...send(two, [second, first])]);
    expectOneStoredMessagePerClientId(results, 100);
    const seqs = async (roomId: string) =>
      (await one.listMessages(roomId, { afterSeq: 0, limit: 500 })).messages.map((message) => message.seq);
    const [inFirst, inSecond] = [await seqs(first), await seqs(second)];
    expect(inFirst.length + inSecond.length).toBe(100);
    expect(inFirst).toEqual(Array.from({ length: inFirst.length }, (_, i) => i + 1));
    expect(inSecond).toEqual(Array.from({ length: inSecond.length }, (_, i) => i + 1));
  });

  it('answers the stored message when another node stores the same clientId into another room at once', async () => {
    const [one, two] = [await open(), await open()];
    const { sender, roomId: first } = await roomOf(one);
    const { roomId: second } = await roomOf(two);
    const send = (store: Store, roomId: string) =>
      Array.from({ length: 50 }, (_, k) =>
        store.appendMessage({ roomId, sender, clientId: `x${k}`, text: `t${k}`, createdAt: 2 }),
      );
    const results = await Promise.all([...send(one, first), ...send(two, second)]);
    expectOneStoredMessagePerClientId(results, 50);
    const stored = async (roomId: string) => (await one.findRoom(roomId))?.lastSeq ?? 0;
    expect((await stored(first)) + (await stored(second))).toBe(50);
  });

  it('fails the appends in flight when the database drops its connections, and serves later calls', async () => {
    const store = await open();
    const { sender, roomId } = await roomOf(store);
    await store.appendMessage({ roomId, sender, clientId: 'before', text: 'before', createdAt: 2 });
    const lock = await holdRoomRow(database.url, roomId);
    const inFlight = Promise.allSettled(
      ['x', 'y'].map((clientId) => store.appendMessage({ roomId, sender, clientId, text: clientId, createdAt: 3 })),
    );
    await untilWaitingForLock(database.name);

    expect(await terminateConnections(database.name, 'tandem')).toBeGreaterThan(0);
    expect((await inFlight).map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    await lock.release();
    // The database is back once the terminated connections are gone (terminating only signals them).
    await untilConnectionsGone(database.name);

    const after = await store.appendMessage({ roomId, sender, clientId: 'after', text: 'after', createdAt: 4 });
    expect(after.message.seq).toBe(2);
    const { messages } = await store.listMessages(roomId, { limit: 10 });
    expect(messages.map((message) => message.clientId)).toEqual(['before', 'after']);
  });

  it('reports errors of idle connections the database drops instead of crashing, and reconnects', async () => {
    const store = await open();
    const { sender, roomId } = await roomOf(store);
    expect(await terminateConnections(database.name, 'tandem')).toBeGreaterThan(0);
    await untilConnectionsGone(database.name);
    expect(connectionErrors.length).toBeGreaterThan(0);
    expect(connectionErrors[0]?.message).toMatch(/terminat/);
    const { message } = await store.appendMessage({ roomId, sender, clientId: 'c', text: 't', createdAt: 2 });
    expect(message.seq).toBe(1);
  });

  it('refuses to open an unreachable database, naming it without its password', async () => {
    const url = 'postgres://tandem:s3cret-password@127.0.0.1:1/tandem';
    const failure = openPostgresStore(url, { pool: { connectionTimeoutMillis: 2000 } });
    await expect(failure).rejects.toThrow(
      /^cannot reach PostgreSQL at postgres:\/\/tandem@127\.0\.0\.1:1\/tandem: .*ECONNREFUSED/,
    );
    await expect(failure).rejects.not.toThrow(/s3cret/);
    const missing = new URL(adminUrl());
    missing.pathname = `/${database.name}_missing`;
    await expect(openPostgresStore(missing.toString())).rejects.toThrow(/database ".*_missing" does not exist/);
  });
});
