import * as v from 'valibot';
import {
  ClientConfigSchema,
  PROTOCOL_VERSION,
  SignOutAllResponseSchema,
  WechatSessionRequestSchema,
  ERROR_CODES,
  ErrorCodeSchema,
  HISTORY_DEFAULT_LIMIT,
  HISTORY_MAX_LIMIT,
  HttpErrorSchema,
  MESSAGE_TEXT_MAX_LENGTH,
  MessageHistoryRequestSchema,
  MessageSchema,
  MessageSendRequestSchema,
  NICKNAME_MAX_LENGTH,
  ROOM_NAME_MAX_LENGTH,
  RoomCreateRequestSchema,
  RoomJoinRequestSchema,
  RoomListRequestSchema,
  SessionRequestSchema,
  TypingUpdateRequestSchema,
  ackSchema,
  requests,
  serverEvents,
  trimmedText,
} from '../src';

const parses = (schema: v.GenericSchema, input: unknown) => v.safeParse(schema, input).success;

describe('trimmedText', () => {
  const schema = trimmedText(5);

  it('keeps the trimmed value', () => {
    expect(v.parse(schema, '  abc \n')).toBe('abc');
  });

  it('measures the length after trimming', () => {
    expect(v.parse(schema, '   12345   ')).toBe('12345');
    expect(parses(schema, '123456')).toBe(false);
  });

  it('rejects empty and blank strings and non-strings', () => {
    for (const input of ['', '   ', '\t\n', 5, null, undefined, {}]) expect(parses(schema, input)).toBe(false);
  });

  it('counts UTF-16 code units: a CJK character is one, most emoji are two', () => {
    expect(parses(schema, '你好世界啊')).toBe(true);
    expect(parses(trimmedText(1), '😀')).toBe(false);
    expect(parses(trimmedText(2), '😀')).toBe(true);
  });
});

describe('POST /api/session body', () => {
  it('trims the nickname and enforces its maximum length', () => {
    expect(v.parse(SessionRequestSchema, { nickname: ' Ann ' })).toEqual({ nickname: 'Ann' });
    expect(parses(SessionRequestSchema, { nickname: 'n'.repeat(NICKNAME_MAX_LENGTH) })).toBe(true);
    expect(parses(SessionRequestSchema, { nickname: 'n'.repeat(NICKNAME_MAX_LENGTH + 1) })).toBe(false);
    expect(parses(SessionRequestSchema, {})).toBe(false);
  });
});

describe('POST /api/session/wechat body', () => {
  it('takes a code of 1 to 128 characters and an optional trimmed nickname', () => {
    expect(v.parse(WechatSessionRequestSchema, { code: 'abc' })).toEqual({ code: 'abc' });
    expect(v.parse(WechatSessionRequestSchema, { code: 'abc', nickname: ' Ann ' })).toEqual({
      code: 'abc',
      nickname: 'Ann',
    });
    for (const code of ['', 'c'.repeat(129), 42, null])
      expect(parses(WechatSessionRequestSchema, { code })).toBe(false);
    expect(parses(WechatSessionRequestSchema, { code: 'abc', nickname: '  ' })).toBe(false);
  });
});

describe('other HTTP answers', () => {
  it('GET /api/config carries the WeChat flag and this protocol version only', () => {
    expect(v.parse(ClientConfigSchema, { wechatSignIn: true, protocolVersion: PROTOCOL_VERSION })).toEqual({
      wechatSignIn: true,
      protocolVersion: PROTOCOL_VERSION,
    });
    expect(parses(ClientConfigSchema, { wechatSignIn: 'yes', protocolVersion: PROTOCOL_VERSION })).toBe(false);
    expect(parses(ClientConfigSchema, { wechatSignIn: false, protocolVersion: PROTOCOL_VERSION + 1 })).toBe(false);
  });

  it('POST /api/session/signout-all answers an empty object', () => {
    expect(v.parse(SignOutAllResponseSchema, {})).toEqual({});
    expect(parses(SignOutAllResponseSchema, null)).toBe(false);
  });
});

