import { Socket } from 'socket.io-client';
import * as chat from '../../src/services';
import { connectionStore } from '../../src/stores/connection';
import { messagesStore, MAX_HELD_PER_ROOM } from '../../src/stores/messages';
import { roomsStore } from '../../src/stores/rooms';
import { PeerPool } from '../support/peer';
import type { Peer } from '../support/peer';
import { seedMessages } from '../support/seed';
import { startServer } from '../support/server';
import type { RunningServer } from '../support/server';
import { waitFor } from '../support/wait';

/**
 * A room read far back against the real server: the held window stays bounded, a live message past it is counted
 * but not gap-filled, scrolling down pages newer messages in by seq, and "jump to latest" or a send brings the
 * newest back, each message once and in order.
 */

const servers: RunningServer[] = [];
const peers = new PeerPool();
const ROOM_SIZE = 1_500;
/** One page of `message:history` past the bound, before the list trims (it trims after each page). */
const PAGE = 100;

afterEach(async () => {
  jest.restoreAllMocks();
  chat.signOut();
  peers.closeAll();
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

/** Signed in as Uma in a room of ROOM_SIZE messages from Bob, showing its newest page. */
async function roomWithBacklog(): Promise<{ roomId: string; bob: Peer }> {
  const server = await startServer();
  servers.push(server);
  chat.configureChat({
    serverUrl: server.url,
    connection: { backoff: { minMs: 50, maxMs: 200, factor: 2, jitter: 0 } },
  });
  const signedIn = await chat.signIn('Uma');
  if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.error.code}`);
  await waitFor('online', () => connectionStore.getState().status === 'online');
  const created = await chat.createRoom('archive');
  if (!created.ok) throw new Error(`room:create failed: ${created.error.code}`);
  const roomId = created.data.id;
  const bob = await peers.connect(server.url, 'Bob');
  await bob.request('room:join', { roomId });
  chat.stopChat();
  await seedMessages(bob, roomId, ROOM_SIZE, { prefix: 'm' });
  chat.startChat();
  await waitFor('the newest page', () => room(roomId)?.contiguousSeq === ROOM_SIZE, 15_000);
  return { roomId, bob };
}

const room = (roomId: string) => messagesStore.getState().rooms[roomId];
const heldSeqs = (roomId: string) => {
  const held = room(roomId);
  return held ? held.keys.flatMap((key) => (held.byKey[key]?.seq ? [held.byKey[key].seq] : [])) : [];
};
const texts = (roomId: string) => {
  const held = room(roomId);
  return held ? held.keys.map((key) => held.byKey[key]?.text ?? '') : [];
};

/** As the list does on each page: the store bounds the room around the 120 messages on screen. */
function readAt(roomId: string, edge: 'top' | 'bottom'): void {
  const keys = room(roomId)!.keys.filter((key) => room(roomId)!.byKey[key]?.status === 'sent');
  const span = edge === 'top' ? keys.slice(0, 120) : keys.slice(-120);
  messagesStore.getState().trimAround(roomId, span[0]!, span.at(-1)!);
}

/** Scrolls up (older pages from the server) until seq `upTo` is held. */
async function scrollUpTo(roomId: string, upTo: number): Promise<void> {
  while (room(roomId)!.oldestSeq > upTo) {
    expect(await chat.loadOlder(roomId)).toBeNull();
    readAt(roomId, 'top');
    expect(room(roomId)!.keys.length).toBeLessThanOrEqual(MAX_HELD_PER_ROOM + PAGE);
  }
}

/** Every `message:history` payload sent from now on. */
function historyRequests(): Record<string, unknown>[] {
  const sent: Record<string, unknown>[] = [];
  const emit = Socket.prototype.emit;
  jest.spyOn(Socket.prototype, 'emit').mockImplementation(function (this: Socket, event, ...args: unknown[]) {
    if (event === 'message:history') sent.push(args[0] as Record<string, unknown>);
    return emit.call(this, event, ...(args as never[]));
  });
  return sent;
}

const consecutive = (seqs: number[]) => seqs.every((seq, index) => index === 0 || seq === seqs[index - 1]! + 1);

describe('a room read far back', () => {
  it('stays bounded, counts a live message without gap-filling it, then pages newer messages in by seq', async () => {
    const { roomId, bob } = await roomWithBacklog();
    await scrollUpTo(roomId, 200);
    expect(room(roomId)!.hasNewer).toBe(true);
    expect(room(roomId)!.keys.length).toBeLessThanOrEqual(MAX_HELD_PER_ROOM);
    const held = heldSeqs(roomId);
    expect(consecutive(held)).toBe(true);

    const requests = historyRequests();
    await bob.send(roomId, 'live');
    await waitFor('the room summary', () => roomsStore.getState().byId[roomId]?.lastSeq === ROOM_SIZE + 1);
    expect(heldSeqs(roomId)).toEqual(held);

    // Scrolling down: queued behind any gap fill the live message would have started, so none can hide.
    let pages = 0;
    while (room(roomId)!.hasNewer) {
      expect(await chat.loadNewer(roomId)).toBeNull();
      pages += 1;
      readAt(roomId, 'bottom');
      expect(room(roomId)!.keys.length).toBeLessThanOrEqual(MAX_HELD_PER_ROOM);
    }
    // One request per page scrolled down: no gap fill of the range between the window and the live message.
    expect(requests).toHaveLength(pages);
    expect(requests.every((request) => typeof request.afterSeq === 'number' && request.beforeSeq === undefined)).toBe(
      true,
    );
    expect(requests[0]!.afterSeq).toBe(held.at(-1));
    const after = heldSeqs(roomId);
    expect(consecutive(after)).toBe(true);
    expect(after.at(-1)).toBe(ROOM_SIZE + 1);
    expect(texts(roomId).at(-1)).toBe('live');
    expect(new Set(texts(roomId)).size).toBe(texts(roomId).length);
  });

  it('jumps to the latest: the newest messages with those that came meanwhile, each once and in order', async () => {
    const { roomId, bob } = await roomWithBacklog();
    await scrollUpTo(roomId, 300);
    expect(room(roomId)!.hasNewer).toBe(true);
    for (const text of ['while away 1', 'while away 2']) await bob.send(roomId, text);
    await waitFor('the room summary', () => roomsStore.getState().byId[roomId]?.lastSeq === ROOM_SIZE + 2);

    expect(await chat.loadNewest(roomId)).toBeNull();
    expect(room(roomId)!.hasNewer).toBe(false);
    const seqs = heldSeqs(roomId);
    expect(consecutive(seqs)).toBe(true);
    expect(seqs.at(-1)).toBe(ROOM_SIZE + 2);
    expect(texts(roomId).slice(-3)).toEqual([`m ${ROOM_SIZE}`, 'while away 1', 'while away 2']);
    expect(room(roomId)!.keys.length).toBeLessThanOrEqual(MAX_HELD_PER_ROOM);
  });

  it('shows an own message sent while reading far back under the newest messages', async () => {
    const { roomId, bob } = await roomWithBacklog();
    await scrollUpTo(roomId, 300);
    await bob.send(roomId, 'from bob meanwhile');
    await waitFor('the room summary', () => roomsStore.getState().byId[roomId]?.lastSeq === ROOM_SIZE + 1);

    const sent = chat.sendMessage(roomId, 'my reply');
    expect(sent.ok).toBe(true);
    await waitFor(
      'the reply stored, under the newest',
      () => texts(roomId).at(-1) === 'my reply' && !room(roomId)!.hasNewer,
    );
    await waitFor('the reply acked', () => heldSeqs(roomId).at(-1) === ROOM_SIZE + 2);
    const seqs = heldSeqs(roomId);
    expect(consecutive(seqs)).toBe(true);
    expect(texts(roomId).slice(-3)).toEqual([`m ${ROOM_SIZE}`, 'from bob meanwhile', 'my reply']);
  });
});
