import * as v from 'valibot';
import { REPORT_REASON_MAX_LENGTH, ROOM_REMOVED_REASONS, RoomSchema, requests, serverEvents } from '../src';

const parses = (schema: v.GenericSchema, value: unknown) => v.safeParse(schema, value).success;
const room = {
  id: 'r1',
  name: 'Lobby',
  visibility: 'public',
  memberCount: 2,
  onlineCount: 1,
  lastSeq: 0,
  createdAt: 1,
  ownerId: 'u1',
};
const ann = { id: 'u1', nickname: 'Ann' };

describe('owners and safety', () => {
  it('a room names its owner', () => {
    expect(parses(RoomSchema, room)).toBe(true);
    const { ownerId: _ownerId, ...withoutOwner } = room;
    expect(parses(RoomSchema, withoutOwner)).toBe(false);
  });

  it('room:rename takes a trimmed, non-empty name and answers the room', () => {
    const payload = requests['room:rename'].payload;
    expect(v.parse(payload, { roomId: 'r1', name: '  Hall ' })).toEqual({ roomId: 'r1', name: 'Hall' });
    expect(parses(payload, { roomId: 'r1', name: '   ' })).toBe(false);
    expect(parses(requests['room:rename'].result, { room })).toBe(true);
  });

  it.each(['room:kick', 'room:ban', 'room:unban', 'room:transfer'] as const)(
    '%s names a room and a person',
    (event) => {
      expect(parses(requests[event].payload, { roomId: 'r1', userId: 'u2' })).toBe(true);
      expect(parses(requests[event].payload, { roomId: 'r1' })).toBe(false);
      expect(parses(requests[event].payload, { roomId: 'r1', userId: '' })).toBe(false);
    },
  );

  it('blocking answers the block list', () => {
    expect(parses(requests['user:block'].payload, { userId: 'u2' })).toBe(true);
    expect(parses(requests['user:unblock'].payload, {})).toBe(false);
    expect(v.parse(requests['user:blocks'].payload, undefined)).toEqual({});
    expect(parses(requests['user:blocks'].result, { users: [ann] })).toBe(true);
    expect(parses(serverEvents['blocks:updated'], { users: [ann] })).toBe(true);
    expect(parses(serverEvents['blocks:updated'], { users: ['u1'] })).toBe(false);
  });

  it('message:report takes an optional reason up to its limit', () => {
    const payload = requests['message:report'].payload;
    expect(parses(payload, { roomId: 'r1', messageId: 'm1' })).toBe(true);
    expect(v.parse(payload, { roomId: 'r1', messageId: 'm1', reason: ' spam ' })).toMatchObject({ reason: 'spam' });
    expect(parses(payload, { roomId: 'r1', messageId: 'm1', reason: 'x'.repeat(REPORT_REASON_MAX_LENGTH + 1) })).toBe(
      false,
    );
    expect(parses(requests['message:report'].result, { reportId: 'p1' })).toBe(true);
  });

  it('room:updated carries the room and room:removed says why', () => {
    expect(parses(serverEvents['room:updated'], { room })).toBe(true);
    expect(ROOM_REMOVED_REASONS).toEqual(['kicked', 'banned']);
    expect(parses(serverEvents['room:removed'], { roomId: 'r1', reason: 'banned' })).toBe(true);
    expect(parses(serverEvents['room:removed'], { roomId: 'r1', reason: 'left' })).toBe(false);
  });
});
