import * as v from 'valibot';
import { DmOpenRequestSchema, RoomSchema, requests, serverEvents } from '../src';

const parses = (schema: v.GenericSchema, value: unknown) => v.safeParse(schema, value).success;
const room = {
  id: 'r1',
  name: 'Ann, Bob',
  visibility: 'private',
  memberCount: 2,
  onlineCount: 1,
  lastSeq: 0,
  createdAt: 1,
  ownerId: 'u1',
};
const ann = { id: 'u1', nickname: 'Ann' };
const bob = { id: 'u2', nickname: 'Bob' };

describe('direct conversations', () => {
  it('dm:open takes the other person’s id or username, one of them', () => {
    expect(parses(DmOpenRequestSchema, { userId: 'u2' })).toBe(true);
    expect(parses(DmOpenRequestSchema, { userId: '' })).toBe(false);
    expect(parses(DmOpenRequestSchema, { user: 'u2' })).toBe(false);
    expect(parses(DmOpenRequestSchema, { username: 'Bob.Smith' })).toBe(true);
    expect(parses(DmOpenRequestSchema, { username: 'Bob.Smith', userId: 'u2' })).toBe(false);
    expect(parses(DmOpenRequestSchema, {})).toBe(false);
    expect(requests['dm:open'].payload).toBe(DmOpenRequestSchema);
  });

  it('a room may name its two people, and room:added carries a room', () => {
    expect(parses(RoomSchema, { ...room, direct: [ann, bob] })).toBe(true);
    expect(parses(RoomSchema, room)).toBe(true);
    expect(parses(RoomSchema, { ...room, direct: [{ id: 'u1' }] })).toBe(false);
    expect(parses(requests['dm:open'].result, { room: { ...room, direct: [ann, bob] } })).toBe(true);
    expect(parses(serverEvents['room:added'], { room })).toBe(true);
    expect(parses(serverEvents['room:added'], { roomId: 'r1' })).toBe(false);
  });
});
