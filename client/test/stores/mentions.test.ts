import { MENTION_ALL } from '@tandem/protocol';
import type { Message } from '@tandem/protocol';
import { createMentionsStore, mentionsUser, unreadMentions } from '../../src/stores/mentions';

const message = (seq: number, mentions?: string[], senderId = 'u2'): Message => ({
  id: `m${seq}`,
  roomId: 'r1',
  seq,
  clientId: `c${seq}`,
  sender: { id: senderId, nickname: 'Bob' },
  text: 'hi',
  createdAt: seq,
  ...(mentions ? { mentions } : {}),
});

describe('the mentions store', () => {
  it('counts the server’s unread mentions until read reaches what they were counted over', () => {
    const store = createMentionsStore();
    store.getState().counted('r1', 2, 10);
    const entry = () => store.getState().byRoom.r1;
    expect(unreadMentions(entry(), 4)).toBe(2);
    expect(unreadMentions(entry(), 10)).toBe(0);
  });

  it('adds others’ live messages that mention the user or everyone, each once, cleared as read passes them', () => {
    const store = createMentionsStore();
    store.getState().counted('r1', 1, 10);
    store.getState().arrived(message(11, ['u1']), 'u1');
    store.getState().arrived(message(11, ['u1']), 'u1');
    store.getState().arrived(message(12, [MENTION_ALL]), 'u1');
    store.getState().arrived(message(13, ['u9']), 'u1');
    store.getState().arrived(message(14), 'u1');
    store.getState().arrived(message(15, ['u1'], 'u1'), 'u1');
    // Older than the server's count (a history page): already counted or read.
    store.getState().arrived(message(9, ['u1']), 'u1');
    const entry = () => store.getState().byRoom.r1;
    expect(entry()?.seqs).toEqual([11, 12]);
    expect(unreadMentions(entry(), 5)).toBe(3);
    expect(unreadMentions(entry(), 11)).toBe(1);
    expect(unreadMentions(entry(), 15)).toBe(0);
  });

  it('keeps live mentions newer than a fresh count and drops the ones it covers', () => {
    const store = createMentionsStore();
    store.getState().arrived(message(3, ['u1']), 'u1');
    store.getState().arrived(message(6, ['u1']), 'u1');
    store.getState().counted('r1', 1, 4);
    expect(store.getState().byRoom.r1).toEqual({ count: 1, upTo: 4, seqs: [6] });
    store.getState().reset();
    expect(unreadMentions(store.getState().byRoom.r1, 0)).toBe(0);
  });
});

describe('mentionsUser', () => {
  it('is true for the user’s id or everyone, never without a user', () => {
    expect(mentionsUser({ mentions: ['u1'] }, 'u1')).toBe(true);
    expect(mentionsUser({ mentions: [MENTION_ALL] }, 'u1')).toBe(true);
    expect(mentionsUser({ mentions: ['u2'] }, 'u1')).toBe(false);
    expect(mentionsUser({}, 'u1')).toBe(false);
    expect(mentionsUser({ mentions: [MENTION_ALL] }, null)).toBe(false);
  });
});
