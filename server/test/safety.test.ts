import { call, errorCode, nextEvent, request, roomWith, settle, collect, startServer } from './helpers';
import type { TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe('blocks', () => {
  it('keeps the block list with the account and tells the user’s other devices', async () => {
    const ann = await server.client('Ann');
    const annPhone = await server.connect(ann.session.token);
    const bob = await server.client('Bob');
    const heard = nextEvent(annPhone, 'blocks:updated');
    const annHeard = collect(ann, 'blocks:updated');
    const { users } = await call(ann, 'user:block', { userId: bob.session.user.id });
    expect(users).toEqual([{ id: bob.session.user.id, nickname: 'Bob' }]);
    expect((await heard).users).toEqual(users);
    expect((await call(annPhone, 'user:blocks', {})).users).toEqual(users);
    // Blocking twice changes nothing and tells no one.
    const phoneHeard = collect(annPhone, 'blocks:updated');
    await call(ann, 'user:block', { userId: bob.session.user.id });
    await settle(ann, annPhone);
    expect(phoneHeard).toEqual([]);
    expect(annHeard).toEqual([]);
    const unblocked = nextEvent(annPhone, 'blocks:updated');
    expect((await call(ann, 'user:unblock', { userId: bob.session.user.id })).users).toEqual([]);
    expect((await unblocked).users).toEqual([]);
  });

  it('refuses blocking oneself or an unknown user', async () => {
    const ann = await server.client('Ann');
    expect(errorCode(await request(ann, 'user:block', { userId: ann.session.user.id }))).toBe('INVALID_PAYLOAD');
    expect(errorCode(await request(ann, 'user:block', { userId: 'no-such-user' }))).toBe('NOT_FOUND');
  });

  it('refuses direct messages between two people when either blocked the other, both ways', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const { room } = await call(ann, 'dm:open', { userId: bob.session.user.id });
    await call(bob, 'message:send', { roomId: room.id, clientId: 'before', text: 'hello' });
    await call(bob, 'user:block', { userId: ann.session.user.id });
    expect(errorCode(await request(ann, 'dm:open', { userId: bob.session.user.id }))).toBe('FORBIDDEN');
    expect(errorCode(await request(bob, 'dm:open', { userId: ann.session.user.id }))).toBe('FORBIDDEN');
    const send = { roomId: room.id, text: 'still there?' };
    expect(errorCode(await request(ann, 'message:send', { ...send, clientId: 'a1' }))).toBe('FORBIDDEN');
    expect(errorCode(await request(bob, 'message:send', { ...send, clientId: 'b1' }))).toBe('FORBIDDEN');
    // A group room they share is not affected: hiding there is the client's job.
    const roomId = await roomWith(ann, [bob]);
    await call(ann, 'message:send', { roomId, clientId: 'a2', text: 'in the group' });
    await call(bob, 'user:unblock', { userId: ann.session.user.id });
    await call(ann, 'message:send', { ...send, clientId: 'a3' });
    const { messages } = await call(bob, 'message:history', { roomId: room.id });
    expect(messages.map((message) => message.text)).toEqual(['hello', 'still there?']);
  });
});

describe('reports', () => {
  it('stores a member’s report with a snapshot of the message, the reporter and the time', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [bob]);
    const { message } = await call(ann, 'message:send', { roomId, clientId: 'r1', text: 'rude words' });
    const { reportId } = await call(bob, 'message:report', { roomId, messageId: message.id, reason: ' rude ' });
    const stored = (await server.store.listReports()).find((report) => report.id === reportId);
    expect(stored).toMatchObject({
      roomId,
      messageId: message.id,
      seq: message.seq,
      senderId: ann.session.user.id,
      text: 'rude words',
      reporterId: bob.session.user.id,
      reason: 'rude',
    });
    expect(typeof stored?.createdAt).toBe('number');
  });

  it('refuses a report from a non-member and of a message not in the room', async () => {
    const ann = await server.client('Ann');
    const cid = await server.client('Cid');
    const roomId = await roomWith(ann);
    const otherRoom = await roomWith(ann);
    const { message } = await call(ann, 'message:send', { roomId, clientId: 'r2', text: 'fine words' });
    expect(errorCode(await request(cid, 'message:report', { roomId, messageId: message.id }))).toBe('FORBIDDEN');
    expect(errorCode(await request(ann, 'message:report', { roomId: otherRoom, messageId: message.id }))).toBe(
      'NOT_FOUND',
    );
    expect(errorCode(await request(ann, 'message:report', { roomId: 'no-such-room', messageId: message.id }))).toBe(
      'NOT_FOUND',
    );
  });
});
