import {
  emptyRoom,
  findGap,
  fromServer,
  mergeServerMessages,
  messageKey,
  putLocalMessage,
  recentStored,
} from '../../src/stores/message-merge';
import type { ChatMessage, RoomMessages } from '../../src/stores/message-merge';
import { alice, bob, range, stored } from '../support/factories';

function pending(clientId: string, createdAt: number): ChatMessage {
  return {
    key: messageKey(alice.id, clientId),
    roomId: 'r1',
    clientId,
    sender: alice,
    text: `draft ${clientId}`,
    createdAt,
    status: 'pending',
    id: null,
    seq: null,
  };
}

const seqsOf = (room: RoomMessages) => room.keys.map((key) => room.byKey[key]?.seq ?? null);

describe('message merge', () => {
  it('orders messages by seq whatever order they arrive in', () => {
    const room = mergeServerMessages(emptyRoom, [stored(3), stored(1), stored(2)]);
    expect(seqsOf(room)).toEqual([1, 2, 3]);
  });

  it('keeps one copy when the same message is delivered twice', () => {
    const once = mergeServerMessages(emptyRoom, [stored(1), stored(2)]);
    const twice = mergeServerMessages(once, [stored(2), stored(1)]);
    expect(twice.keys).toHaveLength(2);
    expect(twice).toBe(once);
  });

  it('turns the own optimistic copy into the stored message in place', () => {
    const withPending = putLocalMessage(mergeServerMessages(emptyRoom, [stored(1)]), pending('mine', 5));
    const acked = mergeServerMessages(withPending, [stored(2, { clientId: 'mine', sender: alice, id: 'm-mine' })]);
    expect(acked.keys).toEqual([messageKey(bob.id, 'c-1'), messageKey(alice.id, 'mine')]);
    expect(acked.byKey[messageKey(alice.id, 'mine')]).toMatchObject({ status: 'sent', seq: 2, id: 'm-mine' });
  });

  it('keeps two senders apart when they happen to choose the same clientId', () => {
    const room = mergeServerMessages(emptyRoom, [
      stored(1, { clientId: 'same', sender: alice }),
      stored(2, { clientId: 'same', id: 'm-2' }),
    ]);
    expect(room.keys).toHaveLength(2);
  });

  it('lists unsent messages after the stored ones, in compose order', () => {
    let room = mergeServerMessages(emptyRoom, [stored(1)]);
    room = putLocalMessage(room, pending('b', 20));
    room = putLocalMessage(room, pending('a', 10));
    room = mergeServerMessages(room, [stored(2)]);
    expect(room.keys).toEqual([
      messageKey(bob.id, 'c-1'),
      messageKey(bob.id, 'c-2'),
      messageKey(alice.id, 'a'),
      messageKey(alice.id, 'b'),
    ]);
  });

  it('does not let a late local status overwrite a stored message', () => {
    const acked = mergeServerMessages(emptyRoom, [stored(1, { clientId: 'mine', sender: alice })]);
    const late = putLocalMessage(acked, { ...pending('mine', 5), status: 'failed' });
    expect(late).toBe(acked);
  });

  it('tracks the highest contiguous seq and the oldest held one', () => {
    const room = mergeServerMessages(emptyRoom, [...range(41, 50).map((seq) => stored(seq)), stored(53)]);
    expect(room.oldestSeq).toBe(41);
    expect(room.contiguousSeq).toBe(50);
  });

  it('finds the gap a skipped seq leaves and none once it is filled', () => {
    const withGap = mergeServerMessages(emptyRoom, [stored(1), stored(2), stored(5)]);
    expect(findGap(withGap)).toEqual({ afterSeq: 2, beforeSeq: 5 });
    const filled = mergeServerMessages(withGap, [stored(3), stored(4)]);
    expect(findGap(filled)).toBeNull();
    expect(filled.contiguousSeq).toBe(5);
  });

  it('sees no gap in a latest page that starts above seq 1', () => {
    const room = mergeServerMessages(
      emptyRoom,
      range(951, 1000).map((seq) => stored(seq)),
    );
    expect(findGap(room)).toBeNull();
    expect(room.contiguousSeq).toBe(1000);
  });

  it('keeps only the newest stored messages for disk, without unsent ones', () => {
    let room = mergeServerMessages(
      emptyRoom,
      range(1, 10).map((seq) => stored(seq)),
    );
    room = putLocalMessage(room, pending('p', 1));
    const kept = recentStored(room, 3);
    expect(kept.map((message) => message.seq)).toEqual([8, 9, 10]);
    expect(kept[0]).toEqual(stored(8));
  });

  it('derives the key from sender and clientId', () => {
    expect(fromServer(stored(1)).key).toBe(`${bob.id}:c-1`);
  });
});
