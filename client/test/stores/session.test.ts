import { createSessionStore, refreshDueAt, validToken } from '../../src/stores/session';
import { storageKeys } from '../../src/stores/persist';
import { createDraftsStore } from '../../src/stores/drafts';
import { memoryStorage } from '../support/memory-storage';
import { alice } from '../support/factories';

describe('session and drafts stores', () => {
  it('keeps the session across a restart until signed out', () => {
    const storage = memoryStorage();
    createSessionStore(storage).getState().signedIn({ token: 't', user: alice, expiresAt: 2000 });
    const reloaded = createSessionStore(storage);
    expect(reloaded.getState()).toMatchObject({ token: 't', user: alice, expiresAt: 2000 });
    reloaded.getState().signedOut();
    expect(createSessionStore(storage).getState().token).toBeNull();
  });

  it('treats an expired token as no token', () => {
    expect(validToken({ token: 't', expiresAt: 1000 }, 999)).toBe('t');
    expect(validToken({ token: 't', expiresAt: 1000 }, 1000)).toBeNull();
  });

  it('renews at half the lifetime, and at once when the age of the token is unknown', () => {
    expect(refreshDueAt({ issuedAt: 1000, expiresAt: 3000 })).toBe(2000);
    expect(refreshDueAt({ issuedAt: null, expiresAt: 3000 })).toBe(0);
  });

  it('reads a session stored before tokens were renewed as one of unknown age', () => {
    const storage = memoryStorage();
    const v1 = { state: { token: 't', user: alice, expiresAt: 2000 }, version: 1 };
    storage.setItem(storageKeys.session, JSON.stringify(v1));
    expect(createSessionStore(storage).getState()).toMatchObject({
      token: 't',
      issuedAt: null,
      pendingInvite: null,
    });
  });

  it('keeps a pending invite through a restart and a sign-out, until its room is joined or refuses it', () => {
    const storage = memoryStorage();
    const session = createSessionStore(storage);
    session.getState().inviteReceived({ roomId: 'r1', code: 'c1' });
    expect(createSessionStore(storage).getState().pendingInvite).toEqual({ roomId: 'r1', code: 'c1' });
    session.getState().signedOut();
    session.getState().inviteSettled('r2', null);
    expect(session.getState().pendingInvite).toEqual({ roomId: 'r1', code: 'c1' });
    session.getState().inviteSettled('r1', 'FORBIDDEN');
    expect(session.getState()).toMatchObject({
      pendingInvite: null,
      inviteFailure: { roomId: 'r1', code: 'FORBIDDEN' },
    });
  });

  it('keeps a draft per room and drops an emptied one', () => {
    const storage = memoryStorage();
    const drafts = createDraftsStore(storage);
    drafts.getState().setDraft('r1', 'hel');
    drafts.getState().setDraft('r2', 'x');
    drafts.getState().setDraft('r2', '');
    expect(createDraftsStore(storage).getState().byRoom).toEqual({ r1: 'hel' });
  });
});
