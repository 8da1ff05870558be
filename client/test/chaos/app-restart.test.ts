import fs from 'node:fs';
import type { Message } from '@tandem/protocol';
import { createFaultProxy } from '@tandem/fault-proxy';
import type { FaultProxy } from '@tandem/fault-proxy';
import { DeviceStorage, killApp, timelineOf } from '../support/device';
import type { App } from '../support/device';
import { connectPeer, readHistory } from '../support/peer';
import type { Peer } from '../support/peer';
import { startServer } from '../support/server';
import type { RunningServer } from '../support/server';
import { waitFor } from '../support/wait';
import { hasUnsent, prepareApp, signInOnline } from './harness';

let server: RunningServer;
let proxy: FaultProxy;
const apps: App[] = [];
let observer: Peer | null = null;

beforeEach(async () => {
  server = await startServer();
  proxy = await createFaultProxy({ targetPort: server.port });
});

afterEach(async () => {
  for (const app of apps.splice(0)) app.chat.stopChat();
  observer?.close();
  await proxy.close();
  await server.stop();
  fs.rmSync(server.dataDir, { recursive: true, force: true });
});

async function launch(storage: DeviceStorage): Promise<App> {
  const app = await prepareApp({ platform: 'weapp', storage, serverUrl: proxy.url });
  apps.push(app);
  return app;
}

describe('an app killed with unsent messages', () => {
  it('sends them after relaunch with their original clientIds, and the server stores each once', async () => {
    const app = await launch(new DeviceStorage());
    await signInOnline(app, 'Mia');
    const created = await app.chat.createRoom('restart');
    if (!created.ok) throw new Error(`room:create failed: ${created.error.code}`);
    const roomId = created.data.id;
    // Another member, straight on the server: it sees what the server stores, when it stores it.
    observer = await connectPeer(server.url, 'Olga');
    await observer.request('room:join', { roomId });
    const broadcast: Message[] = [];
    observer.socket.on('message:created', (message) => broadcast.push(message));

    // Each byte takes 300 ms each way: the first message reaches the server while its ack is still on the way.
    proxy.setDelay(300);
    const clientIds = ['one', 'two', 'three'].map((text) => {
      const sent = app.chat.sendMessage(roomId, text);
      if (!sent.ok) throw new Error(`sendMessage refused: ${sent.error.code}`);
      return sent.data;
    });
    await waitFor('the first message stored', () => broadcast.length === 1);
    killApp(app, () => proxy.cut());
    expect(broadcast.map((message) => message.clientId)).toEqual([clientIds[0]]);
    expect(app.outboxStore.getState().items.map((item) => item.clientId)).toEqual(clientIds);

    proxy.setDelay(0);
    const relaunched = await launch(app.storage.reopen());
    const attempts = new Map<string, number>();
    relaunched.outboxStore.subscribe(({ items }) => {
      for (const item of items) attempts.set(item.clientId, item.attempts);
    });
    relaunched.chat.startChat();
    expect(timelineOf(relaunched, roomId).map(({ text, status }) => [text, status])).toEqual([
      ['one', 'pending'],
      ['two', 'pending'],
      ['three', 'pending'],
    ]);
    await waitFor(
      'every message sent',
      () => timelineOf(relaunched, roomId).length === 3 && !hasUnsent(relaunched, roomId),
    );

    // "one" went out a second time with its clientId; the server answered with the stored message.
    expect(attempts.get(clientIds[0]!)).toBe(2);
    const history = await readHistory(observer, roomId);
    expect(history.map(({ seq, clientId, text }) => [seq, clientId, text])).toEqual([
      [1, clientIds[0], 'one'],
      [2, clientIds[1], 'two'],
      [3, clientIds[2], 'three'],
    ]);
    expect(broadcast.map((message) => message.clientId)).toEqual(clientIds);
    expect(timelineOf(relaunched, roomId).map(({ id, seq, status }) => [id, seq, status])).toEqual(
      history.map(({ id, seq }) => [id, seq, 'sent']),
    );
  });
});
