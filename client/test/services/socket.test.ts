import { HISTORY_MAX_LIMIT, JOIN_CATCH_UP_LIMIT } from '@tandem/protocol';
import * as account from '../../src/services';
import * as chat from '../../src/services';
import { DEFAULT_OUTBOX, MAX_SEND_ATTEMPTS } from '../../src/services/outbox/sender';
import type { OutboxOptions } from '../../src/services/outbox/sender';
import { appLifecycle } from '../../src/platform/lifecycle';
import { connectionStore } from '../../src/stores/connection';
import { messagesStore } from '../../src/stores/messages';
import type { ChatMessage } from '../../src/stores/messages';
import { outboxStore } from '../../src/stores/outbox';
import { presenceStore } from '../../src/stores/presence';
import { roomsStore, unreadCount } from '../../src/stores/rooms';
import { sessionStore } from '../../src/stores/session';
import { taroStub } from '../stubs/taro';
import { PeerPool } from '../support/peer';
import type { Peer } from '../support/peer';
import { startServer } from '../support/server';
import type { RunningServer } from '../support/server';
import { waitFor } from '../support/wait';

const configureOutbox = (options: Partial<OutboxOptions>) =>
  chat.configureChat({ outbox: { ...DEFAULT_OUTBOX, ...options } });

let server: RunningServer;
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
    // As on WeChat: hiding the app flushes and closes the socket.
    connection: { lifecycle: { ...appLifecycle, suspendsInBackground: true }, suspendFlushMs: 500 },
  });
  configureOutbox({ ackTimeoutMs: 10_000, maxAttempts: MAX_SEND_ATTEMPTS });
});

afterEach(() => {
  jest.restoreAllMocks();
  account.signOut();
  peers.closeAll();
});

function peer(nickname: string): Promise<Peer> {
  return peers.connect(server.url, nickname);
}

async function signedInOnline(nickname: string) {
  const result = await account.signIn(nickname);
  if (!result.ok) throw new Error(`sign-in failed: ${result.error.code}`);
  await waitFor('online', () => connectionStore.getState().status === 'online');
  return result.data;
}

async function roomWithPeer(name: string, other: Peer) {
  const created = await chat.createRoom(name);
  if (!created.ok) throw new Error(`room:create failed: ${created.error.code}`);
  await other.request('room:join', { roomId: created.data.id });
  return created.data.id;
}

function messagesOf(roomId: string): ChatMessage[] {
  const room = messagesStore.getState().rooms[roomId];
  return room ? room.keys.flatMap((key) => room.byKey[key] ?? []) : [];
}

async function goOfflineInBackground() {
  taroStub.hideApp();
  await waitFor('offline in the background', () => connectionStore.getState().offlineReason === 'background');
}

async function comeBack() {
  taroStub.showApp();
  await waitFor('online again', () => connectionStore.getState().status === 'online');
}

