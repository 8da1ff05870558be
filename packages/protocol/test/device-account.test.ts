import * as v from 'valibot';
import { DeviceSessionRequestSchema } from '../src';

const parses = (input: unknown) => v.safeParse(DeviceSessionRequestSchema, input).success;
const CREDENTIAL = '0123456789abcdef'.repeat(4);

describe('device sign-in requests', () => {
  it('accept a credential of exactly 64 lowercase hex characters, with or without a nickname', () => {
    expect(parses({ credential: CREDENTIAL })).toBe(true);
    expect(parses({ credential: CREDENTIAL, nickname: ' 安 ', device: 'iPhone' })).toBe(true);
  });

  it('refuse a credential of another length, case or alphabet, and an empty nickname', () => {
    for (const credential of [
      CREDENTIAL.slice(1),
      `${CREDENTIAL}0`,
      CREDENTIAL.toUpperCase(),
      `${CREDENTIAL.slice(1)}g`,
      `${CREDENTIAL.slice(1)}-`,
      `${CREDENTIAL.slice(1)}\n`,
      '',
      42,
    ]) {
      expect(parses({ credential })).toBe(false);
    }
    expect(parses({})).toBe(false);
    expect(parses({ credential: CREDENTIAL, nickname: '  ' })).toBe(false);
  });
});
