import { createFaultProxy } from '@tandem/fault-proxy';
import type { FaultProxy } from '@tandem/fault-proxy';
import * as account from '../../src/services';
import * as chat from '../../src/services';
import { DEFAULT_OUTBOX, MAX_SEND_ATTEMPTS } from '../../src/services/outbox/sender';
import type { OutboxOptions } from '../../src/services/outbox/sender';
import { connectionStore } from '../../src/stores/connection';
import { messagesStore } from '../../src/stores/messages';
import type { ChatMessage } from '../../src/stores/messages';
import { OUTBOX_MAX_CHARS, outboxStore } from '../../src/stores/outbox';
import { PeerPool } from '../support/peer';
import type { Peer } from '../support/peer';
import { startServer } from '../support/server';
import type { RunningServer } from '../support/server';
import { waitFor } from '../support/wait';

const configureOutbox = (options: Partial<OutboxOptions>) =>
  chat.configureChat({ outbox: { ...DEFAULT_OUTBOX, ...options } });

let server: RunningServer;
let proxy: FaultProxy | null = null;
const peers = new PeerPool();

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

beforeEach(() => {
  chat.configureChat({
    serverUrl: server.url,
    connection: { backoff: { minMs: 50, maxMs: 200, factor: 2, jitter: 0 } },
  });
});

afterEach(async () => {
  jest.restoreAllMocks();
  account.signOut();
  configureOutbox({ ackTimeoutMs: 10_000, maxAttempts: MAX_SEND_ATTEMPTS });
  peers.closeAll();
  await proxy?.close();
  proxy = null;
});

async function signedInOnline(nickname: string): Promise<void> {
  const result = await account.signIn(nickname);
  if (!result.ok) throw new Error(`sign-in failed: ${result.error.code}`);
  await waitFor('online', () => connectionStore.getState().status === 'online');
}

async function roomWithBob(): Promise<{ roomId: string; bob: Peer }> {
  const created = await chat.createRoom('outbox');
  if (!created.ok) throw new Error(`room:create failed: ${created.error.code}`);
  const bob = await peers.connect(server.url, 'Bob');
  await bob.request('room:join', { roomId: created.data.id });
  return { roomId: created.data.id, bob };
}

function messagesOf(roomId: string): ChatMessage[] {
  const room = messagesStore.getState().rooms[roomId];
  return room ? room.keys.flatMap((key) => room.byKey[key] ?? []) : [];
}

describe('outbox', () => {
  it('does not count sends cut off by a disconnect: only an ack timeout while connected uses an attempt', async () => {
    proxy = await createFaultProxy({ targetPort: server.port });
    chat.configureChat({ serverUrl: proxy.url });
    await signedInOnline('Alice');
    const { roomId, bob } = await roomWithBob();
    // Two attempts: before the fix, one cut plus one ack timeout was enough to fail the message.
    configureOutbox({ ackTimeoutMs: 1500, maxAttempts: 2 });
    let everFailed = false;
    const unsubscribe = messagesStore.subscribe(() => {
      if (messagesOf(roomId).some((message) => message.status === 'failed')) everFailed = true;
    });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);

    // Every byte takes 300 ms each way: each send is still unanswered when the link is cut under it.
    proxy.setDelay(300);
    chat.sendMessage(roomId, 'through the flapping');
    for (let cut = 0; cut < 3; cut++) {
      await waitFor(
        'a send in flight',
        () => connectionStore.getState().status === 'online' && chat.inFlightCount() === 1,
      );
      // Down for a second: a long-polling client between two polls would otherwise reopen the link unnoticed.
      proxy.cut(1000);
      await waitFor('the cut seen', () => connectionStore.getState().status !== 'online');
    }
    await waitFor('a send in flight again', () => chat.inFlightCount() === 1, 10_000);
    expect(outboxStore.getState().items[0]?.attempts).toBe(1);
    // Connected, but nothing gets through for longer than the ack timeout: one attempt used, then a resend.
    proxy.stall(2000);

    await waitFor('stored', () => messagesOf(roomId)[0]?.status === 'sent', 15_000);
    unsubscribe();
    expect(everFailed).toBe(false);
    expect(warn).not.toHaveBeenCalledWith(expect.stringMatching(/\[outbox\].*failed after/), expect.anything());
    const history = await bob.request('message:history', { roomId });
    expect(history.messages.map((message) => message.text)).toEqual(['through the flapping']);
  });

  it('refuses a message that would take the outbox past its storage budget, and says why', async () => {
    await signedInOnline('Alice');
    const { roomId } = await roomWithBob();
    chat.stopChat(); // Offline: everything composed stays in the outbox.
    const text = 'x'.repeat(4000);
    let refused = null;
    for (let index = 0; index < 100 && !refused; index++) {
      const result = chat.sendMessage(roomId, text);
      if (!result.ok) refused = result.error;
    }
    expect(refused).toMatchObject({ code: 'OUTBOX_FULL' });
    const { items } = outboxStore.getState();
    expect(items.length).toBeGreaterThan(10);
    expect(JSON.stringify({ state: { items }, version: 1 }).length).toBeLessThanOrEqual(OUTBOX_MAX_CHARS);
    // The refused message is not shown as pending: only the ones kept are.
    expect(messagesOf(roomId)).toHaveLength(items.length);
  });
});
