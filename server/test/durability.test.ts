import fs from 'node:fs';
import path from 'node:path';
import { openSqliteStore } from '../src/store/sqlite';
import { call, makeTempDir, signIn } from './helpers';
import type { ClientSocket } from './helpers';
import { connect, expectAllAckedAndGapless, readAll, sendStream, startChild } from './child-server';
import type { Child } from './child-server';

jest.setTimeout(30_000);

let dataDir: string;
let children: Child[] = [];
let sockets: ClientSocket[] = [];
beforeEach(() => {
  dataDir = makeTempDir();
});
afterEach(() => {
  for (const socket of sockets) socket.disconnect();
  for (const child of children) child.process.kill('SIGKILL');
  sockets = [];
  children = [];
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<Child> {
  const child = await startChild(dataDir);
  children.push(child);
  return child;
}

describe('durability', () => {
  it('loses no acknowledged message when the server is killed with SIGKILL during a send burst', async () => {
    const first = await start();
    const session = await signIn(first.url, 'Ann');
    const ann = await connect(first.url, session.token);
    sockets.push(ann);
    const { room } = await call(ann, 'room:create', { name: 'durable' });

    const { acked, attempted } = await sendStream(ann, room.id, {
      window: 32,
      max: 20_000,
      onAck: (count) => count === 300 && first.process.kill('SIGKILL'),
    });
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(acked.length).toBeGreaterThanOrEqual(300);
    // Sends were still in flight when the process died.
    expect(attempted).toBeGreaterThan(acked.length);

    const second = await start();
    // The token still works: the generated secret was kept in DATA_DIR.
    const annAgain = await connect(second.url, session.token);
    sockets.push(annAgain);
    const stored = await readAll(annAgain, room.id);
    expectAllAckedAndGapless(stored, acked);
    const { message } = await call(annAgain, 'message:send', { roomId: room.id, clientId: 'after', text: 'next' });
    expect(message.seq).toBe(stored.length + 1);
  });

  it('shuts down gracefully on SIGTERM mid-burst: exit code 0, acked messages kept, database closed', async () => {
    const child = await start();
    const session = await signIn(child.url, 'Ann');
    const ann = await connect(child.url, session.token);
    sockets.push(ann);
    const disconnected = new Promise((resolve) => ann.once('disconnect', resolve));
    const { room } = await call(ann, 'room:create', { name: 'graceful' });

    const { acked } = await sendStream(ann, room.id, {
      window: 32,
      max: 20_000,
      onAck: (count) => count === 100 && child.process.kill('SIGTERM'),
    });
    expect(await child.exited).toEqual({ code: 0, signal: null });
    await disconnected;
    expect(child.logs.some((line) => line.includes('shutdown complete'))).toBe(true);
    // SQLite checkpoints and removes the WAL when the last connection closes cleanly.
    expect(fs.existsSync(path.join(dataDir, 'tandem.db-wal'))).toBe(false);
    expect(fs.statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);

    const store = await openSqliteStore(path.join(dataDir, 'tandem.db'));
    try {
      const { messages } = await store.listMessages(room.id, { afterSeq: 0, limit: 1000 });
      expectAllAckedAndGapless(messages, acked);
    } finally {
      await store.close();
    }
  });
});