describe('socket service against the real server', () => {
  it('signs in, creates a room and shows its own message as pending, then sent', async () => {
    const me = await signedInOnline('Alice');
    expect(sessionStore.getState().user).toEqual(me);
    const created = await chat.createRoom('general');
    expect(created.ok).toBe(true);
    const roomId = created.ok ? created.data.id : '';

    expect(chat.sendMessage(roomId, '  hello  ').ok).toBe(true);
    expect(messagesOf(roomId)).toMatchObject([{ text: 'hello', status: 'pending', seq: null }]);

    await waitFor('sent', () => messagesOf(roomId)[0]?.status === 'sent');
    expect(messagesOf(roomId)).toMatchObject([{ text: 'hello', status: 'sent', seq: 1, sender: me }]);
    expect(outboxStore.getState().items).toEqual([]);
    expect(roomsStore.getState().byId[roomId]?.lastMessage?.text).toBe('hello');
  });

  it("receives another member's messages, presence and typing live", async () => {
    await signedInOnline('Alice');
    const bob = await peer('Bob');
    const roomId = await roomWithPeer('live', bob);
    await waitFor('Bob online', () => presenceStore.getState().online[roomId]?.some((user) => user.id === bob.user.id));

    bob.socket.emit('typing:update', { roomId, typing: true });
    await waitFor('Bob typing', () => presenceStore.getState().typing[roomId]?.[bob.user.id]);

    await bob.send(roomId, 'hi Alice');
    await waitFor("Bob's message", () => messagesOf(roomId).length === 1);
    expect(messagesOf(roomId)[0]).toMatchObject({ text: 'hi Alice', sender: bob.user, status: 'sent' });
    expect(presenceStore.getState().typing[roomId]?.[bob.user.id]).toBeUndefined();
    expect(unreadCount(roomsStore.getState(), roomId)).toBe(1);

    chat.openRoom(roomId);
    expect(unreadCount(roomsStore.getState(), roomId)).toBe(0);
  });

  it('queues messages while offline and sends them in compose order once back', async () => {
    await signedInOnline('Alice');
    const bob = await peer('Bob');
    const roomId = await roomWithPeer('offline', bob);

    await goOfflineInBackground();
    for (const text of ['one', 'two', 'three']) chat.sendMessage(roomId, text);
    expect(messagesOf(roomId).map((message) => message.status)).toEqual(['pending', 'pending', 'pending']);
    expect(outboxStore.getState().items).toHaveLength(3);

    await comeBack();
    await waitFor('all sent', () => messagesOf(roomId).every((message) => message.status === 'sent'));
    expect(messagesOf(roomId).map(({ text, seq }) => [text, seq])).toEqual([
      ['one', 1],
      ['two', 2],
      ['three', 3],
    ]);
    const history = await bob.request('message:history', { roomId });
    expect(history.messages.map((message) => message.text)).toEqual(['one', 'two', 'three']);
  });

  it('resends with the same clientId after an ack timeout and the server stores it once', async () => {
    await signedInOnline('Alice');
    const bob = await peer('Bob');
    const roomId = await roomWithPeer('timeouts', bob);
    // Every first answer comes too late: the server stores the message, the client resends it.
    configureOutbox({ ackTimeoutMs: 1 });
    chat.sendMessage(roomId, 'once only');
    await waitFor('stored', () => messagesOf(roomId)[0]?.status === 'sent');

    const history = await bob.request('message:history', { roomId });
    expect(history.messages.map((message) => message.text)).toEqual(['once only']);
    expect(messagesOf(roomId)).toHaveLength(1);
  });

  it('marks a message the server refuses as failed at once and sends it again on retry', async () => {
    await signedInOnline('Alice');
    const bob = await peer('Bob');
    const roomId = await roomWithPeer('failures', bob);
    await bob.request('room:leave', { roomId });
    await chat.leaveRoom(roomId);
    // No longer a member: the server answers FORBIDDEN or NOT_FOUND, which no resend can fix.
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    chat.sendMessage(roomId, 'into the void');
    await waitFor('failed', () => messagesOf(roomId)[0]?.status === 'failed');
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/failed after 1 attempts: (FORBIDDEN|NOT_FOUND)/),
      expect.any(String),
    );
    expect(outboxStore.getState().items[0]).toMatchObject({ state: 'failed' });

    await chat.joinRoom(roomId);
    chat.retryMessage(outboxStore.getState().items[0]?.clientId ?? '');
    await waitFor('sent after retry', () => messagesOf(roomId)[0]?.status === 'sent');
    expect(outboxStore.getState().items).toEqual([]);
  });

  it('gives up after the last attempt when no answer comes, and the server still stores it once', async () => {
    await signedInOnline('Alice');
    const bob = await peer('Bob');
    const roomId = await roomWithPeer('frozen', bob);
    configureOutbox({ ackTimeoutMs: 100 });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    server.pause();
    try {
      chat.sendMessage(roomId, 'patience');
      await waitFor('failed', () => messagesOf(roomId)[0]?.status === 'failed');
      expect(outboxStore.getState().items[0]).toMatchObject({ attempts: MAX_SEND_ATTEMPTS, lastError: 'TIMEOUT' });
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/failed after 5 attempts: TIMEOUT/), expect.any(String));
    } finally {
      server.resume();
    }
    // The server wakes up, handles all five sends of the same clientId, stores and broadcasts the message once.
    await waitFor('stored after all', () => messagesOf(roomId)[0]?.status === 'sent');
    expect(outboxStore.getState().items).toEqual([]);
    const history = await bob.request('message:history', { roomId });
    expect(history.messages.map((message) => message.text)).toEqual(['patience']);
  });

  it('fetches the messages a lost delivery skipped', async () => {
    await signedInOnline('Alice');
    const bob = await peer('Bob');
    const roomId = await roomWithPeer('gaps', bob);
    for (const text of ['a', 'b', 'c']) await bob.send(roomId, text);
    await waitFor('three messages', () => messagesOf(roomId).length === 3);

    // Simulate a lost message:created for seq 2.
    const room = messagesStore.getState().rooms[roomId]!;
    const lost = room.keys.find((key) => room.byKey[key]?.seq === 2)!;
    messagesStore.getState().replaceStored(
      roomId,
      messagesOf(roomId)
        .filter((message) => message.key !== lost)
        .map(({ id, seq, clientId, sender, text, createdAt }) => ({
          id: id!,
          seq: seq!,
          roomId,
          clientId,
          sender,
          text,
          createdAt,
        })),
    );
    expect(messagesStore.getState().rooms[roomId]?.contiguousSeq).toBe(1);

    await bob.send(roomId, 'd');
    await waitFor('gap filled', () => messagesStore.getState().rooms[roomId]?.contiguousSeq === 4);
    expect(messagesOf(roomId).map((message) => message.text)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('catches up a room less than a page behind from where it was after a reconnect', async () => {
    await signedInOnline('Alice');
    const bob = await peer('Bob');
    const roomId = await roomWithPeer('catch-up', bob);
    await bob.send(roomId, 'before');
    await waitFor('first message', () => messagesOf(roomId).length === 1);

    await goOfflineInBackground();
    const missed = 30;
    for (let index = 1; index <= missed; index++) await bob.send(roomId, `missed ${index}`);
    await comeBack();

    await waitFor('caught up', () => messagesStore.getState().rooms[roomId]?.contiguousSeq === missed + 1, 15_000);
    const texts = messagesOf(roomId).map((message) => message.text);
    expect(texts).toEqual(['before', ...Array.from({ length: missed }, (_, index) => `missed ${index + 1}`)]);
    expect(unreadCount(roomsStore.getState(), roomId)).toBe(missed + 1);
  });

  it('shows only the newest page of a room more than a page behind, with its unread count; older pages on scroll', async () => {
    await signedInOnline('Alice');
    const bob = await peer('Bob');
    const roomId = await roomWithPeer('far behind', bob);
    await bob.send(roomId, 'before');
    await waitFor('first message', () => messagesOf(roomId).length === 1);

    await goOfflineInBackground();
    const missed = JOIN_CATCH_UP_LIMIT + 30;
    for (let index = 1; index <= missed; index++) await bob.send(roomId, `missed ${index}`);
    await comeBack();

    await waitFor('newest shown', () => messagesStore.getState().rooms[roomId]?.contiguousSeq === missed + 1, 15_000);
    const room = messagesStore.getState().rooms[roomId];
    const texts = messagesOf(roomId).map((message) => message.text);
    // Only the newest page is in memory, gapless from its oldest message to the newest one.
    expect(texts.length).toBeLessThanOrEqual(HISTORY_MAX_LIMIT);
    expect(room?.oldestSeq).toBe(missed + 2 - texts.length);
    expect(texts.at(-1)).toBe(`missed ${missed}`);
    // "before" was never read either: the room was not on screen.
    expect(unreadCount(roomsStore.getState(), roomId)).toBe(missed + 1);

    // Scrolling up pages the rest in, in order, each message once.
    while ((messagesStore.getState().rooms[roomId]?.oldestSeq ?? 0) > 1)
      expect(await chat.loadOlder(roomId)).toBeNull();
    expect(messagesOf(roomId).map((message) => message.text)).toEqual([
      'before',
      ...Array.from({ length: missed }, (_, index) => `missed ${index + 1}`),
    ]);
  });

  it('loads older history page by page', async () => {
    const bob = await peer('Bob');
    const { room } = await bob.request('room:create', { name: 'history' });
    for (let index = 1; index <= 60; index++) await bob.send(room.id, `m${index}`);
    await signedInOnline('Alice');
    expect(await chat.joinRoom(room.id)).toBeNull();
    expect(messagesStore.getState().rooms[room.id]?.oldestSeq).toBe(11);

    expect(await chat.loadOlder(room.id)).toBeNull();
    expect(messagesStore.getState().rooms[room.id]?.oldestSeq).toBe(1);
    expect(messagesOf(room.id)).toHaveLength(60);
  });

  it('keeps unsent messages across an app restart and sends them after it', async () => {
    await signedInOnline('Alice');
    const bob = await peer('Bob');
    const roomId = await roomWithPeer('restart', bob);
    await goOfflineInBackground();
    chat.sendMessage(roomId, 'survives');
    chat.stopChat();

    await jest.isolateModulesAsync(async () => {
      const restarted = await import('../../src/services');
      const stores = await import('../../src/stores');
      restarted.configureChat({ serverUrl: server.url });
      expect(stores.outboxStore.getState().items).toHaveLength(1);
      restarted.startChat();
      const pendingAfterRestart = stores.messagesStore.getState().rooms[roomId];
      expect(Object.values(pendingAfterRestart?.byKey ?? {})).toMatchObject([{ text: 'survives', status: 'pending' }]);
      await waitFor('sent after restart', () => stores.outboxStore.getState().items.length === 0);
      restarted.stopChat();
    });
    const history = await bob.request('message:history', { roomId });
    expect(history.messages.map((message) => message.text)).toEqual(['survives']);
  });

  it('signs out when the server refuses the stored token', async () => {
    sessionStore
      .getState()
      .signedIn({ token: 'forged', user: { id: 'x', nickname: 'X' }, expiresAt: Date.now() + 60_000 });
    chat.startChat();
    await waitFor('signed out', () => sessionStore.getState().token === null);
    expect(connectionStore.getState()).toMatchObject({ status: 'offline', offlineReason: 'stopped' });
  });
});
