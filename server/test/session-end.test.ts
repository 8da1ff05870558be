import type { SessionEnded } from '@tandem/protocol';
import { call, nextEvent, startServer, withTimeout } from './helpers';
import type { ClientSocket, TestServer } from './helpers';
import { bearer, post } from './http-helpers';

let server: TestServer;
afterEach(() => server.close());

/** Everything the socket heard, in order, until it was disconnected, and why it was. */
function untilDisconnect(socket: ClientSocket): Promise<{ heard: SessionEnded[]; reason: string }> {
  const heard: SessionEnded[] = [];
  socket.on('session:ended', (event) => heard.push(event));
  const done = new Promise<{ heard: SessionEnded[]; reason: string }>((resolve) => {
    socket.once('disconnect', (reason) => resolve({ heard, reason }));
  });
  return withTimeout(done, 'socket was not disconnected', 10_000);
}

describe('a socket whose token expires', () => {
  it('is sent session:ended token_expired, then disconnected by the server', async () => {
    // Tokens carry whole seconds: this one expires 1 to 2 s after it is issued.
    server = await startServer({ tokenTtlMs: 2000 });
    const ann = await server.client('Ann');
    const ended = untilDisconnect(ann);
    expect(await ended).toEqual({ heard: [{ reason: 'token_expired' }], reason: 'io server disconnect' });
  });

  it('is ended on the server clock, and a socket with a later token is not', async () => {
    let clockOffsetMs = 0;
    server = await startServer({ now: () => Date.now() + clockOffsetMs, tokenTtlMs: 60 * 60 * 1000 });
    const early = await server.signIn('Ann');
    clockOffsetMs = 60 * 60 * 1000 - 1500;
    const late = await server.signIn('Bob');
    const ann = await server.connect(early.token);
    const bob = await server.connect(late.token);
    const annEnded = untilDisconnect(ann);
    expect((await annEnded).heard).toEqual([{ reason: 'token_expired' }]);
    expect(bob.connected).toBe(true);
    expect(await call(bob, 'room:list', {})).toBeDefined();
  });

  it('is forgotten when the socket disconnects first', async () => {
    const logLines: string[] = [];
    server = await startServer({ tokenTtlMs: 2000, logLines });
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const bobEnded = untilDisconnect(bob);
    ann.disconnect();
    // Bob's token expires no earlier than Ann's: had Ann's timer survived, it would have fired by now.
    await bobEnded;
    const ended = logLines.filter((line) => line.includes('token expired'));
    expect(ended).toHaveLength(1);
    expect(ended[0]).toContain(bob.session.user.id);
  });
});

describe('signing out everywhere', () => {
  it('sends every socket of the user session:ended signed_out before disconnecting it, and no one else', async () => {
    server = await startServer();
    const ann = await server.client('Ann');
    const annTablet = await server.connect(ann.session.token);
    const bob = await server.client('Bob');
    const bobHeard = nextEvent(bob, 'session:ended', () => true, 1000).catch(() => 'nothing');
    const endings = Promise.all([untilDisconnect(ann), untilDisconnect(annTablet)]);
    expect((await post(`${server.url}/api/session/signout-all`, undefined, bearer(ann.session.token))).status).toBe(
      200,
    );
    const expected = { heard: [{ reason: 'signed_out' }], reason: 'io server disconnect' };
    expect(await endings).toEqual([expected, expected]);
    expect(await bobHeard).toBe('nothing');
    expect(bob.connected).toBe(true);
  });
});
