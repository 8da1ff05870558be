import fc from 'fast-check';
import * as v from 'valibot';
import {
  MAX_FRAME_BYTES,
  MESSAGE_TEXT_MAX_LENGTH,
  SEARCH_MAX_LIMIT,
  SEARCH_QUERY_MAX_LENGTH,
  ackSchema,
  requests,
} from '@tandem/protocol';
import type { RequestEvent } from '@tandem/protocol';
import { call, collect, emitRaw, errorCode, roomWith, settle, startServer, withTimeout } from './helpers';
import type { ClientSocket, TestServer } from './helpers';

let server: TestServer;
let socket: ClientSocket;
let roomId: string;
beforeAll(async () => {
  server = await startServer();
  socket = await server.client('Ann');
  roomId = await roomWith(socket);
  await call(socket, 'message:send', { roomId, clientId: 'kept', text: 'the only message' });
});
afterAll(() => server.close());

/** The connection is still the same and still serves a valid request. */
async function expectStillUsable(): Promise<void> {
  expect(socket.connected).toBe(true);
  const { messages } = await call(socket, 'message:history', { roomId });
  expect(messages.map((message) => message.text)).toEqual(['the only message']);
}

const ID = 'r'.repeat(64);
const long = (length: number) => 'x'.repeat(length);

