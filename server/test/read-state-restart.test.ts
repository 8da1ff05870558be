import fs from 'node:fs';
import { call, makeTempDir, signIn } from './helpers';
import { connect, startChild } from './child-server';
import type { Child } from './child-server';
import { createTestDatabase } from './postgres';
import type { TestDatabase } from './postgres';
import { TEST_STORE } from './test-store';

/** An acknowledged read survives the server being killed: the store keeps it (SQLite, or PostgreSQL in that pass). */

jest.setTimeout(60_000);

let dataDir: string;
let database: TestDatabase | undefined;
const children: Child[] = [];
beforeEach(() => {
  dataDir = makeTempDir();
});
afterEach(async () => {
  for (const child of children.splice(0)) {
    child.process.kill('SIGKILL');
    await child.exited;
  }
  await database?.drop();
  database = undefined;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<Child> {
  if (TEST_STORE === 'postgres') database ??= await createTestDatabase();
  const child = await startChild(dataDir, database ? { DATABASE_URL: database.url } : {});
  children.push(child);
  return child;
}

it('keeps read seqs and unread counts across a kill -9 and a restart', async () => {
  const first = await start();
  const [ann, bob] = [await signIn(first.url, 'Ann'), await signIn(first.url, 'Bob')];
  const annSocket = await connect(first.url, ann.token);
  const bobSocket = await connect(first.url, bob.token);
  const { room } = await call(bobSocket, 'room:create', { name: 'kept' });
  await call(annSocket, 'room:join', { roomId: room.id });
  for (const clientId of ['a', 'b', 'c', 'd']) {
    await call(bobSocket, 'message:send', { roomId: room.id, clientId, text: clientId });
  }
  expect(await call(annSocket, 'read:mark', { roomId: room.id, seq: 3 })).toEqual({ readSeq: 3 });
  annSocket.disconnect();
  bobSocket.disconnect();
  first.process.kill('SIGKILL');
  await first.exited;

  const second = await start();
  const again = await connect(second.url, ann.token);
  try {
    const { rooms } = await call(again, 'room:list', {});
    expect(rooms.find((listed) => listed.id === room.id)).toMatchObject({ lastSeq: 4, readSeq: 3, unread: 1 });
  } finally {
    again.disconnect();
  }
});
