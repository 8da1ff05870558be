/**
 * Phase 2, fan-out: one sender sends at a fixed total rate into a room where `receivers` sockets listen. Each text
 * carries its index and send time, so a receiver knows its latency (one clock: all in this process). Measured
 * messages are those sent after the warm-up; every receiver must get every one of them.
 */
import { performance } from 'node:perf_hooks';
import type { Ack, Message, ResultOf } from '@tandem/protocol';
import { closeAll, connect, connectCrowd, request, signIn, signInCrowd } from './clients';
import type { BenchSocket } from './clients';
import type { LoadTarget } from './servers';
import { quantile, sleep, waitUntil } from './stats';

export interface FanoutOptions {
  receivers: number;
  messagesPerSecond: number;
  socketsPerUser: number;
  warmupMs: number;
  measureMs: number;
}

export interface FanoutResult {
  p50Ms: number;
  p99Ms: number;
  deliveriesPerSecond: number;
  /** Server CPU from the first measured send until the last delivery, per delivery (the sender's copy counts). */
  cpuMicrosPerDelivery: number;
  /** (receiver, measured message) pairs never delivered, plus sends that failed. */
  lost: number;
}

const DRAIN_TIMEOUT_MS = 10_000;
const TICK_MS = 5;

export async function measureFanout(server: LoadTarget, options: FanoutOptions): Promise<FanoutResult> {
  const session = await signIn(server.url, 'fan-out sender');
  const sender = await connect(server.url, session.token);
  let receivers: BenchSocket[] = [];
  try {
    const { room } = await request(sender, 'room:create', { name: 'fan-out' });
    const sessions = await signInCrowd(server.url, options.receivers, options.socketsPerUser);
    receivers = await connectCrowd(server.urls, room.id, sessions, options.socketsPerUser);

    const warmupCount = Math.round((options.messagesPerSecond * options.warmupMs) / 1000);
    const measuredCount = Math.round((options.messagesPerSecond * options.measureMs) / 1000);
    const latencies: number[] = [];
    let received = 0;
    // One flag per receiver and measured message: a duplicate cannot hide a loss.
    const seen = receivers.map(() => new Uint8Array(measuredCount));
    receivers.forEach((socket, receiver) => {
      socket.on('message:created', (message: Message) => {
        const [index, sentAt] = message.text.split(' ').map(Number);
        if (index === undefined || sentAt === undefined || index < warmupCount) return;
        const flags = seen[receiver];
        if (!flags || flags[index - warmupCount] === 1) return;
        flags[index - warmupCount] = 1;
        latencies.push(performance.now() - sentAt);
        received++;
      });
    });

    let failed = 0;
    const runId = Date.now().toString(36);
    const send = (index: number) => {
      const payload = { roomId: room.id, clientId: `${runId}-${index}`, text: `${index} ${performance.now()}` };
      sender.emit('message:send', payload, (ack: Ack<ResultOf<'message:send'>>) => {
        if (!ack.ok) failed++;
      });
    };

    const sendAll = async (from: number, count: number) => {
      const startedAt = performance.now();
      let sent = 0;
      while (sent < count) {
        const due = Math.min(
          count,
          Math.floor(((performance.now() - startedAt) * options.messagesPerSecond) / 1000) + 1,
        );
        for (; sent < due; sent++) send(from + sent);
        await sleep(TICK_MS);
      }
    };
    await sendAll(0, warmupCount);
    const before = await server.usage();
    const startedAt = performance.now();
    await sendAll(warmupCount, measuredCount);
    const sendMs = performance.now() - startedAt;
    const expected = measuredCount * receivers.length;
    await waitUntil(() => received >= expected, DRAIN_TIMEOUT_MS);
    const after = await server.usage();

    return {
      p50Ms: quantile(latencies, 0.5),
      p99Ms: quantile(latencies, 0.99),
      deliveriesPerSecond: (received / sendMs) * 1000,
      cpuMicrosPerDelivery: (after.cpuMicros - before.cpuMicros) / (measuredCount * (receivers.length + 1)),
      lost: seen.reduce((lost, flags) => lost + flags.length - flags.reduce((sum, flag) => sum + flag, 0), 0) + failed,
    };
  } finally {
    closeAll(receivers);
    sender.close();
  }
}
