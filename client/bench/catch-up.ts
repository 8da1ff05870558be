/**
 * How long a client that was offline needs to catch up: the real client service (stores, socket service, outbox,
 * sync) signed in through a fault proxy, offline for BENCH_OFFLINE_MS (default 2 minutes) while another member
 * sends BENCH_MESSAGES (default 1,000), then timed from the moment its link is restored until it shows the newest
 * message with no gap below it (a room more than a page behind shows its newest page; older pages come on scroll). Also prints the server's send throughput during those sends. BENCH_LATENCY_MS adds a one-way
 * delay to the reader's link (0 by default: loopback), to see the figure over a mobile network's round trips.
 *
 * Run with `pnpm --filter @tandem/client bench` (or `pnpm bench` at the root) after building the server. The figure
 * is printed and written to bench-output/catch-up.json at the repository root.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createFaultProxy } from '@tandem/fault-proxy';
import { signIn } from '../src/services';
import * as chat from '../src/services';
import { connectionStore } from '../src/stores/connection';
import { messagesStore } from '../src/stores/messages';
import { taroStub } from '../test/stubs/taro';
import { connectPeer } from '../test/support/peer';
import type { Peer } from '../test/support/peer';
import { startServer } from '../test/support/server';
import { waitFor } from '../test/support/wait';

const OFFLINE_MS = Number(process.env.BENCH_OFFLINE_MS ?? 120_000);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 0);
/** Sends the other member keeps in flight: the server's throughput, not one client's round trips. */
const SEND_WINDOW = 32;
const OUTPUT = path.resolve(__dirname, '..', '..', 'bench-output', 'catch-up.json');

/** Sends `count` messages with `window` in flight; resolves with the elapsed milliseconds. */
async function sendMany(peer: Peer, roomId: string, count: number, window: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      await peer.send(roomId, `backlog ${index + 1}`);
    }
  };
  await Promise.all(Array.from({ length: window }, worker));
  return performance.now() - started;
}

/** Resolves with the time at which `done` first holds for the store's state (checked on every change). */
function whenStore<S>(
  store: { getState(): S; subscribe(listener: (state: S) => void): () => void },
  done: (state: S) => boolean,
) {
  return new Promise<number>((resolve) => {
    if (done(store.getState())) return resolve(performance.now());
    const unsubscribe = store.subscribe((state) => {
      if (!done(state)) return;
      unsubscribe();
      resolve(performance.now());
    });
  });
}

async function main(): Promise<void> {
  const server = await startServer();
  const proxy = await createFaultProxy({ targetPort: server.port });
  proxy.setDelay(LATENCY_MS);
  chat.configureChat({ serverUrl: proxy.url });
  const signedIn = await signIn('Reader');
  if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.error.code}`);
  await waitFor('online', () => connectionStore.getState().status === 'online', 15_000);
  const created = await chat.createRoom('catch-up');
  if (!created.ok) throw new Error(`room:create failed: ${created.error.code}`);
  const roomId = created.data.id;
  const sender = await connectPeer(server.url, 'Sender');
  await sender.request('room:join', { roomId });
  // The reader has seen the room's first message before it goes away.
  await sender.send(roomId, 'before the break');
  await waitFor('the first message', () => messagesStore.getState().rooms[roomId]?.contiguousSeq === 1);

  // Offline as a phone is: the system reports no network, and the link is down.
  taroStub.setNetwork(false);
  proxy.cut(OFFLINE_MS);
  const linkBackAt = Date.now() + OFFLINE_MS;
  await waitFor('offline', () => connectionStore.getState().status === 'offline', 15_000);
  const sendMs = await sendMany(sender, roomId, MESSAGES, SEND_WINDOW);
  const throughput = Math.round((MESSAGES / sendMs) * 1000);
  console.log(`server stored and acked ${MESSAGES} sends in ${Math.round(sendMs)} ms: ${throughput} messages/s`);
  const total = MESSAGES + 1;
  if (messagesStore.getState().rooms[roomId]?.contiguousSeq !== 1) throw new Error('the reader was not offline');
  console.log(`offline for ${OFFLINE_MS / 1000} s...`);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, linkBackAt - Date.now())));

  const restoredAt = performance.now();
  const online = whenStore(connectionStore, (state) => state.status === 'online');
  const caughtUp = whenStore(messagesStore, (state) => {
    const room = state.rooms[roomId];
    return !!room && room.contiguousSeq === total;
  });
  taroStub.setNetwork(true);
  const [onlineAt, caughtUpAt] = await Promise.all([online, caughtUp]);

  const result = {
    catchUpMs: Math.round(caughtUpAt - restoredAt),
    connectMs: Math.round(onlineAt - restoredAt),
    syncMs: Math.round(caughtUpAt - onlineAt),
    messages: MESSAGES,
    messagesHeld: messagesStore.getState().rooms[roomId]?.keys.length ?? 0,
    offlineMs: OFFLINE_MS,
    oneWayLatencyMs: LATENCY_MS,
    sendThroughputPerSecond: throughput,
    sendWindow: SEND_WINDOW,
    transport: 'socket.io-client default (polling, then websocket), through a TCP proxy on loopback',
    node: process.version,
    measuredAt: new Date().toISOString(),
  };
  console.log(
    `newest of ${MESSAGES} messages shown ${result.catchUpMs} ms after the link came back ` +
      `(connected after ${result.connectMs} ms, synced ${result.syncMs} ms later; ${result.messagesHeld} held)`,
  );
  fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
  fs.writeFileSync(OUTPUT, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written to ${path.relative(process.cwd(), OUTPUT)}`);

  chat.stopChat();
  sender.close();
  await proxy.close();
  await server.stop();
  fs.rmSync(server.dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
