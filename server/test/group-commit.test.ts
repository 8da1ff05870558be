import fs from 'node:fs';
import type { Message } from '@tandem/protocol';
import { makeTempDir, signIn } from './helpers';
import type { ClientSocket } from './helpers';
import { call } from './helpers';
import { connect, expectAllAckedAndGapless, readAll, sendStream, startChild } from './child-server';
import type { Child } from './child-server';

jest.setTimeout(120_000);

const ROUNDS = 5;
const SENDERS = 3;
const SENDS_PER_SENDER = 500;
const IN_FLIGHT = 20;

let dataDir: string;
let child: Child | undefined;
let sockets: ClientSocket[] = [];
beforeEach(() => {
  dataDir = makeTempDir();
});
afterEach(() => {
  for (const socket of sockets) socket.disconnect();
  child?.process.kill('SIGKILL');
  sockets = [];
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('group commit', () => {
  it('keeps every acked message, gapless, when killed with SIGKILL at random moments under pipelined sends', async () => {
    child = await startChild(dataDir);
    const sessions = await Promise.all(
      Array.from({ length: SENDERS }, (_, i) => signIn((child as Child).url, `sender${i}`)),
    );
    const owner = await connect(child.url, sessions[0]!.token);
    const { room } = await call(owner, 'room:create', { name: 'group commit' });
    for (const session of sessions.slice(1)) {
      const socket = await connect(child.url, session.token);
      await call(socket, 'room:join', { roomId: room.id });
      socket.disconnect();
    }
    owner.disconnect();

    const acked: Message[] = [];
    const killedAfter: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const server: Child = round === 0 ? child : await startChild(dataDir);
      child = server;
      sockets = await Promise.all(sessions.map((session) => connect(server.url, session.token)));
      // A random moment: after some number of acks across the three senders.
      const killAt = 50 + Math.floor(Math.random() * 800);
      killedAfter.push(killAt);
      let ackedThisRound = 0;
      const streams = sockets.map((socket, sender) =>
        sendStream(socket, room.id, {
          window: IN_FLIGHT,
          max: SENDS_PER_SENDER,
          prefix: `round${round}-sender${sender}`,
          onAck: () => {
            if (++ackedThisRound === killAt) server.process.kill('SIGKILL');
          },
        }),
      );
      const results = await Promise.all(streams);
      for (const { acked: messages } of results) acked.push(...messages);
      if (ackedThisRound >= killAt) expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
      else server.process.kill('SIGKILL');
      for (const socket of sockets) socket.disconnect();
    }

    const last = await startChild(dataDir);
    child = last;
    const reader = await connect(last.url, sessions[0]!.token);
    sockets = [reader];
    const stored = await readAll(reader, room.id);
    // Context for a failure: where the kills fell.
    expect({ killedAfter, stored: stored.length >= acked.length }).toEqual({ killedAfter, stored: true });
    expectAllAckedAndGapless(stored, acked);
  });
});