const BAD_PAYLOADS: [RequestEvent, string, unknown][] = [
  ['room:list', 'null', null],
  ['room:list', 'a string', 'rooms'],
  ['room:create', 'no payload', undefined],
  ['room:create', 'null', null],
  ['room:create', 'a string', 'General'],
  ['room:create', 'an array', ['General']],
  ['room:create', 'no name', {}],
  ['room:create', 'an empty name', { name: '' }],
  ['room:create', 'a blank name', { name: '   ' }],
  ['room:create', 'a name that is too long', { name: long(65) }],
  ['room:create', 'a name that is a number', { name: 42 }],
  ['room:create', 'an unknown visibility', { name: 'x', visibility: 'secret' }],
  ['room:join', 'no payload', undefined],
  ['room:join', 'no roomId', {}],
  ['room:join', 'an empty roomId', { roomId: '' }],
  ['room:join', 'a roomId that is too long', { roomId: `${ID}r` }],
  ['room:join', 'a numeric roomId', { roomId: 7 }],
  ['room:join', 'a negative afterSeq', { roomId: ID, afterSeq: -1 }],
  ['room:join', 'a fractional afterSeq', { roomId: ID, afterSeq: 1.5 }],
  ['room:join', 'a string afterSeq', { roomId: ID, afterSeq: '3' }],
  ['room:join', 'an unsafe afterSeq', { roomId: ID, afterSeq: 2 ** 60 }],
  ['room:join', 'a null afterSeq', { roomId: ID, afterSeq: null }],
  ['room:join', 'an empty invite code', { roomId: ID, inviteCode: '' }],
  ['room:join', 'an invite code that is too long', { roomId: ID, inviteCode: long(65) }],
  ['room:leave', 'no roomId', {}],
  ['room:leave', 'a null roomId', { roomId: null }],
  ['room:invite', 'no roomId', {}],
  ['room:invite', 'an array roomId', { roomId: ['a'] }],
  ['message:send', 'no payload', undefined],
  ['message:send', 'no clientId', { roomId: ID, text: 'hi' }],
  ['message:send', 'no text', { roomId: ID, clientId: 'c' }],
  ['message:send', 'an empty text', { roomId: ID, clientId: 'c', text: '' }],
  ['message:send', 'a blank text', { roomId: ID, clientId: 'c', text: ' \n\t ' }],
  ['message:send', 'a text that is too long', { roomId: ID, clientId: 'c', text: long(MESSAGE_TEXT_MAX_LENGTH + 1) }],
  ['message:send', 'a huge text within the frame limit', { roomId: ID, clientId: 'c', text: long(60_000) }],
  ['message:send', 'a numeric text', { roomId: ID, clientId: 'c', text: 5 }],
  ['message:send', 'an empty clientId', { roomId: ID, clientId: '', text: 'hi' }],
  ['message:send', 'a clientId that is too long', { roomId: ID, clientId: long(65), text: 'hi' }],
  ['message:send', 'an object roomId', { roomId: { id: 'x' }, clientId: 'c', text: 'hi' }],
  ['message:send', 'an empty replyTo', { roomId: ID, clientId: 'c', text: 'hi', replyTo: '' }],
  ['message:send', 'a numeric replyTo', { roomId: ID, clientId: 'c', text: 'hi', replyTo: 7 }],
  ['message:send', 'a replyTo that is too long', { roomId: ID, clientId: 'c', text: 'hi', replyTo: long(65) }],
  ['message:send', 'mentions that are a string', { roomId: ID, clientId: 'c', text: 'hi', mentions: 'u1' }],
  ['message:send', 'an empty mentioned id', { roomId: ID, clientId: 'c', text: 'hi', mentions: [''] }],
  ['message:send', 'a numeric mentioned id', { roomId: ID, clientId: 'c', text: 'hi', mentions: [1] }],
  ['message:send', 'too many mentions', { roomId: ID, clientId: 'c', text: 'hi', mentions: Array(51).fill('u') }],
  ['message:send', 'an empty mediaId', { roomId: ID, clientId: 'c', mediaId: '' }],
  ['message:send', 'a numeric mediaId', { roomId: ID, clientId: 'c', mediaId: 5 }],
  ['message:send', 'a mediaId that is too long', { roomId: ID, clientId: 'c', mediaId: long(65) }],
  ['message:send', 'a blank text and no mediaId', { roomId: ID, clientId: 'c', text: '  ', mediaId: undefined }],
  ['message:history', 'no roomId', {}],
  ['message:history', 'a negative beforeSeq', { roomId: ID, beforeSeq: -1 }],
  ['message:history', 'a string afterSeq', { roomId: ID, afterSeq: 'x' }],
  ['message:history', 'a zero limit', { roomId: ID, limit: 0 }],
  ['message:history', 'a limit over the maximum', { roomId: ID, limit: 101 }],
  ['message:history', 'a fractional limit', { roomId: ID, limit: 1.5 }],
  ['message:edit', 'no payload', undefined],
  ['message:edit', 'no messageId', { roomId: ID, text: 'hi' }],
  ['message:edit', 'no text', { roomId: ID, messageId: ID }],
  ['message:edit', 'a blank text', { roomId: ID, messageId: ID, text: ' \n ' }],
  ['message:edit', 'a text that is too long', { roomId: ID, messageId: ID, text: long(MESSAGE_TEXT_MAX_LENGTH + 1) }],
  ['message:edit', 'a lone surrogate in the text', { roomId: ID, messageId: ID, text: 'a\ud800' }],
  ['message:edit', 'a numeric messageId', { roomId: ID, messageId: 5, text: 'hi' }],
  ['message:recall', 'no payload', undefined],
  ['message:recall', 'no messageId', { roomId: ID }],
  ['message:recall', 'an empty messageId', { roomId: ID, messageId: '' }],
  ['message:recall', 'a messageId that is too long', { roomId: ID, messageId: `${ID}m` }],
  ['message:delete', 'no payload', undefined],
  ['message:delete', 'no roomId', { messageId: ID }],
  ['message:delete', 'an array messageId', { roomId: ID, messageId: [ID] }],
  ['message:changes', 'no payload', undefined],
  ['message:changes', 'no afterChangeSeq', { roomId: ID }],
  ['message:changes', 'a negative afterChangeSeq', { roomId: ID, afterChangeSeq: -1 }],
  ['message:changes', 'a fractional afterChangeSeq', { roomId: ID, afterChangeSeq: 0.5 }],
  ['message:changes', 'a limit over the maximum', { roomId: ID, afterChangeSeq: 0, limit: 101 }],
  ['typing:update', 'no payload', undefined],
  ['typing:update', 'no typing flag', { roomId: ID }],
  ['typing:update', 'a string typing flag', { roomId: ID, typing: 'yes' }],
  ['read:mark', 'no payload', undefined],
  ['read:mark', 'no seq', { roomId: ID }],
  ['read:mark', 'no roomId', { seq: 1 }],
  ['read:mark', 'a negative seq', { roomId: ID, seq: -1 }],
  ['read:mark', 'a fractional seq', { roomId: ID, seq: 1.5 }],
  ['read:mark', 'a string seq', { roomId: ID, seq: '2' }],
  ['read:mark', 'an unsafe seq', { roomId: ID, seq: 2 ** 60 }],
  ['read:receipts', 'no payload', undefined],
  ['read:receipts', 'no roomId', {}],
  ['read:receipts', 'an empty roomId', { roomId: '' }],
  ['read:receipts', 'a numeric roomId', { roomId: 7 }],
  ['dm:open', 'no payload', undefined],
  ['dm:open', 'no userId', {}],
  ['dm:open', 'an empty userId', { userId: '' }],
  ['dm:open', 'a numeric userId', { userId: 7 }],
  ['dm:open', 'both userId and username', { userId: ID, username: 'ann_1' }],
  ['dm:open', 'an empty username', { username: '  ' }],
  ['room:rename', 'no payload', undefined],
  ['room:rename', 'no name', { roomId: ID }],
  ['room:rename', 'a blank name', { roomId: ID, name: '   ' }],
  ['room:rename', 'a name that is too long', { roomId: ID, name: long(65) }],
  ['room:rename', 'no roomId', { name: 'Hall' }],
  ['room:kick', 'no userId', { roomId: ID }],
  ['room:kick', 'an empty userId', { roomId: ID, userId: '' }],
  ['room:ban', 'no roomId', { userId: ID }],
  ['room:ban', 'a numeric userId', { roomId: ID, userId: 7 }],
  ['room:unban', 'no payload', undefined],
  ['room:unban', 'a userId that is too long', { roomId: ID, userId: long(200) }],
  ['room:transfer', 'an array', [ID, ID]],
  ['room:transfer', 'no userId', { roomId: ID }],
  ['user:block', 'no payload', undefined],
  ['user:block', 'no userId', {}],
  ['user:block', 'an empty userId', { userId: '' }],
  ['user:unblock', 'a numeric userId', { userId: 7 }],
  ['user:blocks', 'a string', 'blocks'],
  ['message:report', 'no payload', undefined],
  ['message:report', 'no messageId', { roomId: ID }],
  ['message:report', 'a numeric messageId', { roomId: ID, messageId: 1 }],
  ['message:report', 'a blank reason', { roomId: ID, messageId: ID, reason: '  ' }],
  ['message:report', 'a reason that is too long', { roomId: ID, messageId: ID, reason: long(501) }],
  ['message:search', 'no payload', undefined],
  ['message:search', 'no query', { roomId: ID }],
  ['message:search', 'a blank query', { query: ' \n ' }],
  ['message:search', 'a query that is too long', { query: long(SEARCH_QUERY_MAX_LENGTH + 1) }],
  ['message:search', 'a query of too many words', { query: 'a b c d e f g h i' }],
  ['message:search', 'a numeric query', { query: 42 }],
  ['message:search', 'a zero limit', { query: 'hi', limit: 0 }],
  ['message:search', 'a limit over the maximum', { query: 'hi', limit: SEARCH_MAX_LIMIT + 1 }],
  ['message:search', 'an empty roomId', { query: 'hi', roomId: '' }],
  ['message:search', 'an empty cursor', { query: 'hi', cursor: '' }],
  ['message:search', 'a cursor the server did not issue', { query: 'hi', cursor: 'not-a-cursor' }],
  ['message:search', 'a forged cursor', { query: 'hi', cursor: Buffer.from('[1,"r",0]').toString('base64url') }],
  ['media:url', 'no payload', undefined],
  ['media:url', 'no mediaId', { roomId: ID }],
  ['media:url', 'no roomId', { mediaId: 'm' }],
  ['media:url', 'an empty mediaId', { roomId: ID, mediaId: '' }],
  ['media:url', 'an array mediaId', { roomId: ID, mediaId: ['m'] }],
];

