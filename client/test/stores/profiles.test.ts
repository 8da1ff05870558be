import { createPresenceStore } from '../../src/stores/presence';
import { createProfilesStore } from '../../src/stores/profiles';
import { createSessionStore } from '../../src/stores/session';

const ann = { id: 'u-ann', nickname: 'Ann' };
const ben = { id: 'u-ben', nickname: 'Ben' };
const annWithAvatar = { ...ann, nickname: 'Ann Lee', avatar: '/api/avatars/u-ann?v=2' };

describe('profile changes in the stores', () => {
  it('keeps the newest profile per user, and forgets them all on reset', () => {
    const store = createProfilesStore();
    store.getState().updated({ ...ann, nickname: 'first' });
    store.getState().updated(annWithAvatar);
    expect(store.getState().byId).toEqual({ [ann.id]: annWithAvatar });
    store.getState().reset();
    expect(store.getState().byId).toEqual({});
  });

  it('replaces the user in every member and online list that holds it, and leaves the others as they were', () => {
    const store = createPresenceStore();
    store.getState().joined('r1', [ann, ben], [ann]);
    store.getState().joined('r2', [ben], [ben]);
    const untouched = store.getState().members.r2;
    store.getState().userUpdated(annWithAvatar);
    expect(store.getState().members.r1).toEqual([annWithAvatar, ben]);
    expect(store.getState().online.r1).toEqual([annWithAvatar]);
    expect(store.getState().members.r2).toBe(untouched);
  });

  it('takes the own user’s new name and avatar, keeps its username, and ignores other users', () => {
    const store = createSessionStore();
    store.getState().signedIn({ token: 't', user: { ...ann, username: 'ann.lee' }, expiresAt: 2000 }, 1000, 'account');
    store.getState().profileChanged(ben);
    expect(store.getState().user).toEqual({ ...ann, username: 'ann.lee' });
    store.getState().profileChanged(annWithAvatar);
    expect(store.getState().user).toEqual({ ...annWithAvatar, username: 'ann.lee' });
  });
});
