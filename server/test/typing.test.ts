import { call, collect, errorCode, emitRaw, nextEvent, request, roomWith, settle, startServer } from './helpers';
import type { TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => server.disconnectClients());
afterAll(() => server.close());

describe('typing:update', () => {
  it('relays typing:updated to the other members and the user’s other devices, not back to the sender', async () => {
    const ann = await server.client('Ann');
    const annTablet = await server.connect(ann.session.token);
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [bob]);
    const annHeard = collect(ann, 'typing:updated');
    const bobHeard = nextEvent(bob, 'typing:updated');
    const tabletHeard = nextEvent(annTablet, 'typing:updated');

    expect(await call(ann, 'typing:update', { roomId, typing: true })).toEqual({});
    const expected = { roomId, user: ann.session.user, typing: true };
    expect(await bobHeard).toEqual(expected);
    expect(await tabletHeard).toEqual(expected);
    await settle(ann);
    expect(annHeard).toEqual([]);
  });

  it('works without an ack', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [bob]);
    const heard = nextEvent(bob, 'typing:updated');
    ann.emit('typing:update', { roomId, typing: false });
    expect(await heard).toEqual({ roomId, user: ann.session.user, typing: false });
  });

  it('is FORBIDDEN for a non-member, whose update reaches nobody', async () => {
    const ann = await server.client('Ann');
    const mallory = await server.client('Mallory');
    const roomId = await roomWith(ann);
    const annHeard = collect(ann, 'typing:updated');
    expect(errorCode(await request(mallory, 'typing:update', { roomId, typing: true }))).toBe('FORBIDDEN');
    mallory.emit('typing:update', { roomId, typing: true });
    await settle(mallory, ann);
    expect(annHeard).toEqual([]);
  });

  it('answers NOT_FOUND for an unknown room and INVALID_PAYLOAD for a bad payload', async () => {
    const ann = await server.client('Ann');
    expect(errorCode(await request(ann, 'typing:update', { roomId: 'no-such-room', typing: true }))).toBe('NOT_FOUND');
    expect(errorCode(await emitRaw(ann, 'typing:update', { roomId: 'x', typing: 'yes' }))).toBe('INVALID_PAYLOAD');
  });
});