describe('bad payloads', () => {
  it.each(BAD_PAYLOADS)(
    '%s with %s gets INVALID_PAYLOAD and the connection stays usable',
    async (event, _, payload) => {
      const args = payload === undefined ? [] : [payload];
      const ack = await emitRaw(socket, event, ...args);
      expect(v.is(ackSchema(requests[event].result), ack)).toBe(true);
      expect(errorCode(ack)).toBe('INVALID_PAYLOAD');
      await expectStillUsable();
    },
  );

  it('answers any JSON value with a well-formed ack and never disconnects', async () => {
    const events = Object.keys(requests) as RequestEvent[];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...events), fc.jsonValue({ maxDepth: 3 }), async (event, payload) => {
        const ack = await emitRaw(socket, event, payload);
        expect(v.is(ackSchema(requests[event].result), ack)).toBe(true);
        expect(socket.connected).toBe(true);
      }),
      { numRuns: 200 },
    );
    await expectStillUsable();
  });
});

describe('requests without an ack', () => {
  it('drops them without effect', async () => {
    const drop = socket.emit.bind(socket) as unknown as (event: string, ...args: unknown[]) => void;
    drop('message:send', { roomId, clientId: 'no-ack', text: 'dropped' });
    drop('room:create', { name: 'dropped' });
    drop('message:send', 'garbage');
    await settle(socket);
    await expectStillUsable();
    const { rooms } = await call(socket, 'room:list', {});
    expect(rooms.map((room) => room.name)).not.toContain('dropped');
  });
});

