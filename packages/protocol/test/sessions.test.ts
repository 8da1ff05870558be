import * as v from 'valibot';
import {
  AccountRequestSchema,
  PasswordSessionRequestSchema,
  SessionIdSchema,
  SessionListResponseSchema,
  SessionRequestSchema,
  WechatSessionRequestSchema,
  sessionSignOutPath,
} from '../src';

describe('devices and sessions', () => {
  it('take an optional device label on every sign-in body, trimmed, at most 64 characters', () => {
    const bodies: [v.GenericSchema, object][] = [
      [SessionRequestSchema, { nickname: 'Ann' }],
      [WechatSessionRequestSchema, { code: 'c' }],
      [AccountRequestSchema, { username: 'ann', password: 'correct horse' }],
      [PasswordSessionRequestSchema, { username: 'ann', password: 'x' }],
    ];
    for (const [schema, body] of bodies) {
      expect(v.safeParse(schema, body).success).toBe(true);
      expect((v.parse(schema, { ...body, device: '  Pixel 8  ' }) as { device: string }).device).toBe('Pixel 8');
      expect(v.safeParse(schema, { ...body, device: 'x'.repeat(64) }).success).toBe(true);
      expect(v.safeParse(schema, { ...body, device: 'x'.repeat(65) }).success).toBe(false);
      expect(v.safeParse(schema, { ...body, device: '   ' }).success).toBe(false);
    }
  });

  it('describe a session list and accept only url-safe session ids', () => {
    const session = { id: 's', device: 'WeChat', createdAt: 1, lastSeenAt: 2, address: '::1', current: true };
    expect(v.safeParse(SessionListResponseSchema, { sessions: [session] }).success).toBe(true);
    expect(v.safeParse(SessionListResponseSchema, { sessions: [{ ...session, current: 'yes' }] }).success).toBe(false);
    expect(v.safeParse(SessionIdSchema, 'AbC_-09').success).toBe(true);
    expect(v.safeParse(SessionIdSchema, 'a/b').success).toBe(false);
    expect(v.safeParse(SessionIdSchema, '').success).toBe(false);
    expect(sessionSignOutPath('a b')).toBe('/api/sessions/a%20b/signout');
  });
});
