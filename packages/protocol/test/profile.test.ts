import * as v from 'valibot';
import { ProfileRequestSchema, ProfileResponseSchema, avatarUrl, serverEvents } from '../src';

const parses = (schema: v.GenericSchema, input: unknown) => v.safeParse(schema, input).success;

describe('profile', () => {
  it('takes a trimmed display name of 1 to 32 characters', () => {
    expect(v.parse(ProfileRequestSchema, { nickname: '  安娜  ' })).toEqual({ nickname: '安娜' });
    for (const nickname of ['', '   ', 'x'.repeat(33), 7, '\ud800']) {
      expect(parses(ProfileRequestSchema, { nickname })).toBe(false);
    }
  });

  it('answers the user with an optional avatar URL, and names each version of an avatar by its own URL', () => {
    expect(parses(ProfileResponseSchema, { user: { id: 'u', nickname: 'Ann' } })).toBe(true);
    expect(parses(ProfileResponseSchema, { user: { id: 'u', nickname: 'Ann', avatar: avatarUrl('u', 2) } })).toBe(true);
    expect(avatarUrl('a/b', 3)).toBe('/api/avatars/a%2Fb?v=3');
    expect(avatarUrl('u', 3)).not.toBe(avatarUrl('u', 4));
  });

  it('checks user:updated: a user with its name, and an avatar only as a string', () => {
    expect(parses(serverEvents['user:updated'], { user: { id: 'u', nickname: 'Ann' } })).toBe(true);
    expect(parses(serverEvents['user:updated'], { user: { id: 'u', nickname: 'Ann', avatar: 3 } })).toBe(false);
  });
});
