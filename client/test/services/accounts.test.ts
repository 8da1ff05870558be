import * as account from '../../src/services';
import * as chat from '../../src/services';
import { connectionStore } from '../../src/stores/connection';
import { roomsStore } from '../../src/stores/rooms';
import { sessionStore } from '../../src/stores/session';
import { startServer } from '../support/server';
import type { RunningServer } from '../support/server';
import { waitFor } from '../support/wait';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());
beforeEach(() => chat.configureChat({ serverUrl: server.url, refresh: {} }));
afterEach(() => account.signOut());

let counter = 0;
const fresh = (stem: string) => `${stem}_${++counter}`;
const online = () => waitFor('online', () => connectionStore.getState().status === 'online');

async function ok<T>(result: Promise<chat.Result<T>>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`expected success, got ${settled.error.code}: ${settled.error.message}`);
  return settled.data;
}

describe('accounts', () => {
  it('signs up, and signs in again on this or another device as the same user with the same rooms', async () => {
    const username = fresh('Ann');
    const user = await ok(account.signUp(username, 'correct horse', '安'));
    expect(user).toEqual({ id: expect.any(String), nickname: '安', username });
    expect(sessionStore.getState().kind).toBe('account');
    await online();
    const room = await ok(chat.createRoom('ours', 'private'));
    account.signOut();

    const again = await ok(account.signInWithPassword(username.toLowerCase(), 'correct horse'));
    expect(again.id).toBe(user.id);
    await online();
    await waitFor('the private room listed again', () => roomsStore.getState().byId[room.id]);
    expect(roomsStore.getState().joinedIds).toContain(room.id);
  });

  it('says why a sign-up or a sign-in is refused, and stays signed out', async () => {
    const username = fresh('Bob');
    await ok(account.signUp(username, 'correct horse'));
    account.signOut();
    const taken = await account.signUp(username.toUpperCase(), 'another one');
    expect(taken).toMatchObject({ ok: false, error: { code: 'CONFLICT', status: 409 } });
    const wrong = await account.signInWithPassword(username, 'wrong horse');
    expect(wrong).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', status: 401 } });
    // Refused on this side, as the server would: no request for a password that is too short.
    const short = await account.signUp(fresh('Cy'), 'short');
    expect(short).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(short.ok || 'status' in short.error).toBe(false);
    expect(sessionStore.getState().token).toBeNull();
  });

  it('turns a guest into an account that keeps its rooms, and signs in to it again with the password', async () => {
    const guest = await ok(account.signIn('Guest'));
    expect(sessionStore.getState().kind).toBe('guest');
    await online();
    const room = await ok(chat.createRoom('kept', 'private'));
    const username = fresh('claimed');
    const claimed = await ok(account.claimAccount(username, 'correct horse'));
    expect(claimed).toEqual({ id: guest.id, nickname: 'Guest', username });
    expect(sessionStore.getState()).toMatchObject({ kind: 'account', user: claimed });
    // The session goes on, still connected.
    await online();
    account.signOut();

    await ok(account.signInWithPassword(username, 'correct horse'));
    await online();
    await waitFor('the guest room on the new session', () => roomsStore.getState().byId[room.id]);
  });
});
