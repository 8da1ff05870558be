import * as chat from '../../src/services';
import { currentRuntime } from '../../src/services/current';
import { connectionStore } from '../../src/stores/connection';
import { safetyStore } from '../../src/stores/safety';
import { presenceStore } from '../../src/stores/presence';
import { profilesStore } from '../../src/stores/profiles';
import { roomsStore } from '../../src/stores/rooms';
import { sessionStore } from '../../src/stores/session';
import { startScriptedServer } from '../support/scripted-server';
import type { ScriptedServer } from '../support/scripted-server';
import { waitFor } from '../support/wait';

const alice = { id: 'u-alice', nickname: 'Alice' };
const bob = { id: 'u-bob', nickname: 'Bob' };
const carol = { id: 'u-carol', nickname: 'Carol' };
const room = {
  id: 'r-1',
  name: 'scripted',
  visibility: 'public' as const,
  memberCount: 3,
  onlineCount: 2,
  lastSeq: 0,
  createdAt: 1,
  ownerId: 'u-owner',
};
const HOUR = 3_600_000;

let server: ScriptedServer;

beforeEach(async () => {
  server = await startScriptedServer({
    user: alice,
    room,
    members: [alice, bob, carol],
    online: [alice, bob],
    refreshed: { token: 'fresh-token', user: alice, expiresAt: Date.now() + 2 * HOUR },
    // Far slower than a reconnection attempt: a client that did not wait for the fresh token would retry first.
    refreshDelayMs: 500,
  });
  chat.configureChat({
    serverUrl: server.url,
    refresh: {},
    connection: { backoff: { minMs: 10, maxMs: 20, factor: 2, jitter: 0 } },
  });
});

afterEach(async () => {
  chat.signOut();
  await server.close();
});

/** Signed in with a token good for another hour (so no refresh is due), connected, the room joined. */
async function signedInAndJoined(): Promise<void> {
  sessionStore.getState().signedIn({ token: 'first-token', user: alice, expiresAt: Date.now() + HOUR });
  const connected = server.nextConnection();
  chat.startChat();
  await connected;
  await waitFor('the room joined', () => presenceStore.getState().online[room.id]?.length === 2);
}

const onlineIds = () => presenceStore.getState().online[room.id]?.map((user) => user.id);

describe('server events from a scripted Socket.IO server', () => {
  it('applies presence:changed to the online list of the join, and the room shows the new online count', async () => {
    await signedInAndJoined();
    expect(onlineIds()).toEqual([alice.id, bob.id]);

    server.io.emit('presence:changed', { roomId: room.id, came: [carol], went: [bob.id] });
    await waitFor('Carol online, Bob gone', () => onlineIds()?.join() === [alice.id, carol.id].join());
    expect(roomsStore.getState().byId[room.id]?.onlineCount).toBe(2);

    server.io.emit('presence:changed', { roomId: room.id, came: [bob], went: [] });
    await waitFor('Bob back', () => onlineIds()?.length === 3);
    expect(roomsStore.getState().byId[room.id]?.onlineCount).toBe(3);
  });

  it('applies user:updated to the member and online lists, the profiles every message reads, and the own session', async () => {
    await signedInAndJoined();
    const renamed = { id: bob.id, nickname: 'Bobby', avatar: '/api/avatars/u-bob?v=7' };
    server.io.emit('user:updated', { user: renamed });
    await waitFor('Bob renamed', () => profilesStore.getState().byId[bob.id]?.nickname === 'Bobby');
    expect(presenceStore.getState().members[room.id]).toEqual([alice, renamed, carol]);
    expect(presenceStore.getState().online[room.id]).toEqual([alice, renamed]);
    expect(sessionStore.getState().user).toEqual(alice);

    server.io.emit('user:updated', { user: { ...alice, nickname: 'Alicia' } });
    await waitFor('own name changed', () => sessionStore.getState().user?.nickname === 'Alicia');
    expect(sessionStore.getState().user).toEqual({ id: alice.id, nickname: 'Alicia' });
  });

  it('applies room:updated, drops the room on room:removed with a notice, and takes blocks:updated', async () => {
    await signedInAndJoined();
    server.io.emit('room:updated', { room: { ...room, name: 'Hall', ownerId: bob.id } });
    await waitFor('renamed', () => roomsStore.getState().byId[room.id]?.name === 'Hall');
    expect(roomsStore.getState().byId[room.id]?.ownerId).toBe(bob.id);

    server.io.emit('blocks:updated', { users: [carol] });
    await waitFor('Carol blocked', () => safetyStore.getState().blocked.length === 1);
    expect(safetyStore.getState().blocked).toEqual([carol]);

    server.io.emit('room:removed', { roomId: room.id, reason: 'banned' });
    await waitFor('the room dropped', () => !roomsStore.getState().joinedIds.includes(room.id));
    expect(safetyStore.getState().removedFrom).toEqual({ [room.id]: 'banned' });
    expect(presenceStore.getState().members[room.id]).toBeUndefined();
  });

  it('drops an event that does not match the protocol, and logs it', async () => {
    await signedInAndJoined();
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    // `went` must be user ids: this payload is refused whole, the valid one after it applied.
    server.io.emit('presence:changed', { roomId: room.id, came: [], went: [{ id: bob.id }] } as never);
    server.io.emit('presence:changed', { roomId: room.id, came: [carol], went: [] });
    await waitFor('Carol online', () => onlineIds()?.length === 3);
    expect(onlineIds()).toEqual([alice.id, bob.id, carol.id]);
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/malformed presence:changed dropped/), expect.anything());
  });

  it('renews an expired token on session:ended and reconnects with the fresh one, never the old one', async () => {
    await signedInAndJoined();
    const first = server.io.sockets.sockets.values().next().value;
    const reconnected = server.nextConnection();
    first?.emit('session:ended', { reason: 'token_expired' });
    first?.disconnect(true);

    await waitFor('shown as reconnecting while the token is renewed', () => {
      const { status, nextRetryAt } = connectionStore.getState();
      return status === 'reconnecting' && nextRetryAt === null && server.refreshedTokens.length === 1;
    });
    await reconnected;
    expect(server.refreshedTokens).toEqual(['first-token']);
    expect(server.handshakeTokens).toEqual(['first-token', 'fresh-token']);
    expect(sessionStore.getState().token).toBe('fresh-token');
    await waitFor('online again', () => connectionStore.getState().status === 'online');
  });

  it('signs out on this device on session:ended signed_out, and no connection is left to retry', async () => {
    await signedInAndJoined();
    const first = server.io.sockets.sockets.values().next().value;
    first?.emit('session:ended', { reason: 'signed_out' });
    first?.disconnect(true);

    await waitFor('signed out', () => sessionStore.getState().token === null);
    expect(currentRuntime()).toBeNull();
    expect(roomsStore.getState().joinedIds).toEqual([]);
    expect(connectionStore.getState()).toMatchObject({ status: 'offline', offlineReason: 'stopped' });
    expect(server.handshakeTokens).toEqual(['first-token']);
  });
});
