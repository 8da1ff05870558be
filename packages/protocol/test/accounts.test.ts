import * as v from 'valibot';
import {
  AccountRequestSchema,
  ClaimAccountRequestSchema,
  ERROR_CODES,
  PasswordSessionRequestSchema,
  SessionResponseSchema,
} from '../src';

const parses = (schema: v.GenericSchema, input: unknown) => v.safeParse(schema, input).success;

describe('account requests', () => {
  it('accept usernames of 3-32 letters, digits, underscores, dots and hyphens', () => {
    for (const username of ['ann', 'Ann_Lee', 'a.b-c', '0123456789', 'x'.repeat(32)]) {
      expect(parses(AccountRequestSchema, { username, password: 'correct horse' })).toBe(true);
    }
    for (const username of ['ab', 'x'.repeat(33), 'ann lee', 'ann@home', '张三丰', 'ann\n', '', 42]) {
      expect(parses(AccountRequestSchema, { username, password: 'correct horse' })).toBe(false);
    }
  });

  it('count password length in characters, 8 to 128, and refuse lone surrogates', () => {
    const ok = (password: string) => parses(AccountRequestSchema, { username: 'ann', password });
    expect(ok('12345678')).toBe(true);
    expect(ok('1234567')).toBe(false);
    // Eight emoji are sixteen UTF-16 units and eight characters; seven are too short.
    expect(ok('😀'.repeat(8))).toBe(true);
    expect(ok('😀'.repeat(7))).toBe(false);
    expect(ok('密'.repeat(128))).toBe(true);
    expect(ok('密'.repeat(129))).toBe(false);
    expect(ok('password\ud800')).toBe(false);
  });

  it('take an optional nickname, trimmed', () => {
    const parsed = v.parse(AccountRequestSchema, { username: 'ann', password: 'correct horse', nickname: '  安 ' });
    expect(parsed.nickname).toBe('安');
    expect(parses(AccountRequestSchema, { username: 'ann', password: 'correct horse', nickname: '   ' })).toBe(false);
  });

  it('check only the shape of a password sign-in, so any wrong pair gets the same answer', () => {
    expect(parses(PasswordSessionRequestSchema, { username: 'no such user!', password: 'x' })).toBe(true);
    expect(parses(PasswordSessionRequestSchema, { username: '', password: 'x' })).toBe(false);
    expect(parses(PasswordSessionRequestSchema, { username: 'ann' })).toBe(false);
    expect(parses(PasswordSessionRequestSchema, { username: 'ann', password: 'x'.repeat(513) })).toBe(false);
  });

  it('validate a claim like a new account', () => {
    expect(parses(ClaimAccountRequestSchema, { username: 'ann', password: 'correct horse' })).toBe(true);
    expect(parses(ClaimAccountRequestSchema, { username: 'a', password: 'correct horse' })).toBe(false);
  });

  it('carry the username in a session answer only when there is one', () => {
    const base = { token: 't', expiresAt: 1 };
    expect(parses(SessionResponseSchema, { ...base, user: { id: 'u', nickname: 'Ann', username: 'ann' } })).toBe(true);
    expect(parses(SessionResponseSchema, { ...base, user: { id: 'u', nickname: 'Ann' } })).toBe(true);
  });

  it('add CONFLICT to the closed error codes', () => {
    expect(ERROR_CODES).toContain('CONFLICT');
  });
});