describe('odd calls', () => {
  it('treats an ack passed as the only argument as a request without payload', async () => {
    expect(errorCode(await emitRaw(socket, 'room:list'))).toBe('ok');
    expect(errorCode(await emitRaw(socket, 'room:create'))).toBe('INVALID_PAYLOAD');
    await expectStillUsable();
  });

  it('ignores extra arguments after the payload', async () => {
    expect(errorCode(await emitRaw(socket, 'message:history', { roomId }, 'extra', 42))).toBe('ok');
  });

  it('answers an unknown event that has an ack with INVALID_PAYLOAD', async () => {
    const ack = await emitRaw(socket, 'room:destroy', { roomId });
    expect(ack).toEqual({ ok: false, error: { code: 'INVALID_PAYLOAD', message: 'unknown event: room:destroy' } });
    (socket.emit as unknown as (event: string) => void)('nothing:here');
    await expectStillUsable();
  });
});

describe('frames over the size limit', () => {
  it('close only the offending connection, over websocket and long-polling; bystanders keep chatting', async () => {
    const bystander = await server.client('Bob');
    const chatRoomId = await roomWith(socket, [bystander]);
    const heard = collect(bystander, 'message:created');
    for (const transport of ['websocket', 'polling'] as const) {
      const offender = await server.client('Mallory', { transports: [transport] });
      await call(offender, 'room:join', { roomId: chatRoomId });
      const disconnected = new Promise((resolve) => offender.once('disconnect', resolve));
      const text = long(MAX_FRAME_BYTES + 1);
      offender.emit('message:send', { roomId: chatRoomId, clientId: 'big', text }, () => undefined);
      await withTimeout(disconnected, `the oversized ${transport} frame did not close the connection`);
    }
    expect(bystander.connected).toBe(true);
    const sent = { roomId: chatRoomId, clientId: 'after-big', text: 'still chatting' };
    const { message } = await call(socket, 'message:send', sent);
    await settle(bystander);
    expect(heard.map((created) => created.id)).toEqual([message.id]);
    expect((await call(bystander, 'message:history', { roomId: chatRoomId })).messages).toEqual([message]);
    await expectStillUsable();
  });
});
