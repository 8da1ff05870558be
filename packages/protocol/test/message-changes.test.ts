import * as v from 'valibot';
import { MESSAGE_TEXT_MAX_LENGTH, MessageSchema, requests, serverEvents } from '../src';

const message = { id: 'm', roomId: 'r', seq: 1, clientId: 'c', sender: { id: 'u', nickname: 'Ann' }, text: '' };

describe('message changes', () => {
  it('describes a tombstone: state, the changeSeq it was changed at, and no text', () => {
    const tombstone = { ...message, createdAt: 1, state: 'recalled', changeSeq: 3 };
    expect(v.is(MessageSchema, tombstone)).toBe(true);
    expect(v.is(MessageSchema, { ...tombstone, state: 'hidden' })).toBe(false);
    expect(v.is(serverEvents['message:updated'], { message: { ...tombstone, state: 'deleted' } })).toBe(true);
    expect(v.is(serverEvents['message:updated'], tombstone)).toBe(false);
  });

  it('message:edit trims the text and applies the message:send limits', () => {
    const schema = requests['message:edit'].payload;
    expect(v.parse(schema, { roomId: 'r', messageId: 'm', text: '  hi ' })).toEqual({
      roomId: 'r',
      messageId: 'm',
      text: 'hi',
    });
    expect(v.is(schema, { roomId: 'r', messageId: 'm', text: '   ' })).toBe(false);
    expect(v.is(schema, { roomId: 'r', messageId: 'm', text: 'x'.repeat(MESSAGE_TEXT_MAX_LENGTH + 1) })).toBe(false);
    expect(v.is(schema, { roomId: 'r', text: 'hi' })).toBe(false);
  });

  it('message:changes needs a non-negative afterChangeSeq and bounds the limit', () => {
    const schema = requests['message:changes'].payload;
    expect(v.parse(schema, { roomId: 'r', afterChangeSeq: 0 })).toEqual({ roomId: 'r', afterChangeSeq: 0, limit: 50 });
    expect(v.is(schema, { roomId: 'r', afterChangeSeq: -1 })).toBe(false);
    expect(v.is(schema, { roomId: 'r' })).toBe(false);
    expect(v.is(schema, { roomId: 'r', afterChangeSeq: 0, limit: 1000 })).toBe(false);
  });

  it('message:recall and message:delete need the room and the message', () => {
    for (const event of ['message:recall', 'message:delete'] as const) {
      expect(v.is(requests[event].payload, { roomId: 'r', messageId: 'm' })).toBe(true);
      expect(v.is(requests[event].payload, { roomId: 'r', messageId: '' })).toBe(false);
    }
  });
});
