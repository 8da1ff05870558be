import { call, errorCode, request, startServer } from './helpers';
import type { ClientSocket, TestServer } from './helpers';

/** `message:search`: the user's rooms only, newest first, paged by an opaque cursor, with highlight ranges. */

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(() => server.close());

let sent = 0;
const say = (socket: ClientSocket, roomId: string, text: string) =>
  call(socket, 'message:send', { roomId, clientId: `c${++sent}`, text });

describe('message:search', () => {
  it('finds Chinese and English words in the user’s rooms, newest first, with their room and highlights', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const { room } = await call(ann, 'room:create', { name: '大厅' });
    await call(bob, 'room:join', { roomId: room.id });
    await say(ann, room.id, '你好 world');
    await say(bob, room.id, 'Hello 你好, hello!');
    const { room: elsewhere } = await call(bob, 'room:create', { name: 'Elsewhere' });
    await say(bob, elsewhere.id, '你好 from a room Ann is not in');

    const found = await call(ann, 'message:search', { query: '你好' });
    expect(found.hasMore).toBe(false);
    expect(found.cursor).toBeUndefined();
    expect(found.results.map((result) => [result.message.text, result.message.sender.nickname])).toEqual([
      ['Hello 你好, hello!', 'Bob'],
      ['你好 world', 'Ann'],
    ]);
    expect(found.results[0]?.room).toEqual({ id: room.id, name: '大厅' });
    expect(found.results[0]?.highlights).toEqual([[6, 8]]);

    const english = await call(ann, 'message:search', { query: 'HELLO 你好', roomId: room.id });
    expect(english.results).toHaveLength(1);
    expect(english.results[0]?.highlights).toEqual([
      [0, 5],
      [6, 8],
      [10, 15],
    ]);
  });

  it('pages with the cursor it answers until no more are left', async () => {
    const ann = await server.client('Ann');
    const { room } = await call(ann, 'room:create', { name: 'Notes' });
    for (let index = 1; index <= 5; index++) await say(ann, room.id, `note ${index}`);
    const seen: string[] = [];
    let page = await call(ann, 'message:search', { query: 'note', limit: 2 });
    seen.push(...page.results.map((result) => result.message.text));
    while (page.hasMore) {
      expect(page.cursor).toEqual(expect.any(String));
      page = await call(ann, 'message:search', { query: 'note', limit: 2, cursor: page.cursor });
      seen.push(...page.results.map((result) => result.message.text));
    }
    expect(seen).toEqual(['note 5', 'note 4', 'note 3', 'note 2', 'note 1']);
  });

  it('refuses a room the user left or never joined, and an unknown room', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const { room } = await call(bob, 'room:create', { name: 'Was mine' });
    await call(ann, 'room:join', { roomId: room.id });
    await say(bob, room.id, 'remember this');
    expect((await call(ann, 'message:search', { query: 'remember' })).results).toHaveLength(1);
    await call(ann, 'room:leave', { roomId: room.id });

    expect(errorCode(await request(ann, 'message:search', { query: 'remember', roomId: room.id }))).toBe('FORBIDDEN');
    expect((await call(ann, 'message:search', { query: 'remember' })).results).toEqual([]);
    const unknown = await request(ann, 'message:search', { query: 'remember', roomId: 'no-such-room' });
    expect(errorCode(unknown)).toBe('NOT_FOUND');
    const forged = await request(ann, 'message:search', { query: 'remember', cursor: 'e30' });
    expect(errorCode(forged)).toBe('INVALID_PAYLOAD');
  });
});
