import { call, errorCode, request, roomWith, startServer } from './helpers';
import type { TestServer } from './helpers';

const INVITE_TTL_MS = 60 * 60 * 1000;
/** The server's clock; tests move it forward to expire invites. */
let clockOffsetMs = 0;
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ now: () => Date.now() + clockOffsetMs, inviteTtlMs: INVITE_TTL_MS });
});
afterEach(() => {
  clockOffsetMs = 0;
  server.disconnectClients();
});
afterAll(() => server.close());

describe('room:invite', () => {
  it('gives a member an unguessable code valid for the configured time', async () => {
    const ann = await server.client('Ann');
    const roomId = await roomWith(ann, [], 'private');
    const before = Date.now();
    const first = await call(ann, 'room:invite', { roomId });
    const second = await call(ann, 'room:invite', { roomId });
    expect(first.code).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(second.code).not.toBe(first.code);
    expect(first.expiresAt).toBeGreaterThanOrEqual(before + INVITE_TTL_MS);
    expect(first.expiresAt).toBeLessThanOrEqual(Date.now() + INVITE_TTL_MS);
  });

  it('answers FORBIDDEN to a non-member', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [], 'private');
    expect(errorCode(await request(bob, 'room:invite', { roomId }))).toBe('FORBIDDEN');
    const publicRoomId = await roomWith(ann);
    expect(errorCode(await request(bob, 'room:invite', { roomId: publicRoomId }))).toBe('FORBIDDEN');
  });

  it('answers NOT_FOUND for an unknown room', async () => {
    const ann = await server.client('Ann');
    expect(errorCode(await request(ann, 'room:invite', { roomId: 'no-such-room' }))).toBe('NOT_FOUND');
  });
});

describe('joining a private room', () => {
  it('is FORBIDDEN without an invite code', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [], 'private');
    expect(errorCode(await request(bob, 'room:join', { roomId }))).toBe('FORBIDDEN');
    await expect(server.store.isMember(roomId, bob.session.user.id)).resolves.toBe(false);
  });

  it('succeeds with a valid code, which stays usable by others until it expires', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const carol = await server.client('Carol');
    const roomId = await roomWith(ann, [], 'private');
    const { code } = await call(ann, 'room:invite', { roomId });
    expect((await call(bob, 'room:join', { roomId, inviteCode: code })).room.memberCount).toBe(2);
    expect((await call(carol, 'room:join', { roomId, inviteCode: code })).room.memberCount).toBe(3);
    const { rooms } = await call(bob, 'room:list', {});
    expect(rooms.map((room) => room.id)).toContain(roomId);
  });

  it('lets a member rejoin without a code', async () => {
    const ann = await server.client('Ann');
    const roomId = await roomWith(ann, [], 'private');
    expect((await call(ann, 'room:join', { roomId })).room.id).toBe(roomId);
  });

  it('is FORBIDDEN with an expired code', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [], 'private');
    const { code, expiresAt } = await call(ann, 'room:invite', { roomId });
    clockOffsetMs = expiresAt - Date.now();
    expect(errorCode(await request(bob, 'room:join', { roomId, inviteCode: code }))).toBe('FORBIDDEN');
    clockOffsetMs = expiresAt - Date.now() - 1000;
    expect(errorCode(await request(bob, 'room:join', { roomId, inviteCode: code }))).toBe('ok');
  });

  it('is FORBIDDEN with a forged code', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [], 'private');
    const { code } = await call(ann, 'room:invite', { roomId });
    const forged = `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`;
    expect(errorCode(await request(bob, 'room:join', { roomId, inviteCode: forged }))).toBe('FORBIDDEN');
  });

  it('is FORBIDDEN with a code of another room', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [], 'private');
    const otherRoomId = await roomWith(ann, [], 'private');
    const { code } = await call(ann, 'room:invite', { roomId: otherRoomId });
    expect(errorCode(await request(bob, 'room:join', { roomId, inviteCode: code }))).toBe('FORBIDDEN');
  });

  it('ignores an invite code for a public room', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann);
    expect(errorCode(await request(bob, 'room:join', { roomId, inviteCode: 'whatever' }))).toBe('ok');
  });
});
