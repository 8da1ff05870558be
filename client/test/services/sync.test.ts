import { HISTORY_MAX_LIMIT } from '@tandem/protocol';
import { Socket } from 'socket.io-client';
import * as account from '../../src/services';
import * as chat from '../../src/services';
import { DEFAULT_SYNC } from '../../src/services/sync/room-sync';
import type { SyncOptions } from '../../src/services/sync/room-sync';
import { DEFAULT_RETRY } from '../../src/services/connection/retry';
import { connectionStore } from '../../src/stores/connection';
import { messagesStore } from '../../src/stores/messages';
import { presenceStore } from '../../src/stores/presence';
import { roomsStore, unreadCount } from '../../src/stores/rooms';
import { sessionStore } from '../../src/stores/session';
import { PeerPool } from '../support/peer';
import type { Peer } from '../support/peer';
import { startServer } from '../support/server';
import type { RunningServer } from '../support/server';
import { sleep, waitFor } from '../support/wait';

const configureSync = (options: Partial<SyncOptions>) => chat.configureChat({ sync: { ...DEFAULT_SYNC, ...options } });

const servers: RunningServer[] = [];
const peers = new PeerPool();

afterEach(async () => {
  jest.restoreAllMocks();
  account.signOut();
  configureSync({ retry: DEFAULT_RETRY, concurrency: 4 });
  peers.closeAll();
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function server(env: Record<string, string> = {}): Promise<RunningServer> {
  const started = await startServer({ env });
  servers.push(started);
  chat.configureChat({
    serverUrl: started.url,
    connection: { backoff: { minMs: 50, maxMs: 200, factor: 2, jitter: 0 } },
  });
  return started;
}

async function signedInOnline(nickname: string): Promise<void> {
  const result = await account.signIn(nickname);
  if (!result.ok) throw new Error(`sign-in failed: ${result.error.code}`);
  await waitFor('online', () => connectionStore.getState().status === 'online');
}

async function createRoom(name: string): Promise<string> {
  const created = await chat.createRoom(name);
  if (!created.ok) throw new Error(`room:create failed: ${created.error.code}`);
  return created.data.id;
}

/** This user's other device: a plain socket with the same token. */
async function otherDevice(url: string): Promise<Peer> {
  const { token, user, expiresAt } = sessionStore.getState();
  if (!token || !user || expiresAt === null) throw new Error('not signed in');
  return peers.connectSession(url, { token, user, expiresAt });
}

function peer(url: string, nickname: string): Promise<Peer> {
  return peers.connect(url, nickname);
}

type Ack = (...answer: unknown[]) => unknown;

/** Passes the ack of every `event` request through `wrap` (given the payload), on the real socket.io client. */
function wrapAcks(event: string, wrap: (ack: Ack, payload: unknown) => Ack): void {
  const emit = Socket.prototype.emit;
  jest.spyOn(Socket.prototype, 'emit').mockImplementation(function (
    this: Socket,
    sent: string | symbol,
    ...args: unknown[]
  ) {
    const ack = args.at(-1);
    if (sent === event && typeof ack === 'function') {
      const wrapped = wrap(ack as Ack, args[0]);
      args[args.length - 1] = Object.assign(wrapped, { withError: (ack as { withError?: boolean }).withError });
    }
    return emit.call(this, sent as never, ...(args as never[]));
  });
}

/** Sends `count` messages `m1`..`m<count>` in order, 100 in flight at a time. */
async function sendBacklog(sender: Peer, roomId: string, count: number): Promise<void> {
  for (let start = 1; start <= count; start += 100) {
    // In order: a room's pipelined sends are stored in the order they were sent.
    await Promise.all(
      Array.from({ length: Math.min(100, count - start + 1) }, (_, index) => sender.send(roomId, `m${start + index}`)),
    );
  }
}

const joinedIds = () => roomsStore.getState().joinedIds;
const texts = (roomId: string) => {
  const room = messagesStore.getState().rooms[roomId];
  return room ? room.keys.map((key) => room.byKey[key]?.text) : [];
};

describe('room membership across devices of one user', () => {
  it('forgets a room left on the laptop while online, with its messages', async () => {
    const { url } = await server();
    await signedInOnline('Uma');
    const roomId = await createRoom('left elsewhere');
    const laptop = await otherDevice(url);
    await laptop.send(roomId, 'hello');
    await waitFor('the message', () => texts(roomId).length === 1);

    await laptop.request('room:leave', { roomId });
    await waitFor('the room forgotten', () => !joinedIds().includes(roomId));
    expect(messagesStore.getState().rooms[roomId]).toBeUndefined();
  });

  it('does not rejoin a room the laptop left while the phone was offline, and picks up one joined there', async () => {
    const { url } = await server();
    await signedInOnline('Uma');
    const left = await createRoom('left while offline');
    const kept = await createRoom('kept');
    const laptop = await otherDevice(url);
    chat.stopChat();

    await laptop.request('room:leave', { roomId: left });
    const { room: joinedThere } = await laptop.request('room:create', { name: 'joined on the laptop' });
    await laptop.send(joinedThere.id, 'from the laptop');
    await laptop.send(kept, 'missed');

    chat.startChat();
    await waitFor('caught up', () => texts(joinedThere.id).length === 1 && texts(kept).length === 1);
    expect(joinedIds()).toEqual(expect.arrayContaining([kept, joinedThere.id]));
    expect(joinedIds()).not.toContain(left);
    const { rooms } = await laptop.request('room:list', {});
    expect(rooms.find((room) => room.id === left)?.joined).toBe(false);
  });
});

describe('re-sync after a reconnect', () => {
  it('retries joins the server rate-limits and runs at most four at a time', async () => {
    // 12 rooms, a join each on reconnect (plus room:list): far over 5 requests per second.
    const { url } = await server({ RATE_REQUESTS: '5/1s' });
    configureSync({ retry: { backoff: { minMs: 100, maxMs: 1000, factor: 2, jitter: 0 }, maxAttempts: 20 } });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    await signedInOnline('Uma');
    const roomIds: string[] = [];
    for (let index = 0; index < 12; index++) roomIds.push(await createRoom(`room ${index}`));
    await waitFor(
      'every room joined',
      () => roomIds.every((roomId) => presenceStore.getState().members[roomId]),
      20_000,
    );
    const bob = await peer(url, 'Bob');
    chat.stopChat();
    warn.mockClear();
    for (const roomId of roomIds) {
      await sleep(250); // Bob's joins count against the same 5 per second.
      await bob.request('room:join', { roomId });
      await bob.send(roomId, `missed in ${roomId}`);
    }

    let live = 0;
    let maxLive = 0;
    wrapAcks('room:join', (ack) => {
      live += 1;
      maxLive = Math.max(maxLive, live);
      return (...answer) => {
        live -= 1;
        return ack(...answer);
      };
    });
    chat.startChat();

    await waitFor(
      () => `every room caught up: ${roomIds.filter((roomId) => texts(roomId).length < 1).length} behind`,
      () => roomIds.every((roomId) => texts(roomId).includes(`missed in ${roomId}`)),
      20_000,
    );
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/room:join failed \(RATE_LIMITED\)/));
    expect(maxLive).toBeGreaterThan(1);
    expect(maxLive).toBeLessThanOrEqual(4);
  });

  it('shows a backlog of 2,500 messages from its newest page, with the unread count, without fetching the rest', async () => {
    const { url } = await server();
    await signedInOnline('Uma');
    const roomId = await createRoom('backlog');
    const bob = await peer(url, 'Bob');
    await bob.request('room:join', { roomId });
    await bob.send(roomId, 'seen');
    await waitFor('the first message', () => texts(roomId).length === 1);
    roomsStore.getState().markRead(roomId);
    chat.stopChat();

    const missed = 2500;
    await sendBacklog(bob, roomId, missed);
    const pages: unknown[] = [];
    wrapAcks('message:history', (ack, payload) => {
      pages.push(payload);
      return ack;
    });
    chat.startChat();

    await waitFor('caught up', () => messagesStore.getState().rooms[roomId]?.contiguousSeq === missed + 1, 30_000);
    const timeline = texts(roomId);
    expect(timeline.length).toBeLessThanOrEqual(HISTORY_MAX_LIMIT);
    expect(timeline).toEqual(
      Array.from({ length: timeline.length }, (_, index) => `m${missed - timeline.length + index + 1}`),
    );
    expect(unreadCount(roomsStore.getState(), roomId)).toBe(missed);
    // The join's page is the newest one: no history page was asked for.
    expect(pages).toEqual([]);
  });

  it('pages older history in on scroll after a windowed catch-up, in order and each message once', async () => {
    const { url } = await server();
    await signedInOnline('Uma');
    const roomId = await createRoom('scroll back');
    const bob = await peer(url, 'Bob');
    await bob.request('room:join', { roomId });
    await bob.send(roomId, 'seen');
    await waitFor('the first message', () => texts(roomId).length === 1);
    chat.stopChat();
    const missed = 450;
    await sendBacklog(bob, roomId, missed);
    chat.startChat();
    await waitFor('caught up', () => messagesStore.getState().rooms[roomId]?.contiguousSeq === missed + 1, 15_000);
    expect(messagesStore.getState().rooms[roomId]?.oldestSeq).toBeGreaterThan(2);

    while ((messagesStore.getState().rooms[roomId]?.oldestSeq ?? 0) > 1)
      expect(await chat.loadOlder(roomId)).toBeNull();
    expect(texts(roomId)).toEqual(['seen', ...Array.from({ length: missed }, (_, index) => `m${index + 1}`)]);
  });
});