describe('request payloads', () => {
  it('room:list accepts no payload or an empty object and drops unknown keys', () => {
    expect(v.parse(RoomListRequestSchema, undefined)).toEqual({});
    expect(v.parse(RoomListRequestSchema, { extra: 1 })).toEqual({});
    expect(parses(RoomListRequestSchema, null)).toBe(false);
  });

  it('room:create defaults to a public room and trims the name', () => {
    expect(v.parse(RoomCreateRequestSchema, { name: ' General ' })).toEqual({ name: 'General', visibility: 'public' });
    expect(v.parse(RoomCreateRequestSchema, { name: 'x', visibility: 'private' }).visibility).toBe('private');
    expect(parses(RoomCreateRequestSchema, { name: 'x', visibility: 'hidden' })).toBe(false);
    expect(parses(RoomCreateRequestSchema, { name: 'n'.repeat(ROOM_NAME_MAX_LENGTH + 1) })).toBe(false);
  });

  it('room:join takes an optional non-negative integer afterSeq and an optional invite code', () => {
    expect(v.parse(RoomJoinRequestSchema, { roomId: 'r' })).toEqual({ roomId: 'r' });
    expect(v.parse(RoomJoinRequestSchema, { roomId: 'r', afterSeq: 0, inviteCode: 'c' })).toEqual({
      roomId: 'r',
      afterSeq: 0,
      inviteCode: 'c',
    });
    for (const afterSeq of [-1, 1.5, '1', null, Number.MAX_SAFE_INTEGER + 2]) {
      expect(parses(RoomJoinRequestSchema, { roomId: 'r', afterSeq })).toBe(false);
    }
    expect(parses(RoomJoinRequestSchema, { roomId: '' })).toBe(false);
    expect(parses(RoomJoinRequestSchema, { roomId: 'r', inviteCode: '' })).toBe(false);
  });

  it('message:send trims the text, keeps the clientId as sent and enforces the limits', () => {
    const payload = { roomId: 'r', clientId: ' c ', text: '  hi  ' };
    expect(v.parse(MessageSendRequestSchema, payload)).toEqual({ roomId: 'r', clientId: ' c ', text: 'hi' });
    const text = 'x'.repeat(MESSAGE_TEXT_MAX_LENGTH);
    expect(parses(MessageSendRequestSchema, { ...payload, text })).toBe(true);
    expect(parses(MessageSendRequestSchema, { ...payload, text: `${text}x` })).toBe(false);
    expect(parses(MessageSendRequestSchema, { ...payload, text: '   ' })).toBe(false);
    expect(parses(MessageSendRequestSchema, { ...payload, clientId: '' })).toBe(false);
  });

  it('message:history defaults the limit and bounds it', () => {
    expect(v.parse(MessageHistoryRequestSchema, { roomId: 'r' })).toEqual({
      roomId: 'r',
      limit: HISTORY_DEFAULT_LIMIT,
    });
    expect(parses(MessageHistoryRequestSchema, { roomId: 'r', limit: HISTORY_MAX_LIMIT })).toBe(true);
    for (const limit of [0, HISTORY_MAX_LIMIT + 1, 2.5, '10']) {
      expect(parses(MessageHistoryRequestSchema, { roomId: 'r', limit })).toBe(false);
    }
    expect(parses(MessageHistoryRequestSchema, { roomId: 'r', beforeSeq: 10, afterSeq: 2 })).toBe(true);
  });

  it('typing:update needs a boolean', () => {
    expect(parses(TypingUpdateRequestSchema, { roomId: 'r', typing: true })).toBe(true);
    expect(parses(TypingUpdateRequestSchema, { roomId: 'r', typing: 'true' })).toBe(false);
  });

  it('lists a payload and a result schema for every request event', () => {
    expect(Object.keys(requests).sort()).toEqual([
      'dm:open',
      'media:url',
      'message:changes',
      'message:delete',
      'message:edit',
      'message:history',
      'message:recall',
      'message:report',
      'message:search',
      'message:send',
      'read:mark',
      'read:receipts',
      'room:ban',
      'room:create',
      'room:invite',
      'room:join',
      'room:kick',
      'room:leave',
      'room:list',
      'room:rename',
      'room:transfer',
      'room:unban',
      'typing:update',
      'user:block',
      'user:blocks',
      'user:unblock',
    ]);
  });
});

describe('acks and errors', () => {
  const schema = ackSchema(v.object({ n: v.number() }));

  it('accepts a success and an error with a known code', () => {
    expect(parses(schema, { ok: true, data: { n: 1 } })).toBe(true);
    expect(parses(schema, { ok: false, error: { code: 'NOT_FOUND', message: 'no' } })).toBe(true);
    expect(parses(schema, { ok: false, error: { code: 'RATE_LIMITED', message: 'slow', retryAfterMs: 10 } })).toBe(
      true,
    );
  });

  it('rejects unknown codes, mismatched data and mixed shapes', () => {
    expect(parses(schema, { ok: false, error: { code: 'TEAPOT', message: 'no' } })).toBe(false);
    expect(parses(schema, { ok: true, data: { n: 'one' } })).toBe(false);
    expect(parses(schema, { ok: true, error: { code: 'INTERNAL', message: 'x' } })).toBe(false);
  });

  it('has a closed set of error codes', () => {
    for (const code of ERROR_CODES) expect(parses(ErrorCodeSchema, code)).toBe(true);
    expect(parses(ErrorCodeSchema, 'internal')).toBe(false);
  });

  it('shapes HTTP error bodies', () => {
    expect(parses(HttpErrorSchema, { error: { code: 'INVALID_PAYLOAD', message: 'bad' } })).toBe(true);
    expect(parses(HttpErrorSchema, { code: 'INVALID_PAYLOAD', message: 'bad' })).toBe(false);
  });
});

describe('server events', () => {
  it('validate what the server sends', () => {
    const user = { id: 'u', nickname: 'Ann' };
    const message = { id: 'm', roomId: 'r', seq: 1, clientId: 'c', sender: user, text: 'hi', createdAt: 1 };
    expect(parses(MessageSchema, message)).toBe(true);
    expect(parses(serverEvents['message:created'], { ...message, sender: undefined })).toBe(false);
    expect(parses(serverEvents['member:joined'], { roomId: 'r', user })).toBe(true);
    expect(parses(serverEvents['presence:updated'], { roomId: 'r', online: [user] })).toBe(true);
    expect(parses(serverEvents['typing:updated'], { roomId: 'r', user, typing: 'yes' })).toBe(false);
  });
});
