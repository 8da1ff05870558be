import fs from 'node:fs';
import { MAX_SOCKET_TASKS } from '@tandem/socket.io-client-mp';
import { createFaultProxy } from '@tandem/fault-proxy';
import type { FaultProxy } from '@tandem/fault-proxy';
import { DeviceStorage, SocketTaskCounter } from '../support/device';
import type { App } from '../support/device';
import { connectPeer, readHistory } from '../support/peer';
import type { Peer } from '../support/peer';
import { between, seedFrom, streamOf } from '../support/seeded-random';
import { startServer } from '../support/server';
import type { RunningServer } from '../support/server';
import { sleep, waitFor } from '../support/wait';
import { describeApp, hasUnsent, isOnline, prepareApp, signInOnline } from './harness';

const SEED = seedFrom(process.env.CHAOS_SEED);
const RECONNECTS = 50;

let server: RunningServer;
let proxy: FaultProxy;
let app: App | null = null;
let auditor: Peer | null = null;

beforeAll(async () => {
  server = await startServer();
  proxy = await createFaultProxy({ targetPort: server.port });
});

afterAll(async () => {
  app?.chat.stopChat();
  auditor?.close();
  await proxy.close();
  await server.stop();
  fs.rmSync(server.dataDir, { recursive: true, force: true });
});

describe('the mini program app under reconnect churn', () => {
  it(`never holds more than ${MAX_SOCKET_TASKS} SocketTasks open across ${RECONNECTS} forced reconnects`, async () => {
    console.log(`socket task churn seed ${SEED} (replay: CHAOS_SEED=${SEED})`);
    const draw = streamOf(SEED, 'socket-tasks');
    const tasks = new SocketTaskCounter();
    const backoff = { minMs: 50, maxMs: 500, factor: 2, jitter: 0.5 };
    app = await prepareApp({ platform: 'weapp', storage: new DeviceStorage(), tasks, serverUrl: proxy.url, backoff });
    const mia = app;
    await signInOnline(mia, 'Mia');
    const created = await mia.chat.createRoom('churn');
    if (!created.ok) throw new Error(`room:create failed: ${created.error.code}`);
    const roomId = created.data.id;
    const opensBefore = tasks.opened;
    // The connection states seen, for the message of a reconnect that stalls.
    const transitions: string[] = [];
    const startedAt = Date.now();
    mia.connectionStore.subscribe(({ status, attempt, lastError }) => {
      transitions.push(`${Date.now() - startedAt} ms ${status} (attempt ${attempt}, ${lastError ?? '-'})`);
    });

    for (let i = 1; i <= RECONNECTS; i++) {
      const stalled = () =>
        `online before reconnect ${i} (seed ${SEED}); ${tasks.live} SocketTasks open\n` +
        `${describeApp('Mia', mia, roomId)}\n${transitions.slice(-10).join('\n')}`;
      // Well within socket.io's 10 s connect timeout: a reconnect that waits for it counts as stalled.
      await waitFor(stalled, () => isOnline(mia), 8000);
      mia.chat.sendMessage(roomId, `churn ${i}`);
      proxy.cut(between(draw, 0, 200));
      await waitFor(`the drop noticed (reconnect ${i})`, () => !isOnline(mia));
      // The banner's "retry now", the network coming back and the app returning to the foreground, all at once.
      mia.chat.reconnectNow();
      mia.taro.setNetwork(true);
      mia.taro.showApp();
      mia.chat.reconnectNow();
      if (i % 5 === 0) {
        // The link drops again while the new SocketTask is still connecting.
        await sleep(between(draw, 0, 20));
        proxy.cut();
      }
    }
    await waitFor('every churn message sent', () => isOnline(mia) && !hasUnsent(mia, roomId), 20_000);

    console.log(`${tasks.opened - opensBefore} SocketTasks opened; at most ${tasks.maxLive} open at once`);
    expect(tasks.opened - opensBefore).toBeGreaterThanOrEqual(RECONNECTS);
    expect(tasks.maxLive).toBeLessThanOrEqual(MAX_SOCKET_TASKS);
    auditor = await connectPeer(server.url, 'Auditor');
    const history = await readHistory(auditor, roomId);
    expect(history.map((message) => message.text)).toEqual(
      Array.from({ length: RECONNECTS }, (_, i) => `churn ${i + 1}`),
    );
  }, 120_000);
});
