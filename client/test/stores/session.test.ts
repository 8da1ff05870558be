import { createSessionStore, validToken } from '../../src/stores/session';
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

  it('keeps a draft per room and drops an emptied one', () => {
    const storage = memoryStorage();
    const drafts = createDraftsStore(storage);
    drafts.getState().setDraft('r1', 'hel');
    drafts.getState().setDraft('r2', 'x');
    drafts.getState().setDraft('r2', '');
    expect(createDraftsStore(storage).getState().byRoom).toEqual({ r1: 'hel' });
  });
});
