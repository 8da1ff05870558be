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

  it('reconnects once the restarted server answers its health check, without waiting for a far-off attempt', async () => {
    const port = await freePort();
    server = await startServer({ port });
    const dataDir = server.dataDir;
    // The next attempt after a drop is a minute away: only the health watch can bring the client back sooner.
    chat.configureChat({
      serverUrl: server.url,
      connection: { backoff: { minMs: 60_000, maxMs: 60_000, factor: 2, jitter: 0 } },
    });
    expect((await account.signIn('Alice')).ok).toBe(true);
    await waitFor('online', () => connectionStore.getState().status === 'online');

    await server.stop();
    const waiting = await waitFor('a retry scheduled a minute away', () => {
      const state = connectionStore.getState();
      return state.status === 'reconnecting' && state.nextRetryAt !== null ? state : null;
    });
    expect(waiting.attempt).toBe(1);

    server = await startServer({ port, dataDir });
    // Waits 15 s at most, the attempt being 60 s away: back online means back through the health watch.
    await waitFor('online again', () => connectionStore.getState().status === 'online', 15_000);
    expect(connectionStore.getState().attempt).toBe(0);
  });
});
