import * as account from '../../src/services';
import * as chat from '../../src/services';
import { connectionStore } from '../../src/stores/connection';
import { messagesStore } from '../../src/stores/messages';
import { liveInvite, roomsStore } from '../../src/stores/rooms';
import { sessionStore } from '../../src/stores/session';
import { PeerPool } from '../support/peer';
import type { Peer } from '../support/peer';
import { startServer } from '../support/server';
import type { RunningServer } from '../support/server';
import { waitFor } from '../support/wait';

let server: RunningServer;
const peers = new PeerPool();

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

beforeEach(() => {
  chat.configureChat({ serverUrl: server.url });
});

afterEach(() => {
  account.signOut();
  sessionStore.setState({ pendingInvite: null, inviteFailure: null });
  peers.closeAll();
});

function peer(nickname: string): Promise<Peer> {
  return peers.connect(server.url, nickname);
}

async function signedInOnline(nickname: string): Promise<void> {
  const result = await account.signIn(nickname);
  if (!result.ok) throw new Error(`sign-in failed: ${result.error.code}`);
  await waitFor('online', () => connectionStore.getState().status === 'online');
}

/** A private room of `owner` holding one message, and a fresh invite code to it. */
async function privateRoomWithInvite(owner: Peer, name: string) {
  const { room } = await owner.request('room:create', { name, visibility: 'private' });
  await owner.send(room.id, `welcome to ${name}`);
  const { code } = await owner.request('room:invite', { roomId: room.id });
  return { roomId: room.id, code };
}

const messageTexts = (roomId: string) => {
  const room = messagesStore.getState().rooms[roomId];
  return room ? room.keys.map((key) => room.byKey[key]?.text) : [];
};

describe('private rooms and invites against the real server', () => {
  it('creates a private room that others do not see listed, and an invite to it that expires later', async () => {
    await signedInOnline('Alice');
    const created = await chat.createRoom('secret garden', 'private');
    expect(created.ok && created.data.visibility).toBe('private');
    const roomId = created.ok ? created.data.id : '';

    const invite = await chat.createInvite(roomId);
    expect(invite.ok).toBe(true);
    expect(liveInvite(roomsStore.getState(), roomId)).toEqual(invite.ok ? invite.data : null);

    const bob = await peer('Bob');
    const { rooms } = await bob.request('room:list', {});
    expect(rooms.map((room) => room.id)).not.toContain(roomId);
  });

  it('keeps an invite opened while signed out, and joins with it once signed in and connected', async () => {
    const owner = await peer('Owner');
    const { roomId, code } = await privateRoomWithInvite(owner, 'book club');

    // The chat page opened from the link, before signing in: the invite waits in the session store.
    chat.openRoom(roomId, code);
    expect(sessionStore.getState().pendingInvite).toEqual({ roomId, code });
    await signedInOnline('Bea');
    expect(sessionStore.getState().pendingInvite).toEqual({ roomId, code });

    // After sign-in the app opens the room again (without the code in the address); the pending one is used.
    chat.openRoom(roomId);
    await waitFor('joined', () => roomsStore.getState().joinedIds.includes(roomId));
    expect(sessionStore.getState()).toMatchObject({ pendingInvite: null, inviteFailure: null });
    await waitFor('the history', () => messageTexts(roomId).includes('welcome to book club'));
    expect(roomsStore.getState().byId[roomId]).toMatchObject({ name: 'book club', visibility: 'private' });

    // From now on it is a room like any other: listed, and messages go both ways.
    await chat.listRooms();
    expect(roomsStore.getState().byId[roomId]).toBeDefined();
    chat.sendMessage(roomId, 'thanks for the invite');
    await waitFor('sent', () => {
      const room = messagesStore.getState().rooms[roomId];
      return room?.keys.every((key) => room.byKey[key]?.status === 'sent') && room.keys.length === 2;
    });
    const { messages } = await owner.request('message:history', { roomId });
    expect(messages.map((message) => message.text)).toEqual(['welcome to book club', 'thanks for the invite']);
  });

  it('joins with an invite opened while the socket is still connecting', async () => {
    const owner = await peer('Owner');
    const { roomId, code } = await privateRoomWithInvite(owner, 'late night');
    const signedIn = await account.signIn('Cai');
    expect(signedIn.ok).toBe(true);
    chat.openRoom(roomId, code); // Most likely before the handshake is done: the connect handler joins.
    await waitFor('joined', () => roomsStore.getState().joinedIds.includes(roomId));
    expect(sessionStore.getState().pendingInvite).toBeNull();
  });

  it('says why when the server refuses the invite, and forgets it', async () => {
    const owner = await peer('Owner');
    const { roomId } = await privateRoomWithInvite(owner, 'closed');
    await signedInOnline('Dan');

    const failed = await chat.joinRoom(roomId, 'not-a-real-code');
    expect(failed?.code).toBe('FORBIDDEN');

    chat.openRoom(roomId, 'not-a-real-code-either');
    await waitFor('the refusal', () => sessionStore.getState().inviteFailure);
    expect(sessionStore.getState()).toMatchObject({
      pendingInvite: null,
      inviteFailure: { roomId, code: 'FORBIDDEN' },
    });
    expect(roomsStore.getState().joinedIds).not.toContain(roomId);
  });
});
