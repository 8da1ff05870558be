import type { Message } from '@tandem/protocol';
import { call, emitRaw, errorCode, nextEvent, request, roomWith, startServer } from './helpers';
import type { TestServer } from './helpers';
import { post } from './http-helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => server.disconnectClients());
afterAll(() => server.close());

const HIGH = '\ud83d';
const LOW = '\ude00';
/** Lone surrogates at the start, in the middle and at the end, high and low, and a long run of them. */
const ILL_FORMED = [
  `${HIGH}abc`,
  `${LOW}abc`,
  `ab${HIGH}c`,
  `ab${LOW}c`,
  `abc${HIGH}`,
  `abc${LOW}`,
  `${LOW}${HIGH}`,
  HIGH.repeat(4000),
  LOW.repeat(4000),
];

/** Well-formed text a byte-level or normalising store could change: each must come back unchanged. */
const EXACT = [
  'emoji 😀👩‍👩‍👧 and a supplementary-plane ideograph 𠀀',
  'a NUL \u0000 in the middle',
  '\u200fright-to-left mark and override \u202e at both ends\u200f',
  'combining marks: e\u0301 a\u0308 (not composed) and Zalgo h\u0337\u0328\u0310e',
  '𠀀'.repeat(2000),
];

describe('text that is not well-formed Unicode', () => {
  it.each(ILL_FORMED.map((text, index) => [index, text]))(
    'refuses message:send with INVALID_PAYLOAD and stores nothing (case %i)',
    async (_index, text) => {
      const ann = await server.client('Ann');
      const roomId = await roomWith(ann);
      expect(errorCode(await emitRaw(ann, 'message:send', { roomId, clientId: 'c1', text }))).toBe('INVALID_PAYLOAD');
      expect((await call(ann, 'message:history', { roomId })).messages).toEqual([]);
    },
  );

  it('refuses a room name, a clientId and a room id with a lone surrogate', async () => {
    const ann = await server.client('Ann');
    const roomId = await roomWith(ann);
    for (const name of ILL_FORMED) {
      expect(errorCode(await emitRaw(ann, 'room:create', { name: name.slice(0, 60) }))).toBe('INVALID_PAYLOAD');
    }
    expect(errorCode(await request(ann, 'message:send', { roomId, clientId: `c${HIGH}`, text: 'hi' }))).toBe(
      'INVALID_PAYLOAD',
    );
    expect(errorCode(await request(ann, 'room:join', { roomId: `${roomId}${LOW}` }))).toBe('INVALID_PAYLOAD');
    const joined = (await call(ann, 'room:list', {})).rooms.filter((room) => room.joined);
    expect(joined.map((room) => room.id)).toEqual([roomId]);
  });

  it('refuses a nickname with a lone surrogate at sign-in with 400 INVALID_PAYLOAD', async () => {
    for (const nickname of ILL_FORMED) {
      const response = await post(`${server.url}/api/session`, { nickname: nickname.slice(0, 30) });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'INVALID_PAYLOAD' } });
    }
  });
});

describe('well-formed text', () => {
  it.each(EXACT.map((text, index) => [index, text]))(
    'comes back exactly in the ack, the broadcast, the history, the join page and a resend (case %i)',
    async (_index, text) => {
      const ann = await server.client('Ann');
      const bob = await server.client('Bob');
      const roomId = await roomWith(ann, [bob]);
      const broadcast = nextEvent(bob, 'message:created');
      const { message } = await call(ann, 'message:send', { roomId, clientId: 'exact', text });
      const texts = (messages: Message[]) => messages.map((stored) => stored.text);

      expect(message.text).toBe(text);
      expect((await broadcast).text).toBe(text);
      expect(texts((await call(bob, 'message:history', { roomId })).messages)).toEqual([text]);
      expect(texts((await call(bob, 'room:join', { roomId })).messages)).toEqual([text]);
      expect(texts((await call(bob, 'room:join', { roomId, afterSeq: 0 })).messages)).toEqual([text]);
      const resent = await call(ann, 'message:send', { roomId, clientId: 'exact', text });
      expect(resent.message).toEqual(message);
    },
  );

  it('keeps a room name and a nickname exactly', async () => {
    const nickname = '😀\u200fe\u0301\u0000𠀀';
    const ann = await server.client(nickname);
    expect(ann.session.user.nickname).toBe(nickname);
    const name = '\u202e𠀀 room e\u0301\u0000';
    const { room } = await call(ann, 'room:create', { name });
    expect(room.name).toBe(name);
    const joined = await call(ann, 'room:join', { roomId: room.id });
    expect(joined.room.name).toBe(name);
    expect(joined.members).toEqual([{ id: ann.session.user.id, nickname }]);
  });
});
