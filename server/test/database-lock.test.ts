import { spawn } from 'node:child_process';
import path from 'node:path';
import { HEALTH_PATH } from '@tandem/protocol';
import { call, errorCode, request, roomWith, startServer } from './helpers';
import type { ClientSocket, TestServer } from './helpers';

jest.setTimeout(30_000);

/**
 * What the issue asks of answers while another process holds the lock: within 50 ms. Asserted on the 95th percentile
 * of each probe, since one pause of the shared test process (its garbage collector, a busy 2-core machine) can hold a
 * single answer longer whatever the server does; the slowest answer must still be far below what waiting for the lock
 * would cost (3 s), and more than 20 rounds of probes must finish while the lock is held, which no event loop waiting
 * for the lock could do.
 */
const P95_LATENCY_MS = 50;
const MAX_LATENCY_MS = 1000;
const PROBE_EVERY_MS = 25;
type Probe = 'healthz' | 'roomList' | 'history';

/** Another process takes the database's write lock; resolves once it holds it, with a promise of its release. */
async function holdWriteLock(dataDir: string, ms: number): Promise<{ released: Promise<void> }> {
  const child = spawn(process.execPath, [
    path.join(__dirname, 'fixtures', 'hold-write-lock.cjs'),
    path.join(dataDir, 'tandem.db'),
    String(ms),
  ]);
  const released = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`lock holder exited with ${code}`))));
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => chunk.includes('locked') && resolve());
    child.once('exit', () => reject(new Error('lock holder exited before locking')));
  });
  return { released };
}

/** Times `/healthz` and two read-only socket requests every few ms until `until` settles; every time of each. */
async function probeWhile(server: TestServer, socket: ClientSocket, roomId: string, until: Promise<unknown>) {
  let done = false;
  void until.finally(() => (done = true));
  // Warm: the first fetch opens a connection.
  await fetch(`${server.url}${HEALTH_PATH}`);
  const times: Record<Probe, number[]> = { healthz: [], roomList: [], history: [] };
  let probes = 0;
  const time = async (key: Probe, run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    times[key].push(performance.now() - started);
  };
  while (!done) {
    await time('healthz', async () => {
      const response = await fetch(`${server.url}${HEALTH_PATH}`);
      if (!response.ok) throw new Error(`healthz answered ${response.status}`);
    });
    await time('roomList', () => call(socket, 'room:list', {}));
    await time('history', () => call(socket, 'message:history', { roomId }));
    probes++;
    await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
  }
  return { times, probes };
}

/** The probes over their bounds, with their figures, so a failure shows them. */
function tooSlow(times: Record<Probe, number[]>): string[] {
  return Object.entries(times).flatMap(([name, samples]) => {
    const sorted = [...samples].sort((a, b) => a - b);
    const p95 = sorted[Math.ceil(sorted.length * 0.95) - 1] ?? 0;
    const max = sorted[sorted.length - 1] ?? 0;
    return p95 >= P95_LATENCY_MS || max >= MAX_LATENCY_MS
      ? [`${name}: p95 ${p95.toFixed(1)} ms, max ${max.toFixed(1)} ms`]
      : [];
  });
}

let server: TestServer;
afterEach(async () => {
  await server.close();
});

describe('a write lock held by another process', () => {
  it('keeps health checks and reads answering within 50 ms while sends wait for the lock and then commit', async () => {
    server = await startServer();
    const ann = await server.client('Ann');
    const roomId = await roomWith(ann);
    await call(ann, 'message:send', { roomId, clientId: 'before', text: 'before the lock' });

    const lock = await holdWriteLock(server.dataDir, 3000);
    const sends = Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        request(ann, 'message:send', { roomId, clientId: `during-${i}`, text: `during ${i}` }),
      ),
    );
    const { times, probes } = await probeWhile(server, ann, roomId, lock.released);
    const acks = await sends;

    expect(probes).toBeGreaterThan(20);
    expect(tooSlow(times)).toEqual([]);
    expect(acks.map(errorCode)).toEqual(acks.map(() => 'ok'));
    const { messages } = await call(ann, 'message:history', { roomId });
    expect(messages.map((message) => message.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(messages.map((message) => message.clientId)).toEqual([
      'before',
      ...Array.from({ length: 20 }, (_, i) => `during-${i}`),
    ]);
  });

  it('fails sends with INTERNAL when the lock outlasts the wait, stores nothing of them, and a retry commits', async () => {
    server = await startServer();
    const ann = await server.client('Ann');
    const roomId = await roomWith(ann);

    const lock = await holdWriteLock(server.dataDir, 6500);
    // The send waits out SQLite's busy timeout (5 s) before failing: longer than the helpers' request timeout.
    const during = ann
      .timeout(15_000)
      .emitWithAck('message:send', { roomId, clientId: 'retried', text: 'sent while locked' });
    const { times } = await probeWhile(server, ann, roomId, during);
    expect(errorCode(await during)).toBe('INTERNAL');
    expect(tooSlow(times)).toEqual([]);
    expect((await call(ann, 'message:history', { roomId })).messages).toEqual([]);

    await lock.released;
    const { message } = await call(ann, 'message:send', { roomId, clientId: 'retried', text: 'sent while locked' });
    expect(message).toMatchObject({ seq: 1, clientId: 'retried', text: 'sent while locked' });
    expect((await call(ann, 'message:history', { roomId })).messages).toEqual([message]);
  });
});
