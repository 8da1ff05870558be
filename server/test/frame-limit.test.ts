import { call, collect, roomWith, settle, startServer, withTimeout } from './helpers';
import type { TestServer } from './helpers';

/** Well under the protocol default (64 KB), so a frame between the two shows the configured value is the one used. */
const MAX_FRAME_BYTES = 4096;

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ limits: { maxFrameBytes: MAX_FRAME_BYTES } });
});
afterAll(() => server.close());

const postSession = (nickname: string) =>
  fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nickname }),
  });

describe('a configured MAX_FRAME_BYTES', () => {
  it('closes only the connection that sends a larger frame, over websocket and long-polling', async () => {
    const ann = await server.client('Ann');
    const bob = await server.client('Bob');
    const roomId = await roomWith(ann, [bob]);
    const heard = collect(bob, 'message:created');
    const underLimit = 'x'.repeat(MAX_FRAME_BYTES - 200);
    await call(ann, 'message:send', { roomId, clientId: 'fits', text: underLimit });

    for (const transport of ['websocket', 'polling'] as const) {
      const offender = await server.client('Mallory', { transports: [transport] });
      await call(offender, 'room:join', { roomId });
      const disconnected = new Promise((resolve) => offender.once('disconnect', resolve));
      const text = 'x'.repeat(MAX_FRAME_BYTES + 1);
      offender.emit('message:send', { roomId, clientId: 'too-big', text }, () => undefined);
      await withTimeout(disconnected, `the ${transport} frame over the configured limit did not close the connection`);
    }

    expect(ann.connected && bob.connected).toBe(true);
    await call(ann, 'message:send', { roomId, clientId: 'after', text: 'still chatting' });
    await settle(bob);
    expect(heard.map((message) => message.clientId)).toEqual(['fits', 'after']);
  });

  it('answers 413 PAYLOAD_TOO_LARGE to an HTTP body over it', async () => {
    const tooLarge = await postSession('x'.repeat(MAX_FRAME_BYTES));
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    // Under it the body is read, and the nickname is refused for its length instead.
    expect((await postSession('x'.repeat(MAX_FRAME_BYTES - 100))).status).toBe(400);
  });
});
