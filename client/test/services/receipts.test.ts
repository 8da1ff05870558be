import * as account from '../../src/services';
import * as chat from '../../src/services';
import { connectionStore } from '../../src/stores/connection';
import { receiptsStore } from '../../src/stores/receipts';
import { roomsStore } from '../../src/stores/rooms';
import { PeerPool } from '../support/peer';
import { startServer } from '../support/server';
import type { RunningServer } from '../support/server';
import { waitFor } from '../support/wait';

/** Read receipts: the room on screen loads every member's position, then facts and arrivals move them. */

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

const positions = (roomId: string) => receiptsStore.getState().rooms[roomId];

describe('read receipts against the real server', () => {
  it('loads the positions of the room on screen, then follows marks and each sender’s own messages', async () => {
    const alice = await signedInOnline('Alice');
    const [bob, carol] = [await peers.connect(server.url, 'Bob'), await peers.connect(server.url, 'Carol')];
    const created = await chat.createRoom('receipts');
    if (!created.ok) throw new Error(`room:create failed: ${created.error.code}`);
    const roomId = created.data.id;
    for (const peer of [bob, carol]) await peer.request('room:join', { roomId });
    await bob.send(roomId, 'one');
    await bob.send(roomId, 'two');

    chat.openRoom(roomId);
    await waitFor('the positions loaded', () => positions(roomId)?.[bob.user.id] === 2);
    expect(positions(roomId)).toMatchObject({ [carol.user.id]: 0 });
    expect(positions(roomId)?.[alice.id]).toBeDefined();

    await carol.request('read:mark', { roomId, seq: 1 });
    await waitFor('Carol’s mark', () => positions(roomId)?.[carol.user.id] === 1);
    // Carol's message moves her own position: the server sends no receipt for it, the arrival says so.
    await carol.send(roomId, 'three');
    await waitFor('Carol’s own message', () => positions(roomId)?.[carol.user.id] === 3);
  });

  it('loads nothing for rooms not on screen, and forgets the positions on sign-out', async () => {
    await signedInOnline('Alice');
    const created = await chat.createRoom('elsewhere');
    if (!created.ok) throw new Error(`room:create failed: ${created.error.code}`);
    const bob = await peers.connect(server.url, 'Bob');
    await bob.request('room:join', { roomId: created.data.id });
    await bob.send(created.data.id, 'hello');
    await waitFor('Bob’s message', () => roomsStore.getState().byId[created.data.id]?.lastSeq === 1);
    expect(positions(created.data.id)).toBeUndefined();
    chat.openRoom(created.data.id);
    await waitFor('the positions loaded', () => positions(created.data.id) !== undefined);
    account.signOut();
    expect(receiptsStore.getState().rooms).toEqual({});
  });
});
