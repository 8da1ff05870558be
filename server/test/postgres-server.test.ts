import fs from 'node:fs';
import type { Message } from '@tandem/protocol';
import { call, errorCode, makeTempDir, request, signIn } from './helpers';
import { connect, expectAllAckedAndGapless, readAll, sendStream, startChild } from './child-server';
import type { Child } from './child-server';
import {
  createTestDatabase,
  holdRoomRow,
  terminateConnections,
  untilConnectionsGone,
  untilWaitingForLock,
} from './postgres';
import type { TestDatabase } from './postgres';

/**
 * The real entry point with DATABASE_URL: it refuses a database it cannot reach, answers INTERNAL (never ok) when it
 * loses the database in the middle of a send, and keeps what it acked.
 */

jest.setTimeout(60_000);

let dataDir: string;
let database: TestDatabase | undefined;
let child: Child | undefined;
beforeEach(() => {
  dataDir = makeTempDir();
});
afterEach(async () => {
  child?.process.kill('SIGKILL');
  await child?.exited;
  child = undefined;
  await database?.drop();
  database = undefined;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the server on PostgreSQL', () => {
  it('refuses to start when it cannot reach DATABASE_URL, naming it without the password', async () => {
    const starting = startChild(dataDir, { DATABASE_URL: 'postgres://tandem:hunter2@127.0.0.1:1/tandem' });
    await expect(starting).rejects.toThrow(/cannot reach PostgreSQL at postgres:\/\/tandem@127\.0\.0\.1:1\/tandem: /);
    await expect(starting).rejects.not.toThrow('hunter2');
  });

  it('answers INTERNAL for a send whose connection the database drops, and stores the resend once', async () => {
    const testDatabase = await createTestDatabase();
    database = testDatabase;
    child = await startChild(dataDir, { DATABASE_URL: testDatabase.url });
    const session = await signIn(child.url, 'sender');
    const sender = await connect(child.url, session.token);
    const { room } = await call(sender, 'room:create', { name: 'lost connection' });
    const lock = await holdRoomRow(testDatabase.url, room.id);
    const send = () => request(sender, 'message:send', { roomId: room.id, clientId: 'once', text: 'hello' });
    const cutOff = send();
    await untilWaitingForLock(testDatabase.name);
    expect(await terminateConnections(testDatabase.name, 'tandem')).toBeGreaterThan(0);
    expect(errorCode(await cutOff)).toBe('INTERNAL');
    await lock.release();
    await untilConnectionsGone(testDatabase.name);

    // As a client does: resend with the same clientId until acked. The server's pool drops each connection it finds
    // dead, so this takes at most one attempt per pooled connection (10) and one more.
    let resent = await send();
    for (let attempt = 1; !resent.ok && attempt <= 10; attempt++) resent = await send();
    expect(resent).toMatchObject({ ok: true, data: { message: { seq: 1, clientId: 'once' } } });
    if (!resent.ok) return;
    expect(await readAll(sender, room.id)).toEqual([resent.data.message]);
    sender.disconnect();
    expect(child.logs.join('\n')).toMatch(/PostgreSQL connection lost/);
  });

  it('keeps every acked message, gapless, when killed with SIGKILL during pipelined sends', async () => {
    const testDatabase = await createTestDatabase();
    database = testDatabase;
    const start = () => startChild(dataDir, { DATABASE_URL: testDatabase.url });
    const first = await start();
    child = first;
    const session = await signIn(first.url, 'sender');
    const sender = await connect(first.url, session.token);
    const { room } = await call(sender, 'room:create', { name: 'durable' });
    const killAt = 50 + Math.floor(Math.random() * 300);
    const { acked } = await sendStream(sender, room.id, {
      window: 20,
      max: 500,
      onAck: (count) => {
        if (count === killAt) first.process.kill('SIGKILL');
      },
    });
    sender.disconnect();
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const second = await start();
    child = second;
    const reader = await connect(second.url, session.token);
    const stored: Message[] = await readAll(reader, room.id);
    reader.disconnect();
    expect(acked.length).toBeGreaterThanOrEqual(killAt);
    expectAllAckedAndGapless(stored, acked);
  });
});
