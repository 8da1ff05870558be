import fs from 'node:fs';
import { DeviceStorage } from '../support/device';
import type { App } from '../support/device';
import { connectPeer, readHistory } from '../support/peer';
import type { Peer } from '../support/peer';
import { startServer } from '../support/server';
import type { RunningServer } from '../support/server';
import { waitFor } from '../support/wait';
import { hasUnsent, prepareApp, signInOnline } from './harness';

let server: RunningServer;
let app: App | null = null;
let auditor: Peer | null = null;

beforeAll(async () => {
  // The server's own default is 20 per 2 s; 5 per second makes a backlog of 20 hit the limit three times.
  server = await startServer({ env: { RATE_MESSAGE_SEND: '5/1s' } });
});

afterAll(async () => {
  app?.chat.stopChat();
  auditor?.close();
  await server.stop();
  fs.rmSync(server.dataDir, { recursive: true, force: true });
});

describe('a backlog larger than the send rate limit', () => {
  it('is stored once each and in order: refused sends wait as told and go again with their clientId', async () => {
    app = await prepareApp({ platform: 'h5', storage: new DeviceStorage(), serverUrl: server.url });
    const ann = app;
    await signInOnline(ann, 'Ann');
    const created = await ann.chat.createRoom('backlog');
    if (!created.ok) throw new Error(`room:create failed: ${created.error.code}`);
    const roomId = created.data.id;
    const refusals: string[] = [];
    ann.outboxStore.subscribe(({ items }) => {
      for (const item of items) if (item.lastError === 'RATE_LIMITED') refusals.push(item.clientId);
    });

    const texts = Array.from({ length: 20 }, (_, i) => `backlog ${i + 1}`);
    for (const text of texts) ann.chat.sendMessage(roomId, text);
    await waitFor('the backlog sent', () => !hasUnsent(ann, roomId), 20_000);

    expect(refusals.length).toBeGreaterThan(0);
    auditor = await connectPeer(server.url, 'Auditor');
    const history = await readHistory(auditor, roomId);
    expect(history.map((message) => message.text)).toEqual(texts);
  }, 30_000);
});
