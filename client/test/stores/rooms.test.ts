import type { Room } from '@tandem/protocol';
import { createRoomsStore, sortedRooms, unreadCount } from '../../src/stores/rooms';
import { memoryStorage } from '../support/memory-storage';
import { alice, stored } from '../support/factories';

function room(id: string, overrides: Partial<Room> = {}): Room {
  const base = { id, name: id, visibility: 'public' as const, memberCount: 1, onlineCount: 1, lastSeq: 0 };
  return { ...base, createdAt: 1, ownerId: 'u-owner', ...overrides };
}

describe('rooms store', () => {
  it('counts messages after the last read one as unread, and none once read', () => {
    const store = createRoomsStore(memoryStorage());
    store.getState().joined(room('r1', { lastSeq: 10 }));
    expect(unreadCount(store.getState(), 'r1')).toBe(0);
    store.getState().messageArrived(stored(11), false);
    store.getState().messageArrived(stored(12), false);
    expect(unreadCount(store.getState(), 'r1')).toBe(2);
    store.getState().setActive('r1');
    expect(unreadCount(store.getState(), 'r1')).toBe(0);
  });

  it('drops a private room from the list once left, and keeps a public one listed', () => {
    const store = createRoomsStore(memoryStorage());
    store.getState().joined(room('open'));
    store.getState().joined(room('secret', { visibility: 'private' }));
    store.getState().left('open');
    store.getState().left('secret');
    expect(Object.keys(store.getState().byId)).toEqual(['open']);
    expect(store.getState().joinedIds).toEqual([]);
  });

  it('does not count messages in the room on screen or the own ones', () => {
    const store = createRoomsStore(memoryStorage());
    store.getState().joined(room('r1'));
    store.getState().messageArrived(stored(1, { sender: alice }), true);
    expect(unreadCount(store.getState(), 'r1')).toBe(0);
    store.getState().setActive('r1');
    store.getState().messageArrived(stored(2), false);
    expect(unreadCount(store.getState(), 'r1')).toBe(0);
  });

  it('keeps the newer last message when an older summary arrives', () => {
    const store = createRoomsStore(memoryStorage());
    store.getState().joined(room('r1', { lastSeq: 1 }));
    store.getState().messageArrived(stored(5), false);
    store.getState().listed([room('r1', { lastSeq: 3, onlineCount: 4 })]);
    expect(store.getState().byId.r1).toMatchObject({ lastSeq: 5, onlineCount: 4, lastMessage: stored(5) });
  });

  it('persists joined rooms and read positions across a restart', () => {
    const storage = memoryStorage();
    const before = createRoomsStore(storage);
    before.getState().joined(room('r1', { lastSeq: 4 }));
    before.getState().setActive('r1');
    const after = createRoomsStore(storage).getState();
    expect(after.joinedIds).toEqual(['r1']);
    expect(after.lastReadSeq.r1).toBe(4);
    expect(after.activeRoomId).toBeNull();
  });

  it('lists joined rooms first, most recent activity first', () => {
    const store = createRoomsStore(memoryStorage());
    store.getState().listed([room('old', { createdAt: 1 }), room('new', { createdAt: 5 })]);
    store.getState().joined(room('mine', { createdAt: 0 }));
    expect(sortedRooms(store.getState()).map((listed) => listed.id)).toEqual(['mine', 'new', 'old']);
  });

  it('takes the read seq the server holds from room:list and joins, for joined rooms only, never going back', () => {
    const store = createRoomsStore(memoryStorage());
    store.getState().joined({ ...room('r1', { lastSeq: 9 }), readSeq: 4, unread: 5 });
    expect(unreadCount(store.getState(), 'r1')).toBe(5);
    expect(store.getState().byId.r1).not.toHaveProperty('unread');
    store.getState().listed([
      { ...room('r1', { lastSeq: 9 }), readSeq: 7, unread: 2 },
      { ...room('r2', { lastSeq: 3 }), readSeq: 0, unread: 0 },
    ]);
    expect(unreadCount(store.getState(), 'r1')).toBe(2);
    expect(store.getState().serverReadSeq).toEqual({ r1: 7 });
    store.getState().readOnServer('r1', 5);
    store.getState().readOnServer('r2', 3);
    expect(store.getState().lastReadSeq).toEqual({ r1: 7 });
    store.getState().readOnServer('r1', 9);
    expect(unreadCount(store.getState(), 'r1')).toBe(0);
    store.getState().left('r1');
    expect(store.getState()).toMatchObject({ lastReadSeq: {}, serverReadSeq: {} });
  });

  it('reads the open room only while it follows its newest messages and the app is in the foreground', () => {
    const store = createRoomsStore(memoryStorage());
    store.getState().joined(room('r1'));
    store.getState().setActive('r1');
    store.getState().setFollowing(false);
    store.getState().messageArrived(stored(1), false);
    expect(unreadCount(store.getState(), 'r1')).toBe(1);
    store.getState().setFollowing(true);
    expect(unreadCount(store.getState(), 'r1')).toBe(0);
    store.getState().setForeground(false);
    store.getState().messageArrived(stored(2), false);
    expect(unreadCount(store.getState(), 'r1')).toBe(1);
    store.getState().setForeground(true);
    expect(unreadCount(store.getState(), 'r1')).toBe(0);
  });

  it('counts an own message as read on the server too, earlier ones included', () => {
    const store = createRoomsStore(memoryStorage());
    store.getState().joined({ ...room('r1'), readSeq: 0, unread: 0 });
    store.getState().messageArrived(stored(1), false);
    store.getState().messageArrived(stored(2, { sender: alice }), true);
    expect(unreadCount(store.getState(), 'r1')).toBe(0);
    expect(store.getState().serverReadSeq.r1).toBe(2);
  });
});
