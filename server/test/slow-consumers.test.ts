import type { Socket as TcpSocket } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Message } from '@tandem/protocol';
import { call, collect, roomWith, startServer, withTimeout } from './helpers';
import type { ClientSocket, LimitOptions, TestServer } from './helpers';

jest.setTimeout(120_000);

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** 3,990 CJK characters (and a number in front): about 12 KB of UTF-8, near the largest message allowed. */
const TEXT = '汉'.repeat(3990);
/** About 24 MB through the room: more than the kernel's socket buffers on loopback, so the server must queue. */
const MESSAGES = 2000;
/** About 36 MB for the memory comparison, so an unbounded queue would stand out well above 20 MB. */
const MEMORY_MESSAGES = 3000;
const MB = 1024 * 1024;

let server: TestServer;
const stalledSockets: TcpSocket[] = [];
afterEach(async () => {
  // A paused socket never reads its close: the server would wait for it.
  for (const tcp of stalledSockets.splice(0)) tcp.destroy();
  await server.close();
});

/** Stops reading from the client's TCP socket: the server's writes back up as they do behind a dead mobile link. */
function stall(socket: ClientSocket): TcpSocket {
  const transport = socket.io.engine.transport as unknown as { ws: { _socket: TcpSocket } };
  const tcp = transport.ws._socket;
  tcp.pause();
  stalledSockets.push(tcp);
  return tcp;
}

/** Server-side memory after a full collection: the heap plus buffers (where queued websocket frames live). */
function memoryInUse(): number {
  gc();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

async function sendAll(sender: ClientSocket, roomId: string, count: number, prefix: string): Promise<void> {
  for (let start = 0; start < count; start += 25) {
    const batch = Array.from({ length: Math.min(25, count - start) }, (_, i) => start + i);
    await Promise.all(
      batch.map((i) => call(sender, 'message:send', { roomId, clientId: `${prefix}${i}`, text: `${i} ${TEXT}` })),
    );
  }
}

async function waitForLog(logLines: string[], pattern: string): Promise<Record<string, unknown>> {
  for (let waited = 0; waited < 30_000; waited += 20) {
    const line = logLines.find((logged) => logged.includes(pattern));
    if (line) return JSON.parse(line) as Record<string, unknown>;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no log line with ${pattern} within 30 s`);
}

/**
 * A busy room (one sender, one listener that reads, one that may stall); returns the memory the server holds once
 * every message is acked, over what it held before, and the stalled socket if any.
 */
async function busyRoom(options: { limits?: LimitOptions; stalled: boolean; messages?: number }) {
  const logLines: string[] = [];
  server = await startServer({ limits: options.limits, logLines });
  const sender = await server.client('Sender');
  const reader = await server.client('Reader');
  const slow = await server.client('Slow', { reconnection: true, reconnectionDelay: 50, reconnectionDelayMax: 200 });
  const roomId = await roomWith(sender, [reader, slow]);
  const messages = options.messages ?? MESSAGES;
  // The memory runs keep nothing they receive: only the server's share should count.
  const received = options.messages === undefined ? collect(slow, 'message:created') : [];
  const before = memoryInUse();
  const tcp = options.stalled ? stall(slow) : undefined;
  await sendAll(sender, roomId, messages, 'm');
  const held = memoryInUse() - before;
  return { held, slow, tcp, received, roomId, logLines };
}

/** Every message after `afterSeq`, by seq, the way a reconnecting client catches up. */
async function catchUp(socket: ClientSocket, roomId: string, afterSeq: number): Promise<Message[]> {
  const joined = await call(socket, 'room:join', { roomId, afterSeq });
  const messages = [...joined.messages];
  let hasMore = joined.hasMore;
  while (hasMore) {
    const last = messages[messages.length - 1]?.seq ?? afterSeq;
    const page = await call(socket, 'message:history', { roomId, afterSeq: last, limit: 100 });
    messages.push(...page.messages);
    hasMore = page.hasMore;
  }
  return messages;
}

const BOUNDED: LimitOptions = {
  slowConsumer: { maxBufferedBytes: MB, maxBufferedPackets: 2000, drainTimeoutMs: 60_000 },
};

describe('a client that stops reading in a busy room', () => {
  it('is disconnected once its backlog passes the bound, and catches up exactly by seq after reconnecting', async () => {
    const { slow, tcp, received, roomId, logLines } = await busyRoom({ limits: BOUNDED, stalled: true });
    const cut = await waitForLog(logLines, 'slow consumer disconnected');
    expect(cut).toMatchObject({ reason: 'too many bytes waiting' });
    expect(cut.bytes).toBeGreaterThan(MB);

    const reconnected = withTimeout(new Promise((resolve) => slow.io.once('reconnect', resolve)), 'no reconnect');
    tcp?.resume();
    await reconnected;
    const seen = received.map((message) => message.seq);
    const lastSeen = Math.max(0, ...seen);
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
    expect(lastSeen).toBeLessThan(MESSAGES);

    const caughtUp = await catchUp(slow, roomId, lastSeen);
    const all = [...received, ...caughtUp];
    expect(all.map((message) => message.seq)).toEqual(Array.from({ length: MESSAGES }, (_, i) => i + 1));
    expect(all.every((message) => message.text === `${message.clientId.slice(1)} ${TEXT}`)).toBe(true);
  });

  it('costs the server no more than 20 MB over a run where every client reads', async () => {
    const messages = MEMORY_MESSAGES;
    const reading = await busyRoom({ limits: BOUNDED, stalled: false, messages });
    await server.close();
    const bounded = await busyRoom({ limits: BOUNDED, stalled: true, messages });
    bounded.tcp?.destroy();
    await server.close();
    // The control: without the bound the same stall makes the server hold the backlog, which the measure must see.
    const unbounded = await busyRoom({ stalled: true, messages });
    const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
    console.log(
      `server memory held after ${messages} messages of 12 KB: all reading ${mb(reading.held)}, ` +
        `one stalled ${mb(bounded.held)}, one stalled without the bound ${mb(unbounded.held)}`,
    );
    expect(bounded.held - reading.held).toBeLessThan(20 * MB);
    expect(unbounded.held - reading.held).toBeGreaterThan(20 * MB);
  });

  it('is disconnected when its output does not drain for the drain timeout, in a room gone quiet', async () => {
    const limits: LimitOptions = { slowConsumer: { drainTimeoutMs: 1000 } };
    const { tcp, logLines } = await busyRoom({ limits, stalled: true });
    const cut = await waitForLog(logLines, 'slow consumer disconnected');
    tcp?.destroy();
    expect(cut).toMatchObject({ reason: 'output did not drain' });
    expect(cut.stalledMs).toBeGreaterThanOrEqual(1000);
  });
});
