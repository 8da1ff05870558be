import * as v from 'valibot';
import { PresenceChangeSchema, SESSION_END_REASONS, SessionEndedSchema, serverEvents } from '../src';

const ann = { id: 'u1', nickname: 'Ann' };

describe('presence:changed', () => {
  it('carries the users who came and the ids of those who went', () => {
    const change = { roomId: 'r1', came: [ann], went: ['u2'] };
    expect(v.parse(PresenceChangeSchema, change)).toEqual(change);
    expect(v.is(serverEvents['presence:changed'], change)).toBe(true);
  });

  it('refuses a change without both lists or with users where ids belong', () => {
    expect(v.is(PresenceChangeSchema, { roomId: 'r1', came: [ann] })).toBe(false);
    expect(v.is(PresenceChangeSchema, { roomId: 'r1', came: [], went: [ann] })).toBe(false);
    expect(v.is(PresenceChangeSchema, { roomId: 'r1', came: ['u1'], went: [] })).toBe(false);
  });
});

describe('session:ended', () => {
  it('names why the session ended: the token expired or the user signed out', () => {
    expect(SESSION_END_REASONS).toEqual(['token_expired', 'signed_out']);
    for (const reason of SESSION_END_REASONS) expect(v.is(SessionEndedSchema, { reason })).toBe(true);
    expect(v.is(serverEvents['session:ended'], { reason: 'kicked' })).toBe(false);
  });
});
