import * as v from 'valibot';
import {
  MessageSendRequestSchema,
  RoomCreateRequestSchema,
  RoomJoinRequestSchema,
  SessionRequestSchema,
  WechatSessionRequestSchema,
  isWellFormedText,
  wellFormedString,
} from '../src';

const HIGH = '\ud83d';
const LOW = '\ude00';
const parses = (schema: v.GenericSchema, input: unknown) => v.safeParse(schema, input).success;

describe('isWellFormedText', () => {
  it('refuses a lone high or low surrogate at the start, in the middle and at the end', () => {
    for (const surrogate of [HIGH, LOW]) {
      for (const text of [`${surrogate}ab`, `a${surrogate}b`, `ab${surrogate}`, surrogate]) {
        expect(isWellFormedText(text)).toBe(false);
      }
    }
  });

  it('refuses a low surrogate before a high one and a run of 4,000 lone surrogates', () => {
    expect(isWellFormedText(`${LOW}${HIGH}`)).toBe(false);
    expect(isWellFormedText(HIGH.repeat(4000))).toBe(false);
    expect(isWellFormedText(LOW.repeat(4000))).toBe(false);
  });

  it('accepts pairs, astral characters, NUL, bidi marks and combining marks', () => {
    for (const text of ['', '😀', `${HIGH}${LOW}`, '𠀀'.repeat(100), 'a\u0000b', '\u200f\u202e', 'e\u0301', '你好']) {
      expect(isWellFormedText(text)).toBe(true);
    }
  });

  it('agrees with String.prototype.isWellFormed (Node has it; some mini program runtimes do not)', () => {
    const samples = ['a', HIGH, LOW, `${HIGH}${LOW}`, `${LOW}${HIGH}`, `x${HIGH}${HIGH}${LOW}`, '\udbff\udfff'];
    const native = (text: string) => (text as string & { isWellFormed(): boolean }).isWellFormed();
    for (const text of samples) expect(isWellFormedText(text)).toBe(native(text));
  });
});

describe('schemas that carry text', () => {
  it('refuse lone surrogates in message text, clientId, ids, room names and nicknames', () => {
    expect(parses(MessageSendRequestSchema, { roomId: 'r', clientId: 'c', text: `hi${HIGH}` })).toBe(false);
    expect(parses(MessageSendRequestSchema, { roomId: 'r', clientId: `c${LOW}`, text: 'hi' })).toBe(false);
    expect(parses(MessageSendRequestSchema, { roomId: `r${HIGH}`, clientId: 'c', text: 'hi' })).toBe(false);
    expect(parses(RoomJoinRequestSchema, { roomId: LOW })).toBe(false);
    expect(parses(RoomCreateRequestSchema, { name: `${HIGH} room` })).toBe(false);
    expect(parses(SessionRequestSchema, { nickname: `Ann${LOW}` })).toBe(false);
    expect(parses(WechatSessionRequestSchema, { code: 'c', nickname: `${HIGH}` })).toBe(false);
  });

  it('keep well-formed text exactly, NUL, bidi and combining marks included', () => {
    const text = '😀 𠀀 a\u0000b \u200f\u202e e\u0301';
    expect(v.parse(MessageSendRequestSchema, { roomId: 'r', clientId: 'c', text })).toEqual({
      roomId: 'r',
      clientId: 'c',
      text,
    });
    expect(v.parse(wellFormedString(), text)).toBe(text);
  });
});
