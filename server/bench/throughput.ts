/**
 * Phase 1, acked throughput: senders share one room, each keeping a window of sends un-acked (a new send goes out
 * as each ack comes back). Counts the acks that arrive in the measured window, their latency, and the server's CPU
 * time over that window per acked message. Every sender also receives every `message:created` of the room.
 */
import { performance } from 'node:perf_hooks';
import type { Ack, ResultOf } from '@tandem/protocol';
import { closeAll, connect, inBatches, request, signIn } from './clients';
import type { LoadTarget } from './servers';
import { quantile, sleep, waitUntil } from './stats';

export interface ThroughputOptions {
  senders: number;
  inFlight: number;
  warmupMs: number;
  measureMs: number;
}

export interface ThroughputResult {
  ackedPerSecond: number;
  ackP50Ms: number;
  ackP99Ms: number;
  cpuMicrosPerMessage: number;
  /** Error acks and sends never acked; should be 0. */
  failed: number;
}

const DRAIN_TIMEOUT_MS = 10_000;

export async function measureThroughput(server: LoadTarget, options: ThroughputOptions): Promise<ThroughputResult> {
  // Spread over the nodes in turn: on several nodes, most senders' messages reach the others through the adapter.
  const urlOf = (index: number) => server.urls[index % server.urls.length] ?? server.url;
  const sessions = await inBatches(options.senders, (index) => signIn(urlOf(index), `sender ${index + 1}`));
  const sockets = await inBatches(options.senders, (index) => connect(urlOf(index), sessions[index]?.token ?? ''));
  try {
    const [first, ...others] = sockets;
    if (!first) throw new Error('no senders');
    const { room } = await request(first, 'room:create', { name: 'throughput' });
    await Promise.all(others.map((socket) => request(socket, 'room:join', { roomId: room.id })));

    let sending = true;
    let measuring = false;
    let acked = 0;
    let failed = 0;
    let outstanding = 0;
    const latencies: number[] = [];
    const runId = Date.now().toString(36);

    const send = (senderIndex: number, count: number) => {
      const socket = sockets[senderIndex];
      if (!socket || !sending) return;
      const sentAt = performance.now();
      outstanding++;
      const payload = { roomId: room.id, clientId: `${runId}-${senderIndex}-${count}`, text: `throughput ${count}` };
      socket.emit('message:send', payload, (ack: Ack<ResultOf<'message:send'>>) => {
        outstanding--;
        if (!ack.ok) failed++;
        else if (measuring) {
          acked++;
          latencies.push(performance.now() - sentAt);
        }
        send(senderIndex, count + options.inFlight);
      });
    };
    sockets.forEach((_socket, senderIndex) => {
      for (let slot = 0; slot < options.inFlight; slot++) send(senderIndex, slot);
    });

    await sleep(options.warmupMs);
    const before = await server.usage();
    const startedAt = performance.now();
    measuring = true;
    await sleep(options.measureMs);
    const after = await server.usage();
    measuring = false;
    const elapsedMs = performance.now() - startedAt;
    sending = false;
    if (!(await waitUntil(() => outstanding === 0, DRAIN_TIMEOUT_MS))) failed += outstanding;

    return {
      ackedPerSecond: (acked / elapsedMs) * 1000,
      ackP50Ms: quantile(latencies, 0.5),
      ackP99Ms: quantile(latencies, 0.99),
      cpuMicrosPerMessage: (after.cpuMicros - before.cpuMicros) / acked,
      failed,
    };
  } finally {
    closeAll(sockets);
  }
}
