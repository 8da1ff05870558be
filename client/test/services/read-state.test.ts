import type { ReadUpdated } from '@tandem/protocol';
import * as account from '../../src/services';
import * as chat from '../../src/services';
import { pendingReads } from '../../src/services/rooms/reads';
import { connectionStore } from '../../src/stores/connection';
import { roomsStore, unreadCount } from '../../src/stores/rooms';
import { sessionStore } from '../../src/stores/session';
import { taroStub } from '../stubs/taro';
import { PeerPool } from '../support/peer';
import type { Peer } from '../support/peer';
import { startServer } from '../support/server';
import type { RunningServer } from '../support/server';
import { sleep, waitFor } from '../support/wait';

/** Read state that follows the person: this device's reads reach the server, other devices' reads reach here. */

let server: RunningServer;
const peers = new PeerPool();

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(() => {
  chat.configureChat({ serverUrl: server.url, connection: {} });
});
afterEach(() => {
  account.signOut();
  peers.closeAll();
});

async function signedInOnline(nickname: string) {
  const result = await account.signIn(nickname);
  if (!result.ok) throw new Error(`sign-in failed: ${result.error.code}`);
  await waitFor('online', () => connectionStore.getState().status === 'online');
  return result.data;
}

/** Another device of the signed-in user: a plain socket with the same session. */
function otherDevice(): Promise<Peer> {
  const { token, user, expiresAt } = sessionStore.getState();
  if (!token || !user || expiresAt === null) throw new Error('not signed in');
  return peers.connectSession(server.url, { token, user, expiresAt });
}

/** A room created here that Bob joined and wrote `count` messages in; nothing of it on screen. */
async function roomWithMessages(name: string, bob: Peer, count: number) {
  const created = await chat.createRoom(name);
  if (!created.ok) throw new Error(`room:create failed: ${created.error.code}`);
  const roomId = created.data.id;
  await bob.request('room:join', { roomId });
  for (let i = 1; i <= count; i++) await bob.send(roomId, `${name} ${i}`);
  await waitFor(`${count} unread`, () => unreadCount(roomsStore.getState(), roomId) === count);
  return roomId;
}

const unread = (roomId: string) => unreadCount(roomsStore.getState(), roomId);

describe('read state against the real server', () => {
  it('sends a read here once, as the highest seq seen, and the user’s other device hears it', async () => {
    await signedInOnline('Alice');
    const bob = await peers.connect(server.url, 'Bob');
    const roomId = await roomWithMessages('reads', bob, 3);
    const phone = await otherDevice();
    const heard: ReadUpdated[] = [];
    phone.socket.on('read:updated', (event) => heard.push(event));

    chat.openRoom(roomId);
    expect(unread(roomId)).toBe(0);
    await waitFor('the mark on the phone', () => heard.length > 0);
    await sleep(500);
    expect(heard).toEqual([{ roomId, readSeq: 3 }]);
    const { rooms } = await phone.request('room:list', {});
    expect(rooms.find((room) => room.id === roomId)).toMatchObject({ readSeq: 3, unread: 0 });
  });

  it('clears the badge when another device of the user reads the room', async () => {
    await signedInOnline('Alice');
    const bob = await peers.connect(server.url, 'Bob');
    const roomId = await roomWithMessages('elsewhere', bob, 2);
    const phone = await otherDevice();
    await phone.request('read:mark', { roomId, seq: 1 });
    await waitFor('one left unread', () => unread(roomId) === 1);
    await phone.request('read:mark', { roomId, seq: 2 });
    await waitFor('the badge cleared', () => unread(roomId) === 0);
  });

  it('does not read a room scrolled back or with the app hidden, and reads it once shown again', async () => {
    await signedInOnline('Alice');
    const bob = await peers.connect(server.url, 'Bob');
    const roomId = await roomWithMessages('hidden', bob, 1);
    chat.openRoom(roomId);
    expect(unread(roomId)).toBe(0);
    chat.followNewest(roomId, false);
    await bob.send(roomId, 'while scrolled back');
    await waitFor('one unread', () => unread(roomId) === 1);
    chat.followNewest(roomId, true);
    expect(unread(roomId)).toBe(0);

    taroStub.hideApp();
    await bob.send(roomId, 'while hidden');
    await waitFor('one unread', () => unread(roomId) === 1);
    taroStub.showApp();
    expect(unread(roomId)).toBe(0);
    await waitFor('the server has it', () => roomsStore.getState().serverReadSeq[roomId] === 3);
  });

  it('shows the server’s badges on a device that holds nothing, and its own messages as read', async () => {
    await signedInOnline('Alice');
    const bob = await peers.connect(server.url, 'Bob');
    const roomId = await roomWithMessages('fresh', bob, 4);
    const other = await roomWithMessages('mine', bob, 2);
    expect(chat.sendMessage(other, 'my answer').ok).toBe(true);
    await waitFor('own message read', () => roomsStore.getState().serverReadSeq[other] === 3);
    // As a fresh device of the same account: nothing held, the same session.
    roomsStore.getState().reset();
    expect(await chat.listRooms()).toBeNull();
    expect(roomsStore.getState().joinedIds.sort()).toEqual([roomId, other].sort());
    expect(unread(roomId)).toBe(4);
    expect(unread(other)).toBe(0);
  });

  it('refreshes the badges from room:list after a reconnect', async () => {
    await signedInOnline('Alice');
    const bob = await peers.connect(server.url, 'Bob');
    const roomId = await roomWithMessages('reconnect', bob, 3);
    const phone = await otherDevice();
    chat.stopChat();
    await phone.request('read:mark', { roomId, seq: 3 });
    expect(unread(roomId)).toBe(3);
    chat.startChat();
    await waitFor('online again', () => connectionStore.getState().status === 'online');
    await waitFor('the badge cleared', () => unread(roomId) === 0);
  });
});

describe('pendingReads', () => {
  it('lists only reads beyond what the server holds, and none for rooms whose server read seq is unknown', () => {
    const state = {
      joinedIds: ['a', 'b', 'c', 'd'],
      lastReadSeq: { a: 5, b: 3, c: 7 },
      serverReadSeq: { a: 2, b: 3, d: 1 },
    };
    expect(pendingReads(state)).toEqual([{ roomId: 'a', seq: 5 }]);
  });
});
