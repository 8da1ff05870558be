import * as v from 'valibot';
import { MENTIONS_MAX, MessageSchema, MessageSendRequestSchema, REPLY_EXCERPT_LENGTH, replyExcerpt } from '../src';

const parses = (schema: v.GenericSchema, input: unknown) => v.safeParse(schema, input).success;
const send = { roomId: 'r1', clientId: 'c1', text: 'hi' };

describe('message:send replies and mentions', () => {
  it('takes an optional replyTo message id and a list of mentioned user ids', () => {
    expect(v.parse(MessageSendRequestSchema, { ...send, replyTo: 'm1', mentions: ['u1', 'all'] })).toEqual({
      ...send,
      replyTo: 'm1',
      mentions: ['u1', 'all'],
    });
    expect(v.parse(MessageSendRequestSchema, send)).toEqual(send);
  });

  it('refuses an empty or non-string replyTo and mentions that are not a short list of ids', () => {
    for (const replyTo of ['', 5, null, ['m1'], 'x'.repeat(65)]) {
      expect(parses(MessageSendRequestSchema, { ...send, replyTo })).toBe(false);
    }
    const tooMany = Array.from({ length: MENTIONS_MAX + 1 }, (_, index) => `u${index}`);
    for (const mentions of ['u1', [''], [5], tooMany, { 0: 'u1' }]) {
      expect(parses(MessageSendRequestSchema, { ...send, mentions })).toBe(false);
    }
  });
});

describe('a stored message', () => {
  const message = { id: 'm2', roomId: 'r1', seq: 2, clientId: 'c', sender: { id: 'u', nickname: 'Ann' }, text: 't' };

  it('may carry the quoted message and the mentions', () => {
    const reply = { id: 'm1', seq: 1, sender: { id: 'u2', nickname: 'Bo' }, excerpt: 'hello' };
    expect(parses(MessageSchema, { ...message, createdAt: 1, replyTo: 'm1', reply, mentions: ['u2'] })).toBe(true);
    expect(parses(MessageSchema, { ...message, createdAt: 1, reply: { id: 'm1', seq: 1 } })).toBe(false);
  });
});

describe('replyExcerpt', () => {
  it('folds whitespace and keeps a short text whole', () => {
    expect(replyExcerpt('  one\n\ntwo\tthree ')).toBe('one two three');
  });

  it('cuts a long text by code points, never inside an emoji, and marks the cut', () => {
    const long = '😀'.repeat(REPLY_EXCERPT_LENGTH + 5);
    const excerpt = replyExcerpt(long);
    expect(Array.from(excerpt)).toHaveLength(REPLY_EXCERPT_LENGTH + 1);
    expect(excerpt.endsWith('😀…')).toBe(true);
    expect(replyExcerpt('x'.repeat(REPLY_EXCERPT_LENGTH))).toBe('x'.repeat(REPLY_EXCERPT_LENGTH));
  });
});
