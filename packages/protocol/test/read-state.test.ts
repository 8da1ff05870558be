import * as v from 'valibot';
import { ReadMarkRequestSchema, RoomListResultSchema, RoomJoinResultSchema, requests, serverEvents } from '../src';

const parses = (schema: v.GenericSchema, input: unknown) => v.safeParse(schema, input).success;

const room = {
  id: 'r1',
  name: 'General',
  visibility: 'public',
  memberCount: 2,
  onlineCount: 1,
  lastSeq: 5,
  createdAt: 1,
  ownerId: 'u1',
};

describe('read:mark', () => {
  it('takes a room id and a non-negative integer seq, dropping unknown keys', () => {
    expect(v.parse(ReadMarkRequestSchema, { roomId: 'r1', seq: 3, extra: true })).toEqual({ roomId: 'r1', seq: 3 });
    expect(parses(requests['read:mark'].payload, { roomId: 'r1', seq: 0 })).toBe(true);
  });

  it('refuses a missing, negative, fractional or non-number seq and an empty room id', () => {
    for (const seq of [undefined, -1, 1.5, '3', Number.NaN, Number.MAX_SAFE_INTEGER + 2]) {
      expect(parses(ReadMarkRequestSchema, { roomId: 'r1', seq })).toBe(false);
    }
    expect(parses(ReadMarkRequestSchema, { roomId: '', seq: 1 })).toBe(false);
    expect(parses(ReadMarkRequestSchema, { seq: 1 })).toBe(false);
  });

  it('answers the read seq now stored', () => {
    expect(parses(requests['read:mark'].result, { readSeq: 4 })).toBe(true);
    expect(parses(requests['read:mark'].result, {})).toBe(false);
  });
});

describe('read:updated', () => {
  it('carries the room and its new read seq', () => {
    expect(parses(serverEvents['read:updated'], { roomId: 'r1', readSeq: 4 })).toBe(true);
    expect(parses(serverEvents['read:updated'], { roomId: 'r1', seq: 4 })).toBe(false);
  });
});

describe('read state in room facts', () => {
  it('every room:list entry carries unread and readSeq', () => {
    const item = { ...room, joined: true, readSeq: 3, unread: 2, mentions: 1 };
    expect(parses(RoomListResultSchema, { rooms: [item] })).toBe(true);
    expect(parses(RoomListResultSchema, { rooms: [{ ...room, joined: true }] })).toBe(false);
  });

  it('the room of a room:join ack carries the joining user’s unread and readSeq', () => {
    const ack = { members: [], online: [], messages: [], hasMore: false };
    expect(parses(RoomJoinResultSchema, { ...ack, room: { ...room, readSeq: 5, unread: 0, mentions: 0 } })).toBe(true);
    expect(parses(RoomJoinResultSchema, { ...ack, room })).toBe(false);
  });
});
