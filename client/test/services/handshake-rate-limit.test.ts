import * as account from '../../src/services';
import * as chat from '../../src/services';
import { appLifecycle } from '../../src/platform/lifecycle';
import { connectionStore } from '../../src/stores/connection';
import type { ConnectionState } from '../../src/stores/connection';
import { taroStub } from '../stubs/taro';
import { connectPeer } from '../support/peer';
import { startServer } from '../support/server';
import type { RunningServer } from '../support/server';
import { waitFor } from '../support/wait';

let server: RunningServer;

beforeAll(async () => {
  // Two Socket.IO handshakes per address per 4 s window.
  server = await startServer({ env: { RATE_HANDSHAKE: '2/4s' } });
});

afterAll(async () => {
  account.signOut();
  await server?.stop();
});

describe('a handshake refused at the door as rate limited', () => {
  // The server refuses an address's handshakes over its rate at the Engine.IO handshake (HTTP 403, long-polling and
  // websocket alike): the client sees a transport error it cannot read a wait from, so its own backoff paces it.
  it('shows the reconnecting banner, backs off, and is online again once the window has passed', async () => {
    chat.configureChat({
      serverUrl: server.url,
      connection: {
        lifecycle: { ...appLifecycle, suspendsInBackground: true },
        suspendFlushMs: 100,
        backoff: { minMs: 300, maxMs: 1000, factor: 2, jitter: 0 },
      },
    });
    await account.signIn('Ann'); // handshake 1
    await waitFor('online', () => connectionStore.getState().status === 'online');
    const peer = await connectPeer(server.url, 'Ben'); // handshake 2: the window is used up

    const refusals: Array<{ at: number; state: ConnectionState }> = [];
    const unsubscribe = connectionStore.subscribe((state, previous) => {
      if (state.status === 'reconnecting' && state.attempt !== previous.attempt)
        refusals.push({ at: Date.now(), state });
    });
    try {
      taroStub.hideApp();
      await waitFor('closed in the background', () => connectionStore.getState().offlineReason === 'background');
      taroStub.showApp(); // handshake 3: refused
      await waitFor('the refusal', () => refusals[0]);
      expect(refusals[0]?.state).toMatchObject({ status: 'reconnecting', attempt: 1 });

      await waitFor('online after the window', () => connectionStore.getState().status === 'online', 10_000);
      // Paced by the backoff (0.3, 0.6, 1, 1 s ...) across the 4 s window, not a retry every few milliseconds.
      expect(refusals.length).toBeGreaterThanOrEqual(1);
      expect(refusals.length).toBeLessThanOrEqual(8);
      const gaps = refusals.slice(1).map((refusal, i) => refusal.at - (refusals[i]?.at ?? 0));
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(250);
    } finally {
      unsubscribe();
      peer.close();
    }
  });
});
