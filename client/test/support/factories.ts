import type { Message, User } from '@tandem/protocol';

export const alice: User = { id: 'u-alice', nickname: 'Alice' };
export const bob: User = { id: 'u-bob', nickname: 'Bob' };

/** A stored message with sensible defaults; `seq` decides id and clientId unless given. */
export function stored(seq: number, overrides: Partial<Message> = {}): Message {
  return {
    id: `m-${seq}`,
    roomId: 'r1',
    seq,
    clientId: `c-${seq}`,
    sender: bob,
    text: `message ${seq}`,
    createdAt: 1_700_000_000_000 + seq * 1000,
    ...overrides,
  };
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}
