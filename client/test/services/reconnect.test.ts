import * as account from '../../src/services';
import * as chat from '../../src/services';
import { connectionStore } from '../../src/stores/connection';
import { messagesStore } from '../../src/stores/messages';
import { outboxStore } from '../../src/stores/outbox';
import { freePort, startServer } from '../support/server';
import type { RunningServer } from '../support/server';
import { waitFor } from '../support/wait';

let server: RunningServer | null = null;

afterEach(async () => {
  account.signOut();
  await server?.stop();
  server = null;
});

describe('reconnection against a real server that goes away', () => {
  it('backs off while the server is down, shows the next attempt, and resumes where it left off', async () => {
    const port = await freePort();
    server = await startServer({ port });
    const dataDir = server.dataDir;
    chat.configureChat({
      serverUrl: server.url,
      connection: { backoff: { minMs: 200, maxMs: 1000, factor: 2, jitter: 0.5 } },
    });
    const signedIn = await account.signIn('Alice');
    expect(signedIn.ok).toBe(true);
    await waitFor('online', () => connectionStore.getState().status === 'online');
    const created = await chat.createRoom('resilient');
    const roomId = created.ok ? created.data.id : '';

    await server.stop();
    const waiting = await waitFor('a scheduled retry', () => {
      const state = connectionStore.getState();
      return state.status === 'reconnecting' && state.nextRetryAt !== null ? state : null;
    });
    expect(waiting.nextRetryAt).toBeGreaterThan(Date.now() - 1000);
    await waitFor('a few failed attempts', () => connectionStore.getState().attempt >= 3, 10_000);

    chat.sendMessage(roomId, 'written while the server was down');
    expect(outboxStore.getState().items).toHaveLength(1);

    server = await startServer({ port, dataDir });
    await waitFor('online again', () => connectionStore.getState().status === 'online', 10_000);
    await waitFor('delivered', () => outboxStore.getState().items.length === 0);
    const room = messagesStore.getState().rooms[roomId];
    expect(room?.keys.map((key) => [room.byKey[key]?.text, room.byKey[key]?.status])).toEqual([
      ['written while the server was down', 'sent'],
    ]);
    expect(connectionStore.getState().attempt).toBe(0);
  });
});
