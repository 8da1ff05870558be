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

describe('a handshake refused as rate limited', () => {
  it('shows the reconnecting banner and waits out the window the server names instead of retrying into it', async () => {
    chat.configureChat({
      serverUrl: server.url,
      connection: {
        lifecycle: { ...appLifecycle, suspendsInBackground: true },
        suspendFlushMs: 100,
        // Left to its backoff alone, the client would knock again within 40 ms, again and again.
        backoff: { minMs: 20, maxMs: 40, factor: 2, jitter: 0 },
      },
    });
    await account.signIn('Ann'); // handshake 1
    await waitFor('online', () => connectionStore.getState().status === 'online');
    const peer = await connectPeer(server.url, 'Ben'); // handshake 2: the window is used up

    const refusals: Array<{ at: number; state: ConnectionState }> = [];
    const unsubscribe = connectionStore.subscribe((state, previous) => {
      if (state.lastError === 'rate limited' && state.attempt !== previous.attempt)
        refusals.push({ at: Date.now(), state });
    });
    try {
      taroStub.hideApp();
      await waitFor('closed in the background', () => connectionStore.getState().offlineReason === 'background');
      taroStub.showApp(); // handshake 3: refused
      await waitFor('the refusal', () => refusals[0]);
      const [{ at, state }] = refusals as [{ at: number; state: ConnectionState }];
      expect(state).toMatchObject({ status: 'reconnecting', attempt: 1 });
      expect((state.nextRetryAt ?? 0) - at).toBeGreaterThan(200);

      await waitFor('online after the window', () => connectionStore.getState().status === 'online', 10_000);
      expect(refusals).toHaveLength(1);
    } finally {
      unsubscribe();
      peer.close();
    }
  });
});
